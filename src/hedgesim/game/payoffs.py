"""Payoffs: Kuik's returns and risk for Kazakhstan, and each great power's values.

All money is in USD bn per quarter. Arrays run over worlds; ``stock`` is
(worlds, 4) with holders (China, EU, Russia, domestic), ``alignment`` is
(worlds, 3) over (China, EU, Russia) on the simplex.

Kazakhstan's utility is ``returns - risk_weight * risk`` (Kuik 2008, 2021):

* returns = infrastructure returns (completed stock, net of loan costs)
  + transit revenue + trade tied to alignment + EAEU courting benefits
  - binding-engagement effort cost - realised pressure losses;
* risk = coercion_exposure * (dependency concentration + alignment
  concentration) / 2 + dominance_penalty * dominance-cap overshoot
  + entrapment_weight * entrapment + expected pressure losses.
"""

from __future__ import annotations

import numpy as np

CHINA, EU, RUSSIA, DOMESTIC = 0, 1, 2, 3
PARTNERS = ("china", "eu", "russia")


# ---------------------------------------------------------------- shares and HHI
# Sums and maxima over the short last axis (3 partners, 4 holders) are written
# out: numpy reductions along a length-3 axis cost more than the arithmetic.
def total(x: np.ndarray) -> np.ndarray:
    """Sum over the last axis."""
    out = x[..., 0].copy()
    for i in range(1, x.shape[-1]):
        out += x[..., i]
    return out


def largest(x: np.ndarray) -> np.ndarray:
    """Maximum over the last axis."""
    out = x[..., 0].copy()
    for i in range(1, x.shape[-1]):
        np.maximum(out, x[..., i], out=out)
    return out


def hhi(shares: np.ndarray) -> np.ndarray:
    """Herfindahl-Hirschman index of shares along the last axis."""
    return total(shares * shares)


def foreign_shares(stock: np.ndarray) -> np.ndarray:
    """Each partner's share of foreign-controlled infrastructure (sums to 1)."""
    foreign = stock[..., :3]
    return foreign / total(foreign)[..., None]


def control_shares(stock: np.ndarray) -> np.ndarray:
    """Each partner's share of all infrastructure, national control included."""
    return stock[..., :3] / total(stock)[..., None]


def concentration(shares: np.ndarray) -> np.ndarray:
    """HHI of three shares rescaled from [1/3, 1] to [0, 1]."""
    return (hhi(shares) - 1.0 / 3.0) * 1.5


