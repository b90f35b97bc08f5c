"""Payoffs: every player's objective in one money (USD bn), each term defined once.

The model's realised utilities and the values players anticipate when they
decide call these same functions: an action's value is the difference it makes
to a per-quarter term, times the discounted number of quarters it lasts
(``discounted_quarters``). Arrays run over worlds on their last axis (or carry
leading axes over the nodes of the stage game); ``stock`` is (..., 4) over
holders (China, EU, Russia, domestic), ``alignment`` (..., 3) over (China, EU,
Russia) on the simplex.

Kazakhstan (Kuik 2008, 2021): utility = returns - risk_weight * risk, where
returns are its income this quarter and risk is the expected loss from the
powers' coercion (``coercion.py``). No term rewards balance for its own sake:
trade income is linear in alignment, and the dominance cap is only the
threshold of an indicator (``indicators.py``).
"""

from __future__ import annotations

import numpy as np

from hedgesim.game.actions import Holder, Investor, Power, Route

QUARTERS_PER_YEAR = 4.0
BN_PER_MT_USD = 1e-3  # 1 Mt at USD 1 per tonne is USD 1 m = USD 0.001 bn


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


def stack_last(*arrays: np.ndarray) -> np.ndarray:
    """Stack arrays along a new last axis, broadcasting them to a common shape first."""
    return np.stack(np.broadcast_arrays(*arrays), axis=-1)


def hhi(shares: np.ndarray) -> np.ndarray:
    """Herfindahl-Hirschman index of shares along the last axis."""
    return total(shares * shares)


def foreign_shares(stock: np.ndarray) -> np.ndarray:
    """Each power's share of foreign-controlled infrastructure (sums to 1)."""
    foreign = stock[..., :3]
    return foreign / total(foreign)[..., None]


def control_shares(stock: np.ndarray) -> np.ndarray:
    """Each power's share of all infrastructure, national control included."""
    return stock[..., :3] / total(stock)[..., None]


def concentration(shares: np.ndarray) -> np.ndarray:
    """HHI of three shares rescaled from [1/3, 1] to [0, 1] (an indicator, never a payoff)."""
    return (hhi(shares) - 1.0 / 3.0) * 1.5


# ------------------------------------------------------------------- time
def per_quarter(annual: np.ndarray | float) -> np.ndarray | float:
    """A yearly amount (or rate) as a quarterly one."""
    return annual / QUARTERS_PER_YEAR


def discounted_quarters(horizon: np.ndarray, lag: np.ndarray | float = 0.0,
                        decay: np.ndarray | float = 0.0) -> np.ndarray:
    """Quarters' worth of a per-quarter amount that starts after ``lag`` quarters and then
    shrinks by ``decay`` a quarter, discounted at 1/H a quarter (H the planning horizon):

        sum_{k >= lag} (1 - 1/H)^k (1 - decay)^(k - lag)
            = (1 - 1/H)^lag / (1 - (1 - 1/H)(1 - decay)).

    With no decay a persistent change is worth H (1 - 1/H)^lag quarters; a one-quarter
    event is worth 1.
    """
    keep = 1.0 - 1.0 / horizon
    return keep ** lag / (1.0 - keep * (1.0 - decay))


# ------------------------------------------------------------- Kazakhstan: returns
def trade_weights(trade_share: np.ndarray, stock: np.ndarray, stock0: np.ndarray,
                  elasticity: np.ndarray) -> np.ndarray:
    """Trade weight of each partner: its trade share grown with its infrastructure stock."""
    growth = stock[..., :3] / stock0[..., :3]
    return trade_share * growth ** elasticity[..., None]


def trade_income(alignment: np.ndarray, weights: np.ndarray, value: np.ndarray,
                 china_access: np.ndarray) -> np.ndarray:
    """Kazakhstan's trade income tied to alignment with each partner, (..., 3), USD bn per quarter:
    ``value * w_c * a_c``, plus China's extra market access ``china_access * a_China``.

    Linear in alignment: the income a partner could cut, and what tilting earns.
    """
    income = value[..., None] * weights * alignment
    income[..., Power.CHINA] += china_access * alignment[..., Power.CHINA]
    return income


def courting_income(courted: np.ndarray, tilted: np.ndarray, transfer: np.ndarray) -> np.ndarray:
    """EAEU benefits Russia pays when it courts and Kazakhstan takes a step toward it this quarter."""
    return courted * tilted * transfer


def transit_revenue(tonnes: np.ndarray, tariff: np.ndarray) -> np.ndarray:
    """Quarterly revenue (USD bn) of ``tonnes`` Mt/yr at ``tariff`` USD per tonne."""
    return per_quarter(tariff * tonnes * BN_PER_MT_USD)


def route_revenue(flows: np.ndarray, other: np.ndarray, p: dict[str, np.ndarray]) -> np.ndarray:
    """Kazakhstan's transit revenue by source, (..., 3): Northern route, Middle Corridor, other transit.

    The bypass earns Kazakhstan nothing. Tariffs differ by route, so the split of cargo
    between routes (redundancy) moves Kazakhstan's income.
    """
    return stack_last(transit_revenue(flows[..., Route.NORTHERN], p["tariff_northern"]),
                      transit_revenue(flows[..., Route.MIDDLE], p["tariff_middle"]),
                      transit_revenue(other, p["tariff_other"]))


