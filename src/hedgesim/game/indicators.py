"""Hedging indicators: the mechanisms of the paper's Figure 1, measured each quarter.

* economic pragmatism: investment taken from both giants, the geometric mean
  of Kazakhstan's take-up of China's and of the EU's offers (share of the
  offered volume that goes ahead, smoothed over about a year of offers, and
  fading by 10 % a quarter while a giant offers nothing), in [0, 1];
* binding engagement: its level, in [0, 1];
* dominance denial: 1 when no external power controls more than the dominance
  cap of infrastructure; its score falls linearly to 0 at full control;
* alignment balance: 1 - rescaled HHI of alignment, in [0, 1];
* hedging index: mean of pragmatism, binding engagement, dominance-denial score
  and alignment balance, in [0, 1];
* dependency HHI: HHI of foreign-controlled infrastructure shares, in [1/3, 1];
* max external share: largest external control share of all infrastructure.
"""

from __future__ import annotations

import numpy as np

from hedgesim.game import payoffs

ENGAGEMENT_SMOOTHING = 0.25  # weight of the newest quarter: about a year's memory
ENGAGEMENT_FADE = 0.1  # per quarter without an offer: a giant absent for two years counts ~0.4


def economic_pragmatism(engagement: np.ndarray) -> np.ndarray:
    """Geometric mean of the smoothed take-up of China's and the EU's offers (worlds, 2)."""
    return np.sqrt(np.clip(engagement[:, 0], 0, 1) * np.clip(engagement[:, 1], 0, 1))


def dominance_denial(max_external_share: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """1.0 where the largest external share is within the cap, else 0.0."""
    return (max_external_share <= cap).astype(float)


def dominance_score(max_external_share: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """1 within the cap, falling linearly to 0 at full external control."""
    return 1.0 - np.maximum(max_external_share - cap, 0.0) / (1.0 - cap)


def alignment_balance(alignment: np.ndarray) -> np.ndarray:
    """1 at an even three-way split, 0 at full alignment with one partner."""
    return 1.0 - payoffs.concentration(alignment)


def hedging_indicators(stock: np.ndarray, alignment: np.ndarray, binding: np.ndarray,
                       engagement: np.ndarray, cap: np.ndarray) -> dict[str, np.ndarray]:
    """Every indicator for this quarter, as arrays over worlds."""
    max_share = payoffs.largest(payoffs.control_shares(stock))
    pragmatism = economic_pragmatism(engagement)
    balance = alignment_balance(alignment)
    index = (pragmatism + binding + dominance_score(max_share, cap) + balance) / 4.0
    return {
        "economic_pragmatism": pragmatism,
        "binding_engagement": binding.copy(),
        "dominance_denial": dominance_denial(max_share, cap),
        "alignment_balance": balance,
        "hedging_index": index,
        "dependency_hhi": payoffs.hhi(payoffs.foreign_shares(stock)),
        "max_external_share": max_share,
    }