def dominance_overshoot(stock: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """How far the largest external control share exceeds the dominance cap (share, >= 0)."""
    return np.maximum(largest(control_shares(stock)) - cap, 0.0)


def entrapment(alignment: np.ndarray) -> np.ndarray:
    """Squared excess of the largest alignment over an even split, in [0, 1]."""
    return (np.maximum(largest(alignment) - 1.0 / 3.0, 0.0) * 1.5) ** 2


# ------------------------------------------------------------- Kazakhstan: returns
def trade_weights(trade_share: np.ndarray, stock: np.ndarray, stock0: np.ndarray,
                  elasticity: np.ndarray) -> np.ndarray:
    """Trade weight of each partner: 2023 trade share grown with its infrastructure."""
    growth = stock[:, :3] / stock0[:, :3]
    return trade_share * growth ** elasticity[:, None]


def trade_returns(alignment: np.ndarray, weights: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Trade tied to alignment: ``value * sum_c w_c sqrt(alignment_c)``."""
    return value * total(weights * np.sqrt(alignment))


def courting_benefit(alignment: np.ndarray, courting: np.ndarray,
                     transfer: np.ndarray) -> np.ndarray:
    """EAEU benefits paid while Russia courts, in proportion to alignment with Russia."""
    return courting * transfer * alignment[..., RUSSIA]


def transit_revenue(transit_mt: np.ndarray, tariff: np.ndarray) -> np.ndarray:
    """Quarterly transit revenue: tariff (USD/t) * annualised Mt / 4, in USD bn."""
    return tariff * transit_mt / 4000.0


def infrastructure_returns(stock: np.ndarray, financed: np.ndarray,
                           p: dict[str, np.ndarray]) -> np.ndarray:
    """Returns on completed stock net of loan costs on new Chinese and EU finance."""
    gross = p["infrastructure_return"] / 4.0 * total(stock)
    loans = (p["china_loan_cost"] * financed[:, CHINA] + p["eu_loan_cost"] * financed[:, EU]) / 4.0
    return gross - loans


# ---------------------------------------------------------------- Kazakhstan: risk
def structural_risk(stock: np.ndarray, alignment: np.ndarray,
                    p: dict[str, np.ndarray]) -> np.ndarray:
    """Risk from dependency concentration, dominance overshoot and entrapment."""
    concentrated = 0.5 * (concentration(foreign_shares(stock)) + concentration(alignment))
    return (p["coercion_exposure"] * concentrated
            + p["dominance_penalty"] * dominance_overshoot(stock, p["dominance_cap"])
            + p["entrapment_weight"] * entrapment(alignment))


def dampening(binding: np.ndarray, p: dict[str, np.ndarray]) -> np.ndarray:
    """Share of bilateral pressure that binding engagement lets through."""
    return 1.0 - p["binding_dampening"] * binding


def expected_pressure_loss(p_russia: np.ndarray, p_china: np.ndarray, binding: np.ndarray,
                           p: dict[str, np.ndarray]) -> np.ndarray:
    """Expected loss from Russian pressure and Chinese concession demands."""
    return (p_russia * p["pressure_loss"] + p_china * p["concession_loss"]) * dampening(binding, p)


def planning_value(horizon: np.ndarray, lag: np.ndarray | float = 0.0) -> np.ndarray:
    """Quarters' worth of a persistent per-quarter gain starting after ``lag`` quarters.

    Agents discount at 1/H per quarter (H the planning horizon), so the gain is
    worth sum_{k >= lag} (1 - 1/H)^k = H (1 - 1/H)^lag quarters.
    """
    return horizon * (1.0 - 1.0 / horizon) ** lag


# ----------------------------------------------------------------- great powers
def influence(stock: np.ndarray, alignment: np.ndarray, partner: int) -> np.ndarray:
    """A power's influence: mean of its control share and Kazakhstan's alignment with it."""
    return 0.5 * (control_shares(stock)[..., partner] + alignment[..., partner])


def china_grievance(stock: np.ndarray, alignment: np.ndarray) -> np.ndarray:
    """How far Kazakhstan tilts away from China: its alignment's shortfall from China's stake."""
    return np.maximum(control_shares(stock)[..., CHINA] - alignment[..., CHINA], 0.0)


def china_pressure_value(stock: np.ndarray, alignment: np.ndarray, binding: np.ndarray,
                         p: dict[str, np.ndarray]) -> np.ndarray:
    """China's value of demanding concessions: stake * grievance, net of its cost."""
    stake = control_shares(stock)[..., CHINA]
    return (p["china_concession_value"] * stake * china_grievance(stock, alignment)
            * dampening(binding, p) - p["china_pressure_cost"])


def russian_threat(alignment: np.ndarray, middle_share: np.ndarray) -> np.ndarray:
    """Russia's threat perception: EU tilt over Russia plus the Middle Corridor's share."""
    return np.maximum(alignment[..., EU] - alignment[..., RUSSIA], 0.0) + middle_share


def russia_pressure_value(alignment: np.ndarray, middle_share: np.ndarray, binding: np.ndarray,
                          northern_at_risk: np.ndarray, p: dict[str, np.ndarray]) -> np.ndarray:
    """Russia's value of a hybrid-pressure episode, net of its cost and of the Northern-route
    transit (Mt/yr ``northern_at_risk``) the disruption drives away."""
    return (p["russia_deterrence_value"] * russian_threat(alignment, middle_share)
            * dampening(binding, p) - p["russia_pressure_cost"]
            - p["russia_route_value"] * northern_at_risk)


def russia_courting_value(alignment: np.ndarray, alignment0: np.ndarray,
                          p: dict[str, np.ndarray]) -> np.ndarray:
    """Russia's value of EAEU courting: influence lost since 2025, net of the transfer."""
    drift = np.maximum(alignment0[..., RUSSIA] - alignment[..., RUSSIA], 0.0)
    return p["russia_influence_value"] * drift - p["courting_transfer"] * alignment[..., RUSSIA]
