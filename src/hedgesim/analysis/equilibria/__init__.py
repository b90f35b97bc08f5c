"""Empirical game-theoretic analysis (Wellman 2006) of a table of simulated payoffs.

Give it the payoff of every player in every world under every strategy profile,
an array shaped ``(worlds, n_1, ..., n_N, N)``::

    table = PayoffTable.from_samples(samples, players, strategies, unit="USD bn")
    table.pure_equilibria()            # all pure Nash equilibria of the mean table
    table.profiles()                   # regret, epsilon, significance per profile
    table.bootstrap(1000, rng=0)       # worlds resampled jointly across profiles
    result = analyse(table)            # all of it, plus pygambit's solvers and the QRE
    write_tables(result, "out/")       # Parquet, CSV and a markdown report

The model-free half of the method: the lead wires the simulation of every profile
(docs/game.md). The pygambit solvers need the ``equilibria`` extra.
"""

from hedgesim.analysis.equilibria.bootstrap import Bootstrap
from hedgesim.analysis.equilibria.figures import payoff_heatmap, phase_diagram
from hedgesim.analysis.equilibria.report import (CAVEAT, EquilibriumAnalysis, analyse,
                                                 phase_point, report_section, write_tables)
from hedgesim.analysis.equilibria.table import PayoffTable

__all__ = ["CAVEAT", "Bootstrap", "EquilibriumAnalysis", "PayoffTable", "analyse",
           "payoff_heatmap", "phase_diagram", "phase_point", "report_section", "write_tables"]
