"""The hedgesim web app: ``hedgesim app`` or ``solara run hedgesim.app``.

Each page is a Solara route; add a page by appending a ``solara.Route`` to
``routes``: ``Layout`` (the root route's layout: every page's) then shows a button
for it in the app bar (routes without a label are reachable but not in the menu).
"""

import solara

from hedgesim.app.classroom import Classroom
from hedgesim.app.game_page import GamePage
from hedgesim.app.info_page import InfoPage, OddPage
from hedgesim.app.layout import Layout
from hedgesim.app.sensitivity_page import SensitivityPage
from hedgesim.app.server import serve, configure_solara
from hedgesim.app.sweep_page import SweepPage

configure_solara()

routes = [
    solara.Route(path="/", component=Classroom, label="Classroom", layout=Layout),  # every page
    solara.Route(path="sweep", component=SweepPage, label="Sweep"),
    solara.Route(path="sensitivity", component=SensitivityPage, label="Sensitivity"),
    solara.Route(path="game", component=GamePage, label="Game"),
    solara.Route(path="info", component=InfoPage, label="Info"),
    solara.Route(path="odd", component=OddPage),  # reached from Info, not in the menu
]

__all__ = ["Classroom", "GamePage", "InfoPage", "Layout", "OddPage", "SensitivityPage", "SweepPage",
           "routes", "serve"]
