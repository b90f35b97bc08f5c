"""Calendar quarters: a run starts in any quarter from 2014Q1, and step 1 is that quarter."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hedgesim.game.parameters import ParameterError

QUARTERS_PER_YEAR = 4
FIRST = "2014Q1"          # the earliest start: the history the model is validated against begins here
LAST = "2040Q4"           # the latest quarter a run may start in or an event may be dated
DEFAULT_START = "2025Q1"  # forecasts start here
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, e.g. Quarter(2022, 1) is 2022Q1."""

    year: int
    q: int

    @classmethod
    def parse(cls, text: str, what: str = "quarter") -> Quarter:
        """A quarter from text like ``2014Q1``; ParameterError names ``what`` and the allowed range."""
        match = _QUARTER.match(str(text).strip())
        if not match:
            raise ParameterError(f"{what}: {str(text)[:40]!r} is not a quarter; allowed: YYYYQn from "
                                 f"{FIRST} to {LAST}, e.g. 2014Q1")
        quarter = cls(int(match.group(1)), int(match.group(2)))
        if not cls.parse_bound(FIRST) <= quarter <= cls.parse_bound(LAST):
            raise ParameterError(f"{what}: {quarter} is out of range; allowed: a quarter from {FIRST} to {LAST}")
        return quarter

    @classmethod
    def parse_bound(cls, text: str) -> Quarter:
        match = _QUARTER.match(text)
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.year}Q{self.q}"

    @property
    def index(self) -> int:
        """Quarters since year 0 (for differences)."""
        return self.year * QUARTERS_PER_YEAR + self.q - 1

    def plus(self, quarters: int) -> Quarter:
        index = self.index + quarters
        return Quarter(index // QUARTERS_PER_YEAR, index % QUARTERS_PER_YEAR + 1)

    @property
    def decimal_year(self) -> float:
        """The quarter's start as a year: 2025Q1 is 2025.0, 2025Q3 is 2025.5."""
        return self.year + (self.q - 1) / QUARTERS_PER_YEAR


def quarter_of_step(step: int, start: Quarter | str = DEFAULT_START) -> Quarter:
    """The calendar quarter of model step ``step`` (step 1 is the start quarter)."""
    start = Quarter.parse(start) if isinstance(start, str) else start
    return start.plus(max(step, 1) - 1)


def step_of(quarter: Quarter, start: Quarter) -> int:
    """The model step at which ``quarter`` is played (1 for the start quarter)."""
    return quarter.index - start.index + 1
