"""Config files: scenarios as YAML, validated against the game's parameter schema.

Imports only ``hedgesim.game``.
"""
