"""Decision rules: how an agent turns action values into a choice, in every world.

Every decision in hedgesim is a choice among a few discrete actions whose
values (USD bn per quarter, or over the planning horizon) the agent computes
from last quarter's state. Three rules map values to choice probabilities:

* ``logit``: quantal response, P(j) = exp(lambda v_j) / sum_k exp(lambda v_k)
  (McKelvey & Palfrey 1995). lambda = 0 is uniform, lambda -> inf best response.
* ``roth_erev``: reinforcement learning; propensities q_j decay by phi and the
  chosen action is reinforced by its value relative to the worst action, with a
  share epsilon spilled to the others; P(j) = q_j / sum_k q_k (Roth & Erev 1995).
* ``ewa``: experience-weighted attraction; attractions A_j are updated with
  realised and foregone values, weighted by delta; P(j) = logit(lambda A)
  (Camerer & Ho 1999).

The rule is a parameter, so it can differ between worlds of one batch.
"""

from __future__ import annotations

import numpy as np

LOGIT, ROTH_EREV, EWA = 0, 1, 2


def logit_probabilities(values: np.ndarray, rationality: np.ndarray) -> np.ndarray:
    """Quantal-response probabilities; ``values`` (worlds, actions), ``rationality`` (worlds,)."""
    x = rationality[:, None] * values
    x = x - x.max(axis=1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=1, keepdims=True)


def logistic(value: np.ndarray, rationality: np.ndarray) -> np.ndarray:
    """Binary logit: probability of an action worth ``value`` against one worth 0."""
    return 0.5 * (1.0 + np.tanh(0.5 * rationality * value))


def sample(probabilities: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Draw one action per world by inverse CDF of uniforms ``u`` in [0, 1), shape (worlds,).

    Action j is drawn when cdf_{j-1} <= u < cdf_j, so an action of probability 0
    is never drawn, not even at u = 0.
    """
    cdf = np.cumsum(probabilities, axis=1)
    choice = (cdf <= u[:, None] * cdf[:, -1:]).sum(axis=1)
    return np.minimum(choice, probabilities.shape[1] - 1)


class Chooser:
    """One decision of one agent, in every world: its rule and its learning state."""

    def __init__(self, actions: tuple[str, ...], params: dict[str, np.ndarray]):
        self.actions = actions
        self.rule = params["decision_rule"]
        self.rationality = params["rationality"]
        self.recency = params["recency"]
        self.experimentation = params["experimentation"]
        self.foregone_weight = params["foregone_weight"]
        self.experience_decay = params["experience_decay"]
        self.uses = {r: bool(np.any(self.rule == r)) for r in (LOGIT, ROTH_EREV, EWA)}
        self.attraction: np.ndarray | None = None  # EWA attractions A
        self.experience: np.ndarray | None = None  # EWA experience N
        self.propensity: np.ndarray | None = None  # Roth-Erev propensities q

    def probabilities(self, values: np.ndarray) -> np.ndarray:
        """Choice probabilities for this quarter's action ``values`` (worlds, actions)."""
        if self.attraction is None:
            self._start(values)
        probs = logit_probabilities(values, self.rationality) if self.uses[LOGIT] else None
        if self.uses[ROTH_EREV]:
            q = self.propensity / self.propensity.sum(axis=1, keepdims=True)
            probs = q if probs is None else np.where((self.rule == ROTH_EREV)[:, None], q, probs)
        if self.uses[EWA]:
            a = logit_probabilities(self.attraction, self.rationality)
            probs = a if probs is None else np.where((self.rule == EWA)[:, None], a, probs)
        return probs

    def choose(self, values: np.ndarray, u: np.ndarray, forced: np.ndarray | None = None) -> np.ndarray:
        """Choose one action per world, then learn from ``values``.

        ``forced`` (worlds,) imposes an action where it is >= 0 (a counterfactual
        strategy); learning then follows the action actually taken.
        """
        choice = sample(self.probabilities(values), u)
        if forced is not None:
            choice = np.where(forced >= 0, forced, choice)
        self.learn(values, choice)
        return choice

    def _start(self, values: np.ndarray) -> None:
        # Prior attractions are the first quarter's values; Roth-Erev propensities
        # start equal, at the scale of the first quarter's value differences.
        self.attraction = values.copy()
        self.experience = np.ones(values.shape[0])
        spread = values.max(axis=1) - values.min(axis=1)
        self.propensity = np.repeat((spread + 1e-6)[:, None], values.shape[1], axis=1)

    def learn(self, values: np.ndarray, choice: np.ndarray) -> None:
        """Update learning state with realised and foregone action values."""
        chosen = np.zeros_like(values, dtype=bool)
        chosen[np.arange(values.shape[0]), choice] = True
        n = values.shape[1]
        if self.uses[ROTH_EREV]:
            phi, eps = self.recency[:, None], self.experimentation[:, None]
            gain = values[np.arange(values.shape[0]), choice] - values.min(axis=1)
            reward = np.where(chosen, 1.0 - eps, eps / (n - 1)) * gain[:, None]
            self.propensity = np.maximum((1.0 - phi) * self.propensity + reward, 1e-9)
        if self.uses[EWA]:
            phi = 1.0 - self.recency
            delta = self.foregone_weight[:, None]
            n_new = self.experience_decay * self.experience + 1.0
            weight = np.where(chosen, 1.0, delta)
            self.attraction = ((phi * self.experience)[:, None] * self.attraction
                               + weight * values) / n_new[:, None]
            self.experience = n_new
