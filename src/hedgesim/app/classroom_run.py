"""One tab's classroom run: the scenario, the sliders, the Mesa model, and playing it.

``ClassroomRun`` is the state the classroom page shows; it lives in the tab's
state (``hedgesim.app.session``), so it survives leaving the page and
reloading it. It drives ``HedgingModel`` (one world) itself, one quarter at a
time:

* every quarter is drawn: ``play`` steps, lets the page draw the quarter, and
  waits until the browser has shown it (``shown``) before the next one, at
  every speed;
* a new scenario, Reset or closing the tab stops the old run at once: each run
  has a generation number, and the playing thread stops as soon as it is not
  the current one (it holds the lock while it steps, so a Reset never sees a
  half-done quarter);
* a slider moved before the first quarter applies at once (the run starts
  afresh); moved later, it waits for Reset and ``changed`` names it;
* Reset or a new scenario keeps the run just ended as ``previous``, drawn
  faintly for comparison.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from hedgesim import __version__
from hedgesim.app.scenario_panel import MAIN, scenarios
from hedgesim.game.model import HedgingModel
from hedgesim.game.parameters import Parameter, defaults

# Seconds between quarters; every quarter is drawn and shown whatever the speed.
SPEEDS = {"slow": ("Slow: a quarter every 2 s", 2.0),
          "normal": ("Normal: a quarter a second", 1.0),
          "fast": ("Fast: three quarters a second", 1 / 3),
          "fastest": ("Fastest: as fast as the screen draws", 0.0)}
# Seconds to wait for the browser to show a quarter before playing the next anyway (a page that
# has lost its connection). A hidden tab answers at once; 3 s was too short for ten browsers on
# two busy cores, which then received two quarters at once and showed only the second.
SHOWN_TIMEOUT = 10.0


class ClassroomModel(HedgingModel):
    """HedgingModel with one world, as the classroom drives it: the seed comes from a text box."""

    def __init__(self, *, rng: Any = 0, **params: Any):
        super().__init__(worlds=1, rng=seed_from_text(rng), **params)


def seed_from_text(text: Any) -> int:
    """A non-negative integer seed from what was typed (its digits; 0 if none)."""
    digits = "".join(c for c in str(text) if c.isdigit())
    return int(digits[:18]) if digits else 0


def seed_problem(text: str) -> str:
    """Why ``text`` is not a seed ("" if it is one)."""
    text = text.strip()
    if not text.isdigit():
        return "a whole number, 0 or more (e.g. 0, 1, 42)"
    return "" if len(text) <= 18 else "at most 18 digits"


def slider_step(p: Parameter, values: list[float]) -> float:
    """The coarsest power-of-ten step, about 1/20 of the range or finer, that hits every value."""
    step = 10.0 ** math.floor(math.log10((p.high - p.low) / 20.0))
    while any(abs(v / step - round(v / step)) > 1e-6 for v in values) and step > 1e-4:
        step /= 10.0
    return 1 if p.kind == "int" else step


def slider_values(scenario: str) -> dict[str, float]:
    """The main parameters' values in a scenario (the sliders' positions when it is chosen)."""
    values = {**defaults(), **scenarios()[scenario].params}
    return {p.name: values[p.name] for p in MAIN}


def steps_of(p: Parameter) -> float:
    known = [p.low, p.default] + [s.params.get(p.name, p.default) for s in scenarios().values()]
    return slider_step(p, known)


def model_params(scenario: str, sliders: dict[str, float], seed: str) -> dict[str, Any]:
    """The model's parameters: the scenario's, the sliders' on top, the seed, the horizon, and
    the start quarter and timeline of dated events (the history scenario starts in 2014Q1)."""
    s = scenarios()[scenario]
    return {**s.params, **sliders, "rng": seed, "horizon": s.steps, **s.model_settings()}


def new_model(scenario: str, sliders: dict[str, float] | None = None, seed: str = "0") -> ClassroomModel:
    """A model at the start of a scenario (its own slider values unless given)."""
    return ClassroomModel(**model_params(scenario, sliders or slider_values(scenario), seed))


@dataclass(frozen=True)
class Finished:
    """A run kept for comparison: its label and its time series."""

    label: str
    series: pd.DataFrame


class ClassroomRun:
    """The classroom's state in one tab. Methods are safe to call from any thread."""

    def __init__(self, scenario: str = "baseline"):
        self.lock = threading.RLock()
        self.generation = 0
        self.playing = False
        self.owner = ""
        self.speed = "normal"
        self.show_previous = True
        self.previous: Finished | None = None
        self.model: ClassroomModel | None = None
        self.frame = 0               # bumped for every quarter drawn
        self.frame_started = 0.0     # when the last frame's quarter began (epoch ms)
        self._shown = threading.Condition()
        self._shown_frame = -1
        self._wake = threading.Event()
        self.server_seconds: list[float] = []   # step + draw per quarter played, on the server
        self.load(scenario)

    # ------------------------------------------------------------- what is shown
    @property
    def scenario_title(self) -> str:
        return scenarios()[self.scenario].title

    @property
    def finished(self) -> bool:
        return self.model.steps >= self.model.horizon

    @property
    def started(self) -> bool:
        return self.model.steps > 0

    @property
    def changed(self) -> list[str]:
        """Sliders (and "seed") moved since the run began: they wait for Reset."""
        names = [n for n, v in self.sliders.items() if v != self.applied_sliders.get(n)]
        return names + (["seed"] if self.seed.strip() != self.applied_seed.strip() else [])

    def series(self) -> pd.DataFrame:
        """This run's time series so far (one world)."""
        with self.lock:
            if self._series_at != (self.generation, self.model.steps):
                df = self.model.timeseries()
                self._series = df[df["world"] == 0].reset_index(drop=True)
                self._series_at = (self.generation, self.model.steps)
            return self._series

    def label(self) -> str:
        """What the run is, in words: "EU interest wanes, 12 quarters"."""
        steps = self.model.steps
        return f"{self.run_title}, {steps} quarter{'s' if steps != 1 else ''}"

    # ------------------------------------------------------------- changes
    def load(self, scenario: str) -> None:
        """Choose a scenario: its slider values, the same seed, a new run (the old one kept)."""
        with self.lock:
            self.stop()
            self._keep_previous()
            self.scenario = scenario
            self.sliders = slider_values(scenario)
            self.seed = getattr(self, "applied_seed", "0")
            self._rebuild()

    def restart(self) -> None:
        """Reset: a new run with the sliders' and seed's current values (the old one kept)."""
        with self.lock:
            self.stop()
            self._keep_previous()
            if seed_problem(self.seed):
                self.seed = self.applied_seed
            self._rebuild()

    def set_slider(self, name: str, value: float) -> None:
        """Move a slider: applied at once before the first quarter, else on Reset."""
        with self.lock:
            self.sliders[name] = value
            if not self.started:
                self._rebuild()

    def set_seed(self, text: str) -> None:
        """Type a seed: applied at once before the first quarter (if it is one), else on Reset."""
        with self.lock:
            self.seed = text
            if not self.started and not seed_problem(text):
                self._rebuild()

    def _keep_previous(self) -> None:
        if self.model is not None and self.model.steps > 0:
            self.previous = Finished(self.label(), self.series().copy())

    def _rebuild(self) -> None:
        """A fresh model with the current settings, nothing played yet."""
        self.stop()
        self.model = ClassroomModel(**model_params(self.scenario, self.sliders, self.seed))
        self.run_title = self.scenario_title
        self.applied_sliders = dict(self.sliders)
        self.applied_seed = self.seed
        self._series_at = None
        self.generation += 1
        self.frame += 1

    # ------------------------------------------------------------- playing
    def step(self, generation: int | None = None) -> bool:
        """One quarter (of the run ``generation``, if given); False when finished or superseded."""
        with self.lock:
            if generation is not None and generation != self.generation:
                return False
            if self.finished:
                return False
            self.frame_started = time.time() * 1000.0
            self.model.step()
            self.frame += 1
            return True

    def stop(self) -> None:
        """Stop playing (the run stays where it is)."""
        with self.lock:
            self.playing = False
            self.generation += 1
            self._wake.set()

    stop_work = stop  # the tab was closed

    def stop_if_owner(self, owner: str) -> None:
        """Stop playing if the page ``owner`` started it (that page has gone)."""
        with self.lock:
            if self.playing and self.owner == owner:
                self.stop()

    def shown(self, frame: int) -> None:
        """The browser has shown ``frame``."""
        with self._shown:
            self._shown_frame = max(self._shown_frame, frame)
            self._shown.notify_all()

    def wait_shown(self, frame: int, timeout: float) -> bool:
        with self._shown:
            return self._shown.wait_for(lambda: self._shown_frame >= frame, timeout)

    def play(self, draw: Callable[[], None], done: Callable[[], None],
             alive: Callable[[], bool] = lambda: True, owner: str = "") -> None:
        """Play from here in a thread: each quarter, step, ``draw()``, wait until shown, pause.

        ``draw`` renders the page (it returns when the page is updated);
        ``done`` is called once when playing stops for any reason but a
        newer run; ``alive`` says whether the page is still open.
        """
        with self.lock:
            if self.finished:
                return
            self.stop()
            self.playing = True
            self.owner = owner
            self._wake.clear()
            generation = self.generation

        def loop() -> None:
            try:
                while alive():
                    started = time.perf_counter()
                    if not self.step(generation):
                        break
                    frame = self.frame
                    draw()
                    self.server_seconds.append(time.perf_counter() - started)
                    self.wait_shown(frame, SHOWN_TIMEOUT)
                    pause = SPEEDS[self.speed][1] - (time.perf_counter() - started)
                    if pause > 0 and self._wake.wait(pause):
                        break
            finally:
                with self.lock:
                    current = generation == self.generation
                    if current:
                        self.playing = False
                if current:
                    done()

        threading.Thread(target=loop, daemon=True, name="hedgesim-play").start()

    # ------------------------------------------------------------- export
    def csv(self) -> str:
        """The run's time series with its metadata columns (scenario, seed, version, sliders)."""
        df = self.series().copy()
        meta = {"scenario": self.scenario, "seed": str(seed_from_text(self.applied_seed)),
                "hedgesim_version": __version__}
        for i, (name, value) in enumerate(meta.items()):
            df.insert(i, name, value)
        for name, value in self.applied_sliders.items():
            df[f"param_{name}"] = value
        return df.to_csv(index=False, float_format="%.6g")

    def filename(self) -> str:
        return f"classroom_{self.scenario}_seed{seed_from_text(self.applied_seed)}.csv"
