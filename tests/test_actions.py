"""Action codes, offer tables and the strategies' allowed actions (``actions.py``), written out by hand.

The strategies are policies that restrict a player's allowed actions at each decision
(docs/odd.md section 7.2, the schema's descriptions). The tables are built from the enums
when the module is imported; here the builders are called again and the tables compared
with the documented policies, row by row.
"""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_array_equal

from hedgesim.game import actions
from hedgesim.game.actions import (
    Coercion, Courting, EUOffer, KazakhStrategy, Move, Response, choice_names, table)

T, F = True, False


def test_offer_tables_by_code():
    assert_array_equal(table(actions.OFFER_SIZE), [0.0, 0.5, 1.0])             # none, half, full
    assert_array_equal(table(actions.EU_OFFER_SIZE), [0.0, 1.0, 1.0])          # none, relaxed, strict
    assert_array_equal(table(actions.EU_OFFER_STRICT), [0.0, 0.0, 1.0])
    assert_array_equal(table({EUOffer.STRICT: 2.5, EUOffer.NONE: 1.0}), [1.0, 0.0, 2.5])  # by value, not order
    assert_array_equal(actions.CHINA_SIZES, [0.0, 0.5, 1.0])
    assert_array_equal(actions.EU_SIZES, [0.0, 1.0, 1.0])
    assert_array_equal(actions.EU_STRICT, [0.0, 0.0, 1.0])


def test_choice_names_follow_the_codes():
    assert choice_names(Response) == ("accept", "dilute", "decline")
    assert choice_names(KazakhStrategy) == ("free", "hedge", "bandwagon_china", "bandwagon_eu", "lean_russia")
    assert choice_names(Move) == ("hold", "tilt_china", "tilt_eu", "tilt_russia", "rebalance")


def test_joint_answers_and_moves_enumerate_every_pair_china_first():
    assert actions.RESPONSE_PAIRS == [(c, e) for c in range(3) for e in range(3)]
    assert actions.MOVE_EFFORTS == [(m, e) for m in range(5) for e in range(3)]


# Rows: strategies by code; columns: actions by code.
MOVES = [[T, T, T, T, T],      # free
         [F, F, F, F, T],      # hedge: rebalance
         [F, T, F, F, F],      # bandwagon_china: tilt toward China
         [F, F, T, F, F],      # bandwagon_eu: tilt toward the EU
         [F, F, F, T, F]]      # lean_russia: tilt toward Russia
TO_CHINA = [[T, T, T], [T, T, F], [T, F, F], [T, T, T], [T, T, T]]
TO_EU = [[T, T, T], [T, T, F], [T, T, T], [T, F, F], [T, T, T]]
CHINA_OFFERS = [[T, T, T], [F, T, T], [F, T, T], [T, F, F]]   # free, market, coerce, withdraw
CHINA_COERCION = [[T, T], [T, F], [T, T], [T, F]]
EU_OFFERS = [[T, T, T], [F, F, T], [F, T, F], [T, F, F]]      # free, strict, relaxed, withdraw
RUSSIA_COURTING = [[T, T], [T, T], [T, F], [T, F]]            # free, court, pressure, acquiesce
RUSSIA_COERCION = [[T, T], [T, F], [T, T], [T, F]]


def test_the_policy_tables_are_the_documented_policies():
    assert_array_equal(actions.MOVES_ALLOWED, MOVES)
    assert_array_equal(actions.CHINA_RESPONSES_ALLOWED, TO_CHINA)
    assert_array_equal(actions.EU_RESPONSES_ALLOWED, TO_EU)
    assert_array_equal(actions.CHINA_OFFERS_ALLOWED, CHINA_OFFERS)
    assert_array_equal(actions.CHINA_COERCION_ALLOWED, CHINA_COERCION)
    assert_array_equal(actions.EU_OFFERS_ALLOWED, EU_OFFERS)
    assert_array_equal(actions.RUSSIA_COURTING_ALLOWED, RUSSIA_COURTING)
    assert_array_equal(actions.RUSSIA_COERCION_ALLOWED, RUSSIA_COERCION)


def test_a_policy_table_is_built_by_strategy_and_action_code():
    """None allows every action; a tuple only its actions; rows and columns by code, whatever
    the order the policies are listed in."""
    built = actions._mask(Move, {KazakhStrategy.LEAN_RUSSIA: (Move.TILT_RUSSIA,),
                                 KazakhStrategy.HEDGE: (Move.REBALANCE,),
                                 KazakhStrategy.FREE: None,
                                 KazakhStrategy.BANDWAGON_EU: (Move.TILT_EU,),
                                 KazakhStrategy.BANDWAGON_CHINA: (Move.TILT_CHINA,)})
    assert built.dtype == bool
    assert_array_equal(built, MOVES)
    two = actions._mask(Coercion, {Courting.NONE: (Coercion.COERCE,), Courting.COURT: (Coercion.REFRAIN,
                                                                                      Coercion.COERCE)})
    assert_array_equal(two, [[F, T], [T, T]])
    assert_array_equal(actions._mask(Response, {KazakhStrategy.FREE: ()}), np.zeros((1, 3), bool))
