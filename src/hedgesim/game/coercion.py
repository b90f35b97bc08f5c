"""Coercion: the compellence subgame between a power and Kazakhstan, in closed form.

China (a concession demand) and Russia (Northern-route or CPC disruption) each
play it against Kazakhstan on the state Kazakhstan's move leaves (Schelling
1966; Drezner 1999, 2003). The power coerces or refrains; if it coerces,
Kazakhstan concedes or resists. Both answer by logit quantal response, the
power anticipating Kazakhstan's answer. With V the part of Kazakhstan's
exposure to the power that it cannot protect (``payoffs.vulnerable_to_china``,
``payoffs.vulnerable_to_russia``, USD bn per quarter) and H the discounted quarters of a persistent change:

* conceding costs Kazakhstan the hold-up rent ``holdup * V`` and its
  sovereignty cost, and moves its alignment toward the power by
  ``concession_step``; the power gains the rent, its grievance relieved
  (``grievance_value * grievance``) and the influence of that alignment shift;
* resisting costs Kazakhstan the damage ``depth * V`` and moves its alignment
  ``backlash_step`` of the way from the power to the others; it costs the power
  its own loss (the disrupted share of its own income through Kazakhstan:
  mutual hostages) and the influence the backlash takes;
* the power pays ``coercion_cost`` for trying.

P(concede) = logistic(lambda (resist cost - concede cost)); P(coerce) =
logistic(lambda * value of coercing), zero where the power's strategy rules
coercion out. Kazakhstan's risk from the power is its expected loss,
P(coerce) * [P(concede) * concede cost + (1 - P(concede)) * resist cost].
A benign hegemon (no hold-up, costly coercion) rarely coerces; a predatory one
(hold-up) coerces more the more Kazakhstan is exposed to it; a power whose own
loss grows with the same flows deters itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hedgesim.game.actions import Power
from hedgesim.game.decision_rules import logistic

COERCERS = (Power.CHINA, Power.RUSSIA)  # the order of every pair of coercers


@dataclass(frozen=True)
class CoercerTraits:
    """One coercer's parameters and Kazakhstan's, each (worlds,), as the subgame uses them.

    ``sway_toward`` and ``sway_away`` are the power's present value of the alignment a
    concession wins per unit of distance (H * influence_value / 2 * concession_step) and of the
    alignment a resistance loses per unit of alignment (H * influence_value / 2 * backlash_step).
    """

    power: Power
    holdup: np.ndarray
    depth: np.ndarray
    grievance_value: np.ndarray
    cost: np.ndarray
    sovereignty_cost: np.ndarray
    sway_toward: np.ndarray
    sway_away: np.ndarray

    @classmethod
    def of(cls, power: Power, p: dict[str, np.ndarray], quarters: np.ndarray) -> CoercerTraits:
        """The traits of ``power``, with ``quarters`` the discounted quarters of a persistent change."""
        prefix = power.name.lower()
        influence = quarters * 0.5 * p[f"{prefix}_influence_value"]
        return cls(power, p[f"{prefix}_holdup"], p[f"{prefix}_coercion_depth"],
                   p[f"{prefix}_grievance_value"], p[f"{prefix}_coercion_cost"], p["sovereignty_cost"],
                   influence * p["concession_step"], influence * p["backlash_step"])


@dataclass(frozen=True)
class Compellence:
    """One coercer's subgame solved, arrays over the nodes and worlds it was solved on."""

    p_coerce: np.ndarray       # probability the power coerces
    p_concede: np.ndarray      # probability Kazakhstan concedes if it does
    concede_cost: np.ndarray   # Kazakhstan's cost of conceding, USD bn (present value)
    resist_cost: np.ndarray    # Kazakhstan's cost of resisting, USD bn (present value)
    rent: np.ndarray           # money Kazakhstan pays if it concedes (hold-up), USD bn
    damage: np.ndarray         # money Kazakhstan loses if it resists, USD bn
    value: np.ndarray          # the power's value of coercing (against 0 for refraining), USD bn
    gain_now: np.ndarray       # this quarter's part of the power's gain if Kazakhstan concedes
    loss_now: np.ndarray       # this quarter's part of its loss if Kazakhstan resists
    cost: np.ndarray           # its cost of trying

    @property
    def coercer_quarter_value(self) -> np.ndarray:
        """The power's expected gain from the subgame this quarter (USD bn): rent and grievance
        relieved against its own loss and cost, without the influence the alignment shifts bring
        later, which its later quarters' income counts."""
        p = self.p_concede
        return self.p_coerce * (p * self.gain_now - (1.0 - p) * self.loss_now - self.cost)

    @property
    def coercer_value(self) -> np.ndarray:
        """The power's expected value of the subgame, USD bn."""
        return self.p_coerce * self.value

    @property
    def kazakh_loss(self) -> np.ndarray:
        """Kazakhstan's expected loss from the power's coercion (its risk), USD bn."""
        p = self.p_concede
        return self.p_coerce * (p * self.concede_cost + (1.0 - p) * self.resist_cost)


def compellence(vulnerable: np.ndarray, grievance: np.ndarray, own_loss: np.ndarray,
                alignment: np.ndarray, traits: CoercerTraits, rationality: np.ndarray,
                allowed: np.ndarray) -> Compellence:
    """Solve one power's compellence subgame on a state.

    ``vulnerable``, ``grievance``, ``own_loss``: (..., worlds); ``alignment`` (..., worlds, 3);
    ``allowed``: (worlds,) 1 where the power's strategy allows coercion. Leading axes (the
    stage game's nodes) broadcast against the worlds axis.
    """
    rent = traits.holdup * vulnerable
    damage = traits.depth * vulnerable
    concede_cost = rent + traits.sovereignty_cost
    resist_cost = damage
    p_concede = logistic(resist_cost - concede_cost, rationality)
    a_c = alignment[..., traits.power]
    gain_now = rent + traits.grievance_value * grievance
    gain = gain_now + traits.sway_toward * (1.0 - a_c)
    loss = own_loss + traits.sway_away * a_c
    value = p_concede * gain - (1.0 - p_concede) * loss - traits.cost
    p_coerce = allowed * logistic(value, rationality)
    return Compellence(p_coerce, p_concede, concede_cost, resist_cost, rent, damage, value, gain_now,
                       own_loss, traits.cost)
