"""Batch experiments: sweep specs, designs, the vectorised runner, the store and executors.

    from hedgesim.analysis.sweep import run_sweep, load_results, evaluate
    result = run_sweep("example", out="results/example", executor="processes")
    result.runs            # one row per run: parameters, seed, outcome metrics
"""

from hedgesim.game.outcomes import OUTCOMES
from hedgesim.analysis.sweep.evaluate import evaluate, evaluate_many, salib_function
from hedgesim.analysis.sweep.plan import SweepResult
from hedgesim.analysis.sweep.runner import run_sweep
from hedgesim.analysis.sweep.spec import SweepSpec, load_spec
from hedgesim.analysis.sweep.store import load_results

__all__ = ["OUTCOMES", "SweepResult", "SweepSpec", "evaluate", "evaluate_many", "load_results",
           "load_spec", "run_sweep", "salib_function"]
