"""The app's layout: Solara's AppLayout with a page menu in the app bar.

With more than one route, Solara's AppLayout draws its navigation with
``solara.lab.Tabs``, which calls ``ipyvuetify.TabsSlider``: ipyvuetify 3 (the
Vue 3 front end this app pins) has no such component, and every page would fail
to render. So the layout turns that navigation off and puts one button per
route in the app bar instead.

``fix_theme_toggle`` mends Solara's theme toggle (SolaraViz puts one in the
classroom's app bar): its template assigns an undeclared ``storedTheme``,
which Vue 3's strict-mode scripts refuse, so every time the toggle mounts with
a stored theme (a reload, or coming back to the classroom from another page)
the browser logs "ReferenceError: storedTheme is not defined".
"""

from __future__ import annotations

import inspect
import os

import solara

NAV_CSS = """
.hedgesim-nav { gap: 4px; margin-right: 8px; background: transparent !important; }
.hedgesim-nav .v-btn { color: white !important; font-size: 1.05rem; letter-spacing: 0.02em;
  opacity: 0.8; }
.hedgesim-nav .v-btn.hedgesim-nav-active { opacity: 1; font-weight: 700;
  border-bottom: 3px solid white; border-radius: 0; }
"""


@solara.component
def Navigation(route: solara.Route | None, routes: list[solara.Route]):
    """A button per page; the current page's is underlined."""
    router = solara.use_router()
    with solara.Row(classes=["hedgesim-nav"], style={"align-items": "center"}):
        solara.Style(NAV_CSS)  # inside the row: a second element would wrap both in a white sheet
        for each in routes:
            path = solara.resolve_path(each, level=0)
            active = each is route
            solara.Button(each.label or each.path, text=True, on_click=lambda p=path: router.push(p),
                          classes=["hedgesim-nav-button", f"hedgesim-nav-{each.path.strip('/') or 'home'}"]
                          + (["hedgesim-nav-active"] if active else []))


@solara.component
def Layout(children=[]):
    """Solara's AppLayout without its (Vue 2 only) tabs, and the page menu in the app bar."""
    route, routes = solara.use_route()  # here: inside the app bar's portal they are unknown
    return solara.AppLayout(children=[solara.AppBar(children=[Navigation(route, routes)]), *children],
                            navigation=False)


def fix_theme_toggle() -> None:
    """Declare the theme toggle template's ``storedTheme`` (idempotent; no-op if Solara changes)."""
    from solara.lab.components import theming

    for cell in theming._ThemeToggle.__closure__ or ():
        widget = cell.cell_contents
        if inspect.isclass(widget) and getattr(widget, "template_file", None):
            fixed = _with_declared_stored_theme(widget)
            if fixed is not None:
                cell.cell_contents = fixed
            return


def _with_declared_stored_theme(widget: type) -> type | None:
    rel_file, name = widget.template_file
    with open(os.path.join(os.path.dirname(rel_file), name), encoding="utf-8") as f:
        text = f.read()
    if "storedTheme = JSON.parse" not in text:
        return None
    fixed = text.replace("storedTheme = JSON.parse", "const storedTheme = JSON.parse")

    class FixedThemeToggle(widget):
        template_file = None

        def __init__(self, *args, **kwargs):
            super().__init__(*args, template=fixed, **kwargs)

    return FixedThemeToggle