def reference_stock(p: dict[str, np.ndarray]) -> np.ndarray:
    """Total infrastructure at the start, USD bn: where the marginal return is ``infrastructure_return``."""
    return p["stock_china"] + p["stock_eu"] + p["stock_russia"] + p["stock_domestic"]


def infrastructure_return_total(total_stock: np.ndarray, p: dict[str, np.ndarray]) -> np.ndarray:
    """Yearly return on all infrastructure, USD bn, with diminishing returns:
    ``r S0 (1 + ln(S / S0))``, so the marginal return is r at the starting stock S0 and r S0 / S
    beyond (each new project adds less than the last)."""
    s0 = reference_stock(p)
    return p["infrastructure_return"] * s0 * (1.0 + np.log(total_stock / s0))


def infrastructure_income(total_stock: np.ndarray, china_stock: np.ndarray, strict_stock: np.ndarray,
                          norm: np.ndarray, p: dict[str, np.ndarray]) -> np.ndarray:
    """Kazakhstan's gross quarterly income from completed infrastructure (USD bn): the return on
    all of it (``infrastructure_return_total``), the strict-standards premium on EU projects built
    to strict standards, and the transparency gain EU norms bring to China-controlled stock."""
    return per_quarter(infrastructure_return_total(total_stock, p)
                       + p["standards_premium"] * strict_stock
                       + p["norm_transparency_gain"] * norm * china_stock)


def holding_income(stock: np.ndarray, p: dict[str, np.ndarray]) -> np.ndarray:
    """Quarterly income on the infrastructure each power controls, (..., 3): its share of the
    total return (the average return times its stock)."""
    whole = total(stock)
    average = infrastructure_return_total(whole, p) / whole
    return per_quarter(average[..., None] * stock[..., :3])


def debt_service(interest: np.ndarray) -> np.ndarray:
    """Quarterly interest paid on the debt owed to China and to the EU, (..., 2) from USD bn per year."""
    return per_quarter(interest)


# -------------------------------------------------------- exposure to coercion
def exposure(trade: np.ndarray, stock: np.ndarray, interest: np.ndarray, revenue: np.ndarray,
             p: dict[str, np.ndarray]) -> np.ndarray:
    """Kazakhstan's exposure to each power, (..., 3), USD bn of income per quarter at stake:

    * trade income tied to alignment with it;
    * the return on infrastructure it controls (it can stop operating or maintaining it);
    * the interest owed to it (refinancing can be refused);
    * China: transit of its cargo through Kazakhstan (Northern and Middle routes);
      the EU: the Middle Corridor's transit; Russia: the Northern route's transit and
      the crude exported through the CPC across Russia.
    """
    holding = holding_income(stock, p)
    owed = debt_service(interest)
    oil = per_quarter(p["oil_export_value"] * p["cpc_share"])
    china = (trade[..., Power.CHINA] + holding[..., Power.CHINA] + owed[..., Investor.CHINA]
             + revenue[..., Route.NORTHERN] + revenue[..., Route.MIDDLE])
    eu = trade[..., Power.EU] + holding[..., Power.EU] + owed[..., Investor.EU] + revenue[..., Route.MIDDLE]
    russia = trade[..., Power.RUSSIA] + holding[..., Power.RUSSIA] + revenue[..., Route.NORTHERN] + oil
    return stack_last(china, eu, russia)


def let_through(binding: np.ndarray, p: dict[str, np.ndarray]) -> np.ndarray:
    """Share of a coercer's damage and hold-up that binding engagement does not absorb
    (a unified regional block is harder to divide)."""
    return 1.0 - p["binding_dampening"] * binding


def vulnerable_to_china(trade: np.ndarray, stock: np.ndarray, interest: np.ndarray,
                        revenue: np.ndarray, flows: np.ndarray, spare_bypass: np.ndarray,
                        binding: np.ndarray, p: dict[str, np.ndarray]) -> np.ndarray:
    """The part of Kazakhstan's exposure to China that a coercion episode can hit, USD bn per quarter.

    China can only divert as much of its cargo as the bypass avoiding Kazakhstan has room for
    (``spare_bypass``, Mt/yr), so spare capacity elsewhere is what makes transit vulnerable here.
    """
    through = flows[..., Route.NORTHERN] + flows[..., Route.MIDDLE]
    divertible = np.minimum(1.0, spare_bypass / np.maximum(through, 1e-9))
    exposed = (trade[..., Power.CHINA] + holding_income(stock, p)[..., Power.CHINA]
               + per_quarter(interest[..., Investor.CHINA])
               + divertible * (revenue[..., Route.NORTHERN] + revenue[..., Route.MIDDLE]))
    return exposed * let_through(binding, p)


