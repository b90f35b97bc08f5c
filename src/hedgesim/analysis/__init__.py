"""The experiment machinery: sweeps (specs, designs, runner, store, executors), sensitivity
analysis and calibration of the route constants.

Imports ``hedgesim.game`` and ``hedgesim.config``, never the app or the CLI.
"""
