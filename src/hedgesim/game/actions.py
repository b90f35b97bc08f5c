"""The game's actors, holders, routes, actions and strategies, as enums.

An action's code is its enum value, never its position in a list: arrays of
action values are indexed by these enums (``values[Response.DILUTE]``), and
every table of actions is built from the enum itself. The strategies are the
policies each player can be held to (``docs/odd.md``, section 7.2): a policy
restricts a player's allowed actions at each of its decisions; within what it
allows, the player still chooses by quantal response.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np


class Power(IntEnum):
    """The three great powers, in the order of every (worlds, 3) array over partners."""

    CHINA = 0
    EU = 1
    RUSSIA = 2


class Holder(IntEnum):
    """Who controls a piece of infrastructure: a power, or Kazakhstan itself."""

    CHINA = 0
    EU = 1
    RUSSIA = 2
    DOMESTIC = 3


class Investor(IntEnum):
    """The two powers that finance projects, in the order of every (worlds, 2) array."""

    CHINA = 0
    EU = 1


class Route(IntEnum):
    """EU-China overland routes (``corridors.py``)."""

    NORTHERN = 0
    MIDDLE = 1
    BYPASS = 2


# ---------------------------------------------------------------- offers
class ChinaOffer(IntEnum):
    """China's offer this quarter: none, half or all of its ticket (fast, state-financed)."""

    NONE = 0
    HALF = 1
    FULL = 2


class EUOffer(IntEnum):
    """The EU's offer of its ticket, and its standards: strict ESG conditions are slower but pay
    over the asset's life and push the standards others must match."""

    NONE = 0
    RELAXED = 1
    STRICT = 2


OFFER_SIZE = {ChinaOffer.NONE: 0.0, ChinaOffer.HALF: 0.5, ChinaOffer.FULL: 1.0}
EU_OFFER_SIZE = {EUOffer.NONE: 0.0, EUOffer.RELAXED: 1.0, EUOffer.STRICT: 1.0}
EU_OFFER_STRICT = {EUOffer.NONE: False, EUOffer.RELAXED: False, EUOffer.STRICT: True}


def table(mapping: dict[IntEnum, float | bool]) -> np.ndarray:
    """A lookup array indexed by an enum's values."""
    out = np.zeros(max(int(k) for k in mapping) + 1)
    for key, value in mapping.items():
        out[int(key)] = float(value)
    return out


CHINA_SIZES = table(OFFER_SIZE)          # share of China's ticket, by ChinaOffer
EU_SIZES = table(EU_OFFER_SIZE)          # share of the EU's ticket, by EUOffer
EU_STRICT = table(EU_OFFER_STRICT)       # 1.0 where the offer carries strict standards


# ------------------------------------------------------------- Kazakhstan
class Response(IntEnum):
    """Kazakhstan's answer to an offer."""

    ACCEPT = 0
    DILUTE = 1   # joint venture / local content: less volume, part under national control
    DECLINE = 2


class Move(IntEnum):
    """Kazakhstan's alignment move this quarter."""

    HOLD = 0
    TILT_CHINA = 1
    TILT_EU = 2
    TILT_RUSSIA = 3
    REBALANCE = 4


class Effort(IntEnum):
    """Binding-engagement effort: Middle Corridor consortium, tariff harmonisation, digital customs."""

    NONE = 0
    SOME = 1
    FULL = 2


# Kazakhstan answers both offers at once: a joint response, China's first.
RESPONSE_PAIRS = [(rc, re) for rc in Response for re in Response]
# and moves alignment and sets binding effort at once.
MOVE_EFFORTS = [(m, e) for m in Move for e in Effort]


# ------------------------------------------------------------------ Russia
class Courting(IntEnum):
    NONE = 0
    COURT = 1   # EAEU benefits paid if Kazakhstan takes a step toward Russia this quarter


class Coercion(IntEnum):
    """A power's move in the compellence subgame, and Kazakhstan's answer."""

    REFRAIN = 0
    COERCE = 1   # Russia: Northern-route or CPC disruption; China: a concession demand


class Answer(IntEnum):
    RESIST = 0
    CONCEDE = 1


# -------------------------------------------------------------- strategies
class KazakhStrategy(IntEnum):
    """Kazakhstan's policies. ``free`` is the unconstrained agent; the others are policies of
    equal freedom: each fixes the alignment rule and constrains the answers to offers, and
    leaves binding effort and answers to coercion to quantal response."""

    FREE = 0
    HEDGE = 1            # rebalance; accept or dilute both giants' offers, never decline
    BANDWAGON_CHINA = 2  # tilt toward China; accept China's offers undiluted
    BANDWAGON_EU = 3     # tilt toward the EU; accept the EU's offers undiluted
    LEAN_RUSSIA = 4      # tilt toward Russia (EAEU); offers answered freely