def vulnerable_to_russia(trade: np.ndarray, stock: np.ndarray, revenue: np.ndarray, flows: np.ndarray,
                         spare_middle: np.ndarray, binding: np.ndarray,
                         p: dict[str, np.ndarray]) -> np.ndarray:
    """The part of Kazakhstan's exposure to Russia that a disruption can hit, USD bn per quarter.

    Northern cargo a disruption stops can move to the Middle Corridor's spare capacity
    (``spare_middle``, Mt/yr): redundancy; ``cpc_reroute_share`` of CPC oil can go by Aktau.
    """
    reroutable = np.minimum(1.0, spare_middle / np.maximum(flows[..., Route.NORTHERN], 1e-9))
    oil = per_quarter(p["oil_export_value"] * p["cpc_share"])
    exposed = (trade[..., Power.RUSSIA] + holding_income(stock, p)[..., Power.RUSSIA]
               + (1.0 - reroutable) * revenue[..., Route.NORTHERN]
               + (1.0 - p["cpc_reroute_share"]) * oil)
    return exposed * let_through(binding, p)


# ----------------------------------------------------------------- great powers
def influence_of(held: np.ndarray, total_stock: np.ndarray, aligned: np.ndarray) -> np.ndarray:
    """A power's influence: the mean of its control share (``held`` of ``total_stock``) and
    Kazakhstan's alignment with it."""
    return 0.5 * (held / total_stock + aligned)


def influence(stock: np.ndarray, alignment: np.ndarray) -> np.ndarray:
    """Each power's influence, (..., 3)."""
    return influence_of(stock[..., :3], total(stock)[..., None], alignment)


def china_grievance(stock: np.ndarray, alignment: np.ndarray) -> np.ndarray:
    """How far Kazakhstan tilts away from China: alignment's shortfall from China's control share."""
    return np.maximum(control_shares(stock)[..., Power.CHINA] - alignment[..., Power.CHINA], 0.0)


def russia_grievance(alignment: np.ndarray, middle_share: np.ndarray) -> np.ndarray:
    """Russia's grievance: Kazakhstan's tilt to the EU over Russia plus the Middle Corridor's share
    of overland cargo (the route built to bypass Russia)."""
    return np.maximum(alignment[..., Power.EU] - alignment[..., Power.RUSSIA], 0.0) + middle_share


def portfolio_income(interest: np.ndarray, debt: np.ndarray, p: dict[str, np.ndarray]) -> np.ndarray:
    """Each investor's quarterly income from its loans to Kazakhstan net of its cost of funds, (..., 2)."""
    funding = stack_last(p["china_funding_cost"], p["eu_funding_cost"])
    return per_quarter(interest - funding * debt)


def power_income(stock: np.ndarray, alignment: np.ndarray, interest: np.ndarray, debt: np.ndarray,
                 flows: np.ndarray, norm: np.ndarray, eu_interest: np.ndarray,
                 p: dict[str, np.ndarray]) -> np.ndarray:
    """Each power's quarterly objective before coercion and courting, (..., 3), USD bn.

    * China: its loans' net interest, its exports reaching Europe overland on any route,
      influence, minus the cost of meeting EU norms on the infrastructure it controls;
    * the EU (scaled by its interest): Middle Corridor throughput, influence, the adoption of
      its standards; plus its loans' net interest;
    * Russia: Northern-route transit rent, its CPC income, influence (EAEU cohesion).
    """
    sway = influence(stock, alignment)
    loans = portfolio_income(interest, debt, p)
    overland = total(flows)
    china = (loans[..., Investor.CHINA] + p["china_route_value"] * overland
             + p["china_influence_value"] * sway[..., Power.CHINA]
             - per_quarter(p["china_compliance_cost"] * norm * stock[..., Holder.CHINA]))
    eu = (eu_interest * (p["eu_route_value"] * flows[..., Route.MIDDLE]
                         + p["eu_influence_value"] * sway[..., Power.EU]
                         + p["eu_standards_value"] * norm)
          + loans[..., Investor.EU])
    russia = (p["russia_route_value"] * flows[..., Route.NORTHERN] + per_quarter(p["russia_cpc_income"])
              + p["russia_influence_value"] * sway[..., Power.RUSSIA])
    return stack_last(china, eu, russia)


def own_loss_china(interest: np.ndarray, flows: np.ndarray, p: dict[str, np.ndarray]) -> np.ndarray:
    """What a quarter of coercion Kazakhstan resists costs China itself: its coercion depth of its
    loans' interest and of its cargo's route value through Kazakhstan."""
    through = flows[..., Route.NORTHERN] + flows[..., Route.MIDDLE]
    return p["china_coercion_depth"] * (per_quarter(interest[..., Investor.CHINA])
                                        + p["china_route_value"] * through)


def own_loss_russia(flows: np.ndarray, p: dict[str, np.ndarray]) -> np.ndarray:
    """What a disruption Kazakhstan resists costs Russia itself: its coercion depth of its
    Northern-route rent and CPC income. The more flows through Russia's hands, the more its
    coercion hurts itself (mutual hostages)."""
    return p["russia_coercion_depth"] * (p["russia_route_value"] * flows[..., Route.NORTHERN]
                                         + per_quarter(p["russia_cpc_income"]))
