"""The hedging game itself: parameters, players, payoffs, corridors, indicators and the Mesa model.

The lowest layer of hedgesim: nothing here imports ``hedgesim.config``,
``hedgesim.analysis``, ``hedgesim.app`` or the top-level modules.
"""