class ChinaStrategy(IntEnum):
    FREE = 0
    MARKET = 1    # engage on market terms: offers (half or full ticket), never coercion
    COERCE = 2    # engage and coerce: offers, and coercion when it pays
    WITHDRAW = 3  # no offers, no coercion


class EUStrategy(IntEnum):
    FREE = 0
    STRICT = 1    # engage with strict standards
    RELAXED = 2   # engage fast with relaxed standards
    WITHDRAW = 3  # no offers


class RussiaStrategy(IntEnum):
    FREE = 0
    COURT = 1      # EAEU courting when it pays, never pressure
    PRESSURE = 2   # pressure when it pays, never courting
    ACQUIESCE = 3  # neither


def choice_names(enum: type[IntEnum]) -> tuple[str, ...]:
    """Lower-case names of an enum's members, in code order: the schema's choices."""
    return tuple(member.name.lower() for member in sorted(enum, key=int))


def _mask(enum: type[IntEnum], allowed: dict[IntEnum, tuple[IntEnum, ...] | None]) -> np.ndarray:
    """Boolean (strategies, actions) table; None allows every action."""
    strategies = sorted(allowed, key=int)
    size = max(int(a) for a in enum) + 1
    out = np.zeros((len(strategies), size), dtype=bool)
    for s in strategies:
        actions = allowed[s]
        if actions is None:
            out[int(s)] = True
        else:
            out[int(s), [int(a) for a in actions]] = True
    return out


_ALL = None
MOVES_ALLOWED = _mask(Move, {
    KazakhStrategy.FREE: _ALL, KazakhStrategy.HEDGE: (Move.REBALANCE,),
    KazakhStrategy.BANDWAGON_CHINA: (Move.TILT_CHINA,), KazakhStrategy.BANDWAGON_EU: (Move.TILT_EU,),
    KazakhStrategy.LEAN_RUSSIA: (Move.TILT_RUSSIA,)})
_TAKE = (Response.ACCEPT, Response.DILUTE)
CHINA_RESPONSES_ALLOWED = _mask(Response, {
    KazakhStrategy.FREE: _ALL, KazakhStrategy.HEDGE: _TAKE,
    KazakhStrategy.BANDWAGON_CHINA: (Response.ACCEPT,), KazakhStrategy.BANDWAGON_EU: _ALL,
    KazakhStrategy.LEAN_RUSSIA: _ALL})
EU_RESPONSES_ALLOWED = _mask(Response, {
    KazakhStrategy.FREE: _ALL, KazakhStrategy.HEDGE: _TAKE,
    KazakhStrategy.BANDWAGON_CHINA: _ALL, KazakhStrategy.BANDWAGON_EU: (Response.ACCEPT,),
    KazakhStrategy.LEAN_RUSSIA: _ALL})
_ENGAGE = (ChinaOffer.HALF, ChinaOffer.FULL)
CHINA_OFFERS_ALLOWED = _mask(ChinaOffer, {
    ChinaStrategy.FREE: _ALL, ChinaStrategy.MARKET: _ENGAGE, ChinaStrategy.COERCE: _ENGAGE,
    ChinaStrategy.WITHDRAW: (ChinaOffer.NONE,)})
CHINA_COERCION_ALLOWED = _mask(Coercion, {
    ChinaStrategy.FREE: _ALL, ChinaStrategy.MARKET: (Coercion.REFRAIN,), ChinaStrategy.COERCE: _ALL,
    ChinaStrategy.WITHDRAW: (Coercion.REFRAIN,)})
EU_OFFERS_ALLOWED = _mask(EUOffer, {
    EUStrategy.FREE: _ALL,
    EUStrategy.STRICT: (EUOffer.STRICT,),
    EUStrategy.RELAXED: (EUOffer.RELAXED,),
    EUStrategy.WITHDRAW: (EUOffer.NONE,)})
RUSSIA_COURTING_ALLOWED = _mask(Courting, {
    RussiaStrategy.FREE: _ALL, RussiaStrategy.COURT: _ALL, RussiaStrategy.PRESSURE: (Courting.NONE,),
    RussiaStrategy.ACQUIESCE: (Courting.NONE,)})
RUSSIA_COERCION_ALLOWED = _mask(Coercion, {
    RussiaStrategy.FREE: _ALL, RussiaStrategy.COURT: (Coercion.REFRAIN,), RussiaStrategy.PRESSURE: _ALL,
    RussiaStrategy.ACQUIESCE: (Coercion.REFRAIN,)})
