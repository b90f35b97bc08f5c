"""The corridor sub-model: EU-China overland cargo choosing among three routes.

Routes (columns, in this order):

* ``northern``: China -> Dostyk/Khorgos -> Kazakhstan -> Russia -> Europe, the
  SREB land route. Sanctions and Russian pressure add risk premia.
* ``middle``: the Middle Corridor / TITR, China -> Kazakhstan -> Aktau/Kuryk ->
  Caspian -> Baku -> Europe. Capacity grows with EU-financed ports and digital
  customs; binding engagement (tariff harmonisation) cuts its cost.
* ``bypass``: China -> Kyrgyzstan -> Uzbekistan, avoiding Kazakhstan
  (Fazl-e-Haider 2025); small until the railway opens.

Demand splits by multinomial logit on generalised cost (USD per tonne): base
cost + congestion against capacity (BPR form, from last quarter's flows, as
shippers see them) + risk premium. Flows are then held within each route's
capacity and, for the two routes through Kazakhstan, within the shared China-
Kazakhstan entry capacity; cargo that fits nowhere goes by sea (``unserved``).
"""

from __future__ import annotations

import numpy as np

from hedgesim.game.actions import Route, choice_names

ROUTES = choice_names(Route)  # ("northern", "middle", "bypass"), in the order of every route axis
NORTHERN, MIDDLE, BYPASS = Route.NORTHERN, Route.MIDDLE, Route.BYPASS
BPR_POWER = 4
ROUTE_ADJUSTMENT = 0.5  # share of cargo that re-chooses its route each quarter


def congestion(flow: np.ndarray, capacity: np.ndarray, cost_at_capacity: np.ndarray) -> np.ndarray:
    """BPR congestion cost: ``cost_at_capacity * (flow / capacity) ** 4`` (USD/t)."""
    load = flow / np.maximum(capacity, 1e-9)
    return cost_at_capacity * load**BPR_POWER


def generalised_costs(
    base_cost: np.ndarray,
    risk_premium: np.ndarray,
    previous_flows: np.ndarray,
    capacity: np.ndarray,
    entry_capacity: np.ndarray,
    congestion_cost: np.ndarray,
) -> np.ndarray:
    """Generalised cost per route (worlds, 3) in USD per tonne."""
    cost = base_cost + risk_premium + congestion(previous_flows, capacity, congestion_cost[:, None])
    through_kazakhstan = previous_flows[:, NORTHERN] + previous_flows[:, MIDDLE]
    entry = congestion(through_kazakhstan, entry_capacity, congestion_cost)
    cost[:, NORTHERN] += entry
    cost[:, MIDDLE] += entry
    return cost


def route_shares(cost: np.ndarray, dispersion: np.ndarray) -> np.ndarray:
    """Multinomial-logit route shares: P(r) proportional to exp(-cost_r / dispersion)."""
    x = -cost / dispersion[:, None]
    x = x - x.max(axis=1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=1, keepdims=True)


def assign_flows(
    demand: np.ndarray,
    shares: np.ndarray,
    capacity: np.ndarray,
    entry_capacity: np.ndarray,
) -> np.ndarray:
    """Flows (worlds, 3) in Mt/yr: logit demand, held within capacity.

    Cargo above a route's capacity moves once to the routes with room left, in
    proportion to their shares; then the two routes through Kazakhstan are
    scaled down together to the entry capacity. The rest is unserved.
    """
    wanted = shares * demand[:, None]
    flows = np.minimum(wanted, capacity)
    overflow = (wanted - flows).sum(axis=1)
    room = capacity - flows
    open_share = np.where(room > 0, shares, 0.0)
    total = open_share.sum(axis=1, keepdims=True)
    extra = np.where(total > 0, open_share / np.where(total > 0, total, 1.0), 0.0) * overflow[:, None]
    flows = np.minimum(flows + extra, capacity)
    through = flows[:, NORTHERN] + flows[:, MIDDLE]
    scale = np.minimum(1.0, entry_capacity / np.maximum(through, 1e-12))
    flows[:, NORTHERN] *= scale
    flows[:, MIDDLE] *= scale
    return flows


def middle_share(flows: np.ndarray) -> np.ndarray:
    """The Middle Corridor's share of overland cargo (0 when there is none)."""
    overland = flows.sum(axis=1)
    return np.divide(flows[:, MIDDLE], overland, out=np.zeros(len(flows)), where=overland > 0)


def flow_shift(demand: np.ndarray, share: np.ndarray, cost_cut: np.ndarray,
               dispersion: np.ndarray) -> np.ndarray:
    """Mt/yr a route gains once shippers have re-routed after its cost falls by ``cost_cut``.

    First-order logit response: d share / d cost = -share (1 - share) / dispersion.
    Within one quarter only ``ROUTE_ADJUSTMENT`` of it happens.
    """
    return demand * share * (1.0 - share) * cost_cut / dispersion
