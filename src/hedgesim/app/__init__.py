"""The hedgesim web app: ``hedgesim app`` or ``solara run hedgesim.app``.

Each page is a Solara route; add a page by appending a ``solara.Route`` to
``routes``: ``Layout`` (the root route's layout: every page's) then shows a button
for it in the app bar.
"""

import solara

from hedgesim.app.classroom import Classroom
from hedgesim.app.game_page import GamePage
from hedgesim.app.layout import Layout, fix_theme_toggle
from hedgesim.app.sensitivity_page import SensitivityPage
from hedgesim.app.server import serve, configure_solara
from hedgesim.app.sweep_page import SweepPage

configure_solara()
fix_theme_toggle()

routes = [
    solara.Route(path="/", component=Classroom, label="Classroom", layout=Layout),  # every page
    solara.Route(path="sweep", component=SweepPage, label="Sweep"),
    solara.Route(path="sensitivity", component=SensitivityPage, label="Sensitivity"),
    solara.Route(path="game", component=GamePage, label="Game"),
]

__all__ = ["Classroom", "GamePage", "Layout", "SensitivityPage", "SweepPage", "routes", "serve"]
