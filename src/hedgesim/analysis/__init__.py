"""The experiment machinery: sweeps (specs, designs, runner, store, executors), sensitivity
analysis, calibration of the route constants, and equilibrium analysis of empirical
payoff tables (``equilibria``).

Imports ``hedgesim.game`` and ``hedgesim.config``, never the app or the CLI.
"""
