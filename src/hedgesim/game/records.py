"""Frozen records the players decide from: the quarter's state, and each other's choices.

Players never read each other's attributes: the model freezes the state at the
start of a quarter into a ``State``, the stage game turns it into a
``StagePlan`` (every player's quantal response at every node), and each choice
made is passed on as a frozen ``Choices`` record.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hedgesim.game.coercion import Compellence


@dataclass(frozen=True)
class State:
    """The state every player sees at the start of a quarter (arrays over worlds)."""

    worlds: int
    step: int
    alignment: np.ndarray        # (worlds, 3) on the simplex over (China, EU, Russia)
    stock: np.ndarray            # (worlds, 4) completed infrastructure by controller, USD bn
    stock0: np.ndarray           # (worlds, 4) at the start of the run
    projected_stock: np.ndarray  # (worlds, 4) completed plus committed
    strict_stock: np.ndarray     # (worlds,) EU projects built to strict standards, USD bn
    debt: np.ndarray             # (worlds, 2) owed to China and the EU, USD bn
    interest: np.ndarray         # (worlds, 2) interest bill on that debt, USD bn per year
    binding: np.ndarray          # (worlds,) binding engagement, 0-1
    norm: np.ndarray             # (worlds,) adoption of EU standards, 0-1
    flows: np.ndarray            # (worlds, 3) last quarter's route flows, Mt/yr
    route_share: np.ndarray      # (worlds, 3) shippers' route shares
    demand: np.ndarray           # (worlds,) overland demand, Mt/yr
    other_transit: np.ndarray    # (worlds,) other transit through Kazakhstan, Mt/yr
    route_capacity: np.ndarray   # (worlds, 3) Mt/yr
    entry_capacity: np.ndarray   # (worlds,) China-Kazakhstan border, Mt/yr
    eu_interest: np.ndarray      # (worlds,) 0-1
    trade_weights: np.ndarray    # (worlds, 3)
    build_lags: np.ndarray       # (worlds, 3) quarters: China, EU relaxed, EU strict


@dataclass(frozen=True)
class StagePlan:
    """The quarter's stage game solved: values and quantal responses at every node.

    Axis order: the decision's actions first, then the nodes it depends on, then worlds.
    """

    eu_values: np.ndarray          # (3, worlds) by EUOffer
    eu_offer: np.ndarray           # (3, worlds)
    china_values: np.ndarray       # (3, 3, worlds) by ChinaOffer, then the EUOffer it answers
    china_offer: np.ndarray        # (3, 3, worlds)
    rates: np.ndarray              # (3, 3, worlds, 2) bargained rates (China, EU) by (EUOffer, ChinaOffer)
    response_values: np.ndarray    # (9, 3, 3, worlds) by RESPONSE_PAIRS, then (EUOffer, ChinaOffer)
    responses: np.ndarray          # (9, 3, 3, worlds)
    courting_values: np.ndarray    # (2, worlds) by Courting
    courting: np.ndarray           # (2, worlds)
    move_values: np.ndarray        # (15, 2, worlds) by MOVE_EFFORTS, then Courting
    moves: np.ndarray              # (15, 2, worlds)
    coercion: tuple[Compellence, Compellence]  # China's and Russia's, arrays (15, worlds) by MOVE_EFFORTS
    post_alignment: np.ndarray     # (15, worlds, 3) alignment after each move
    post_binding: np.ndarray       # (15, worlds) binding engagement after each move


@dataclass(frozen=True)
class Choices:
    """What every player chose this quarter, each (worlds,) of action codes."""

    eu_offer: np.ndarray
    china_offer: np.ndarray
    response_china: np.ndarray
    response_eu: np.ndarray
    courting: np.ndarray
    move: np.ndarray
    effort: np.ndarray
    coercion: np.ndarray        # (worlds, 2) Coercion by (China, Russia)
    answer: np.ndarray          # (worlds, 2) Answer by (China, Russia); meaningful where coerced
