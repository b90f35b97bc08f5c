"""Decision rules: how a player turns action values into a choice, in every world.

Every decision in hedgesim is a choice among a few discrete actions whose
values (present values in USD bn over the planning horizon) the stage game
computes at the node the player reaches (``stage_game.py``). A player's policy
(its strategy) may rule some actions out: a boolean ``allowed`` mask, applied
by every rule. Three rules map values to choice probabilities:

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

from enum import IntEnum

import numpy as np


class Rule(IntEnum):
    """The decision rules, as the ``decision_rule`` parameter codes them."""

    LOGIT = 0
    ROTH_EREV = 1
    EWA = 2


LOGIT, ROTH_EREV, EWA = Rule.LOGIT, Rule.ROTH_EREV, Rule.EWA


def logit_probabilities(values: np.ndarray, rationality: np.ndarray,
                        allowed: np.ndarray | None = None) -> np.ndarray:
    """Quantal-response probabilities over the last axis of ``values`` (..., worlds, actions);
    ``rationality`` (worlds,); actions not ``allowed`` (worlds, actions) get probability 0."""
    x = rationality[:, None] * values
    if allowed is not None:
        x = np.where(allowed, x, -np.inf)
    x = x - x.max(axis=-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


def quantal_response(values: np.ndarray, rationality: np.ndarray,
                     allowed: np.ndarray | None = None) -> np.ndarray:
    """Logit quantal response over the FIRST axis of ``values`` (actions, ..., worlds).

    The stage game lays its arrays out actions first: reductions then run over whole
    contiguous slices, several times faster than over a short last axis. ``allowed``
    (actions, worlds) masks the actions a policy rules out.
    """
    x = rationality * values
    if allowed is not None:
        shape = (allowed.shape[0],) + (1,) * (values.ndim - 2) + (allowed.shape[-1],)
        x = np.where(allowed.reshape(shape), x, -np.inf)
    x -= x.max(axis=0)
    np.exp(x, out=x)
    x /= x.sum(axis=0)
    return x


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


class NonFiniteValueError(FloatingPointError):
    """An action value that is NaN or infinite: a broken state, never silently action 0."""

    def __init__(self, message: str, world: int):
        super().__init__(message)
        self.world = world


class Chooser:
    """One decision of one player, in every world: its rule, its policy and its learning state."""

    def __init__(self, name: str, actions: tuple[str, ...], params: dict[str, np.ndarray],
                 allowed: np.ndarray | None = None):
        self.name = name
        self.actions = actions
        self.allowed = allowed  # (worlds, actions) from the player's strategy, or None
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

    def probabilities(self, values: np.ndarray, logit: np.ndarray | None = None) -> np.ndarray:
        """Choice probabilities for this quarter's action ``values`` (worlds, actions).

        ``logit``, if given, are the logit quantal-response probabilities of these values
        already computed by the stage game: the same numbers, not computed twice.
        """
        self.check(values)
        if self.attraction is None and (self.uses[ROTH_EREV] or self.uses[EWA]):
            self._start(values)
        if not self.uses[LOGIT]:
            probs = None
        elif logit is not None:
            probs = logit
        else:
            probs = logit_probabilities(values, self.rationality, self.allowed)
        if self.uses[ROTH_EREV]:
            q = self._restrict(self.propensity)
            probs = q if probs is None else np.where((self.rule == ROTH_EREV)[:, None], q, probs)
        if self.uses[EWA]:
            a = logit_probabilities(self.attraction, self.rationality, self.allowed)
            probs = a if probs is None else np.where((self.rule == EWA)[:, None], a, probs)
        return probs

    def _restrict(self, weights: np.ndarray) -> np.ndarray:
        """Normalised weights over the allowed actions."""
        if self.allowed is not None:
            weights = np.where(self.allowed, weights, 0.0)
        return weights / weights.sum(axis=1, keepdims=True)

    def check(self, values: np.ndarray) -> None:
        """Raise NonFiniteValueError naming the first world whose allowed values are not finite."""
        bad = ~np.isfinite(values)
        if self.allowed is not None:
            bad &= self.allowed
        if bad.any():
            world, action = np.argwhere(bad)[0]
            raise NonFiniteValueError(f"decision {self.name!r}: world {world} has a non-finite value "
                                      f"({values[world, action]}) for action {self.actions[action]!r}",
                                      int(world))

    def choose(self, values: np.ndarray, u: np.ndarray, logit: np.ndarray | None = None) -> np.ndarray:
        """Choose one action per world from ``values`` (worlds, actions), then learn from them."""
        choice = sample(self.probabilities(values, logit), u)
        self.learn(values, choice)
        return choice

    def _start(self, values: np.ndarray) -> None:
        # Prior attractions are the first quarter's values; Roth-Erev propensities
        # start equal, at the scale of the first quarter's value differences.
        self.attraction = values.copy()
        self.experience = np.ones(values.shape[0])
        top = values if self.allowed is None else np.where(self.allowed, values, -np.inf)
        bottom = values if self.allowed is None else np.where(self.allowed, values, np.inf)
        spread = np.nan_to_num(top.max(axis=1) - bottom.min(axis=1), posinf=0.0, neginf=0.0)
        self.propensity = np.repeat((spread + 1e-6)[:, None], values.shape[1], axis=1)

    def learn(self, values: np.ndarray, choice: np.ndarray) -> None:
        """Update learning state with realised and foregone action values."""
        if not (self.uses[ROTH_EREV] or self.uses[EWA]):
            return  # logit quantal response keeps no state
        chosen = np.zeros_like(values, dtype=bool)
        chosen[np.arange(values.shape[0]), choice] = True
        n = values.shape[1]
        if self.uses[ROTH_EREV]:
            phi, eps = self.recency[:, None], self.experimentation[:, None]
            floor = values if self.allowed is None else np.where(self.allowed, values, np.inf)
            gain = values[np.arange(values.shape[0]), choice] - floor.min(axis=1)
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
