"""Bargaining over an offer's loan rate: Nash-in-Nash with the threat of replacement as a cap.

Each giant's offer is negotiated bilaterally with Kazakhstan, taking the other
giant's agreement as given (Nash-in-Nash: Horn & Wolinsky 1988;
Collard-Wexler, Gowrisankaran & Lee 2019). For offer j, in present values over
the planning horizon (USD bn):

* M_j: Kazakhstan's value of the project given the rival's, before interest:
  x_j + kappa * min(x_j+, x_k+) (x+ = max(x, 0): a project worth nothing adds no
  interaction), with kappa < 0 for substitutes, > 0 for complements;
* W_j: the power's value of the project before interest (influence, routes,
  standards, minus its cost of funds);
* A_j: the present value of the interest paid per unit of annual rate, so that
  the rate r moves r * A_j from Kazakhstan to the power.

The surplus S_j = M_j + W_j does not depend on r. Nash bargaining with
Kazakhstan's weight beta gives Kazakhstan beta * S_j. Its outside option is to
have the rival build the project instead (the threat of replacement, Ho & Lee
2019): o_j = s * max(0, S_j^rival), the surplus of the rival building it at its
own cost of funds, for as much of the project as the rival's own offer covers and
only as far as the projects are substitutes (s = max(0, -kappa)): it vanishes
continuously as the rival's offer does. By the outside-option
principle, the option binds only when it beats the bargaining share, so
Kazakhstan gets max(beta * S_j, o_j), and

    r_j = (M_j - max(beta * S_j, o_j)) / A_j,  at least 0 (a grant, not a subsidy).

Whether the EU's presence lowers China's rate therefore depends on kappa: as
substitutes, the EU's project lowers M_China and gives Kazakhstan an outside
option; as complements, it raises M_China and so China's rate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Terms:
    """A bargained offer: its rate and how the surplus is split (present values, USD bn)."""

    rate: np.ndarray          # annual loan rate, as a fraction
    kazakh_gain: np.ndarray   # Kazakhstan's gain from the agreement at that rate
    power_gain: np.ndarray    # the power's gain at that rate
    outside_binds: np.ndarray # True where the outside option, not the bargaining share, sets the rate


def joint_value(own: np.ndarray, rival: np.ndarray, complementarity: np.ndarray) -> np.ndarray:
    """Kazakhstan's value of a project given the rival's: x_j + kappa * min(x_j+, x_k+)."""
    return own + complementarity * interaction(own, rival)


def interaction(own: np.ndarray, rival: np.ndarray) -> np.ndarray:
    """The overlap of two projects' values, min(x_j+, x_k+): zero if either is worth nothing."""
    return np.minimum(np.maximum(own, 0.0), np.maximum(rival, 0.0))


def substitutability(complementarity: np.ndarray) -> np.ndarray:
    """How far the rival can replace a project: max(0, -kappa), in [0, 1]."""
    return np.maximum(-complementarity, 0.0)


def nash_in_nash(kazakh_value: np.ndarray, power_value: np.ndarray, annuity: np.ndarray,
                 bargaining_power: np.ndarray, outside_option: np.ndarray) -> Terms:
    """The loan rate of one bilateral agreement (all arguments broadcast together).

    ``kazakh_value`` M and ``power_value`` W exclude interest; ``annuity`` A > 0 is the present
    value of interest per unit of annual rate; ``outside_option`` o >= 0 is Kazakhstan's value
    of replacing the project.
    """
    surplus = kazakh_value + power_value
    share = bargaining_power * surplus
    outside_binds = outside_option > share
    kazakh = np.maximum(share, outside_option)
    safe = np.maximum(annuity, 1e-12)
    rate = np.where(annuity > 0, np.maximum((kazakh_value - kazakh) / safe, 0.0), 0.0)  # no loan, no rate
    kazakh = kazakh_value - rate * annuity  # a rate floored at 0 leaves Kazakhstan more
    return Terms(rate, kazakh, surplus - kazakh, outside_binds)
