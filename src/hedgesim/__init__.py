"""hedgesim: an agent-based hedging game of Kazakhstan between China, the EU and Russia.

Mesa agents choose investment, pressure and alignment actions each quarter
under Kuik's returns-maximisation and risk-contingency payoffs, after
Botelho dos Santos & Borges (2026), "Kazakhstan's Geoeconomic Hedging".
"""

from importlib.metadata import PackageNotFoundError, version

from hedgesim.game.model import HedgingModel, quarter_label
from hedgesim.game.parameters import PARAMETERS, Parameter, defaults

try:
    __version__ = version("hedgesim")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0+unknown"

__all__ = ["PARAMETERS", "HedgingModel", "Parameter", "__version__", "defaults", "quarter_label"]
