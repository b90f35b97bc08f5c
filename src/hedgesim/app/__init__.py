"""The hedgesim web app: ``hedgesim app`` or ``solara run hedgesim.app``.

Each page is a Solara route; add a page (a sweep page, a sensitivity page) by
appending a ``solara.Route`` to ``routes``: Solara then shows a tab per page.
"""

import solara

from hedgesim.app.classroom import Classroom
from hedgesim.app.server import serve, configure_solara

configure_solara()

routes = [
    solara.Route(path="/", component=Classroom, label="Classroom"),
]

__all__ = ["Classroom", "routes", "serve"]
