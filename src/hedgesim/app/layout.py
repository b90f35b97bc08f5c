"""The app's frame: an app bar with the page menu, a sidebar that never covers the page, the page.

Solara's AppLayout is written for Vuetify 2: on the Vue 3 front end this app
pins (ipyvuetify 3) its page tabs need a component ipyvuetify 3 lacks, and
below 1280 px its sidebar turns into an overlay whose grey scrim catches every
click on the page. This layout uses Vuetify 3's own parts instead:

* ``Layout`` (every page's): the app bar with one button per route, and the
  tab's identity (``session.TabSession``), which pages wait for;
* ``Sidebar``: a permanent navigation drawer at every width (the ☰ button hides
  and shows it; the page moves over, nothing covers it);
* ``Main``: the page's content beside it.

``presenting`` hides the app bar and the sidebar (the classroom's full-screen
presentation view).
"""

from __future__ import annotations

import solara
from solara.alias import rv as v

from hedgesim.app.session import TabSession

TITLE = "hedgesim · Kazakhstan's hedging game"
SIDEBAR_PX = 330

sidebar_open = solara.reactive(True)   # per page load (kernel), like every module-level reactive
presenting = solara.reactive(False)

CSS = f"""
.v-application {{ font-size: 17px; }}
.hedgesim-appbar .v-toolbar-title {{ font-size: 1.3rem; }}
.hedgesim-nav {{ gap: 2px; margin-right: 8px; background: transparent !important; flex-wrap: nowrap; }}
.hedgesim-nav .v-btn {{ color: white !important; font-size: 1.02rem; letter-spacing: 0.02em;
  opacity: 0.85; min-width: 0; padding: 0 12px; }}
.hedgesim-nav .v-btn.hedgesim-nav-active {{ opacity: 1; font-weight: 700;
  border-bottom: 3px solid white; border-radius: 0; }}
.hedgesim-sidebar .v-navigation-drawer__content {{ overflow-y: auto; }}
.hedgesim-sidebar-content {{ padding: 10px 12px 24px 12px; display: flex; flex-direction: column;
  gap: 10px; }}
.hedgesim-main {{ min-width: 0; }}
.hedgesim-main-content {{ padding: 8px 10px 10px 10px; width: 100%; max-width: 100%; min-width: 0;
  contain: inline-size;
  overflow-x: hidden; }}
.hedgesim-sidebar .v-card-text {{ display: flex; flex-direction: column; gap: 10px; }}
.hedgesim-sidebar-toggle .v-btn__content::before {{ content: "\\2630"; font-size: 26px; color: white; }}
.v-checkbox .v-selection-control__wrapper {{ font-size: 0; }}
.v-checkbox .v-selection-control__wrapper .v-icon {{ font-size: 24px; }}
.v-navigation-drawer .v-label {{ white-space: normal; opacity: 0.9; color: #111; font-size: 1rem; }}
"""


@solara.component
def Navigation(route: solara.Route | None, routes: list[solara.Route]):
    """A button per page; the current page's is underlined."""
    router = solara.use_router()
    with solara.Row(classes=["hedgesim-nav"], style={"align-items": "center"}):
        for each in routes:
            path = solara.resolve_path(each, level=0)
            solara.Button(each.label or each.path, text=True, on_click=lambda p=path: router.push(p),
                          classes=["hedgesim-nav-button", f"hedgesim-nav-{each.path.strip('/') or 'home'}"]
                          + (["hedgesim-nav-active"] if each is route else []))


@solara.component
def Layout(children=[]):
    """Every page: the app bar (unless presenting), the tab's identity, then the page."""
    route, routes = solara.use_route()
    solara.Style(CSS)
    TabSession()
    if not presenting.value:
        AppBar(route, [r for r in routes if r.label])
    for child in children:
        solara.display(child)


@solara.component
def AppBar(route: solara.Route | None, routes: list[solara.Route]):
    """The title, the sidebar's ☰ toggle and the page menu."""
    with v.AppBar(color="primary", density="compact", class_="hedgesim-appbar") as bar:
        menu = v.AppBarNavIcon(class_="hedgesim-sidebar-toggle")
        v.use_event(menu, "click", lambda *_: sidebar_open.set(not sidebar_open.value))
        v.ToolbarTitle(children=[TITLE])
        Navigation(route, routes)
    return bar


@solara.component
def Sidebar(children=[]):
    """The page's controls, in a drawer that is part of the layout at every width (never an overlay)."""
    return v.NavigationDrawer(
        model_value=sidebar_open.value and not presenting.value, permanent=True, width=SIDEBAR_PX,
        class_="hedgesim-sidebar",
        children=[solara.Div(children=children, classes=["hedgesim-sidebar-content"])])


@solara.component
def Main(children=[], classes: list[str] = []):  # noqa: B006 - Solara's convention
    """The page's content, beside the sidebar."""
    return v.Main(class_="hedgesim-main", children=[
        solara.Div(children=children, classes=["hedgesim-main-content", *classes])])
