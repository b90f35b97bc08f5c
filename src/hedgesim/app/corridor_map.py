"""The corridor map: a schematic geographic map of the three EU-China overland routes, as SVG.

Nodes sit at approximate longitude and latitude; borders and the Caspian are
rough outlines drawn by hand, good enough to say where the cargo goes, not to
navigate by. Each route is drawn twice: a pale wide band for its capacity and
a solid line whose width is this quarter's flow, labelled in Mt per year. The
CPC oil pipeline turns red in a quarter of Russian pressure.

``map_layers(report, quarter)`` makes the SVG markup of what changes with the
quarter (the routes and their labels: a few kilobytes, about a millisecond);
the land, the sea and the towns are sent once. ``map_svg`` is the whole map
as one SVG document. Its drawing
units are close to screen pixels in the classroom's map cell at 1280 px wide,
and every text is at least 20 units: 16 px or more on a projector.
"""

from __future__ import annotations

import html
import math

import solara

from hedgesim.app.svg_figure import SvgFigure
from hedgesim.plots import ROUTE_COLOURS

# Approximate (longitude, latitude) in degrees.
PLACES = {
    "Urumqi": (87.6, 43.8), "Kashgar": (76.0, 39.5),
    "Khorgos": (80.4, 44.2), "Dostyk": (82.5, 45.3), "Almaty": (76.9, 43.25),
    "Aktogay": (79.6, 46.95), "Astana": (71.45, 51.15), "Petropavl": (69.15, 54.87),
    "Yekaterinburg": (60.6, 56.8), "Moscow": (37.6, 55.75),
    "Shymkent": (69.6, 42.3), "Kyzylorda": (65.5, 44.85), "Beyneu": (55.2, 45.3),
    "Aktau": (51.2, 43.65), "Baku": (49.9, 40.4),
    "Tbilisi": (44.8, 41.7), "Andijan": (72.3, 40.8), "Tashkent": (69.2, 41.3),
    "Bukhara": (64.4, 39.8), "Turkmenabat": (63.5, 39.1),
    "Tengiz": (53.4, 46.1), "Atyrau": (51.9, 47.1), "Astrakhan": (48.0, 46.35),
    "Novorossiysk": (37.8, 44.7),
}

# Routes as polylines of places (from China westward): the column of their flow, a short
# name, the place after which the route crosses the sea (by ferry), and where its label sits.
ROUTES = {
    "northern_mt": ("Northern route", ["Dostyk", "Aktogay", "Astana", "Petropavl", "Yekaterinburg",
                                       "Moscow"], None, (50.0, 53.2)),
    "middle_corridor_mt": ("Middle Corridor", ["Khorgos", "Almaty", "Shymkent", "Kyzylorda",
                                               "Beyneu", "Aktau", "Baku", "Tbilisi"], "Aktau",
                           (42.0, 39.0)),
    "bypass_mt": ("Bypass", ["Kashgar", "Andijan", "Tashkent", "Bukhara", "Turkmenabat"], None,
                  (83.0, 37.9)),
}
CHINA_FEEDERS = [["Urumqi", "Dostyk"], ["Urumqi", "Khorgos"], ["Urumqi", "Kashgar"]]
CPC_PIPELINE = ["Tengiz", "Atyrau", "Astrakhan", "Novorossiysk"]
SHOWN_PLACES = {  # name: (dx, dy, anchor) in drawing units
    "Moscow": (0, -12, "middle"), "Astana": (10, 4, "start"), "Almaty": (0, 24, "middle"),
    "Aktau": (-10, -6, "end"), "Baku": (-10, 16, "end"), "Urumqi": (0, 26, "middle"),
    "Tashkent": (-4, 24, "middle"), "Dostyk": (10, -6, "start"),
}

# Rough outlines, (longitude, latitude).
KAZAKHSTAN = [
    (46.6, 48.5), (47.5, 50.4), (50.5, 51.7), (55.0, 50.8), (58.5, 51.1), (61.4, 52.0),
    (61.0, 53.9), (65.5, 54.6), (69.0, 55.4), (73.4, 54.0), (76.8, 54.4), (78.2, 53.2),
    (80.5, 51.3), (83.4, 51.0), (87.3, 49.1), (85.5, 47.0), (83.0, 47.2), (82.3, 45.5),
    (80.2, 44.9), (80.2, 42.8), (76.0, 42.9), (74.2, 43.2), (71.0, 42.8), (70.7, 42.0),
    (68.4, 40.7), (66.0, 42.9), (62.0, 43.5), (58.6, 45.5), (56.0, 45.0), (56.0, 41.3),
    (52.8, 41.8), (51.7, 43.1), (51.2, 43.7), (50.3, 44.6), (51.3, 45.3), (53.0, 46.0),
    (53.0, 46.9), (51.0, 47.1), (49.2, 46.4), (47.9, 46.4), (46.6, 48.5),
]
CASPIAN = [
    (47.9, 46.3), (49.2, 46.4), (51.0, 47.1), (53.0, 46.9), (53.0, 46.0), (51.3, 45.3),
    (50.3, 44.6), (51.2, 43.7), (51.7, 43.1), (52.8, 41.8), (53.0, 40.0), (54.0, 38.0),
    (53.9, 37.3), (51.5, 36.7), (49.0, 37.5), (48.9, 38.5), (49.4, 40.0), (50.3, 40.4),
    (49.2, 41.3), (48.4, 42.5), (47.5, 43.0), (47.3, 44.5), (47.0, 45.6), (47.9, 46.3),
]
LON0, LON1, LAT0, LAT1 = 33.0, 95.0, 36.0, 58.0
WIDTH = 640.0
SCALE = WIDTH / ((LON1 - LON0) * math.cos(math.radians(47.0)))  # drawing units per degree of latitude
HEIGHT = round((LAT1 - LAT0) * SCALE)
TITLE_SPACE = 30
PX_PER_MT = 1.0       # line width per Mt/yr of flow
FONT = 20             # the smallest text, in drawing units
MISSING = "#bbbbbb"


def xy(lon: float, lat: float) -> tuple[float, float]:
    """Drawing coordinates of a longitude and latitude (equirectangular at 47° N)."""
    return ((lon - LON0) * SCALE * math.cos(math.radians(47.0)),
            TITLE_SPACE + (LAT1 - lat) * SCALE)


def points(places_or_coords) -> str:
    coords = [PLACES[p] if isinstance(p, str) else p for p in places_or_coords]
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(*c) for c in coords))


def text(x: float, y: float, words: str, size: float = FONT, colour: str = "#111", anchor: str = "start",
         weight: str = "normal", halo: bool = True, css: str = "") -> str:
    lines = words.split("\n")
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else size * 1.1:.1f}">{html.escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    stroke = ' stroke="white" stroke-width="4" paint-order="stroke" stroke-linejoin="round"' if halo else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{colour}" text-anchor="{anchor}" '
            f'font-weight="{weight}"{stroke} class="{css}">{spans}</text>')


def polyline(places, colour: str, width: float, opacity: float = 1.0, dash: str = "",
             marker: str = "") -> str:
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    extra += f' marker-end="url(#{marker})"' if marker else ""
    return (f'<polyline points="{points(places)}" fill="none" stroke="{colour}" stroke-width="{width:.1f}" '
            f'stroke-opacity="{opacity}" stroke-linecap="round" stroke-linejoin="round"{extra}/>')


def static_layers() -> str:
    """Land, sea, country names and China's feeder lines: the same every quarter."""
    parts = [f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT + TITLE_SPACE}" fill="#eef1f4"/>',
             f'<polygon points="{points(KAZAKHSTAN)}" fill="#fbf3dc" stroke="#8a7a4a" stroke-width="1.5"/>',
             f'<polygon points="{points(CASPIAN)}" fill="#a9cbe8" stroke="#6d8fb0" stroke-width="1"/>']
    for words, (lon, lat), size in (("KAZAKHSTAN", (63.0, 49.6), 26), ("RUSSIA", (56.0, 55.2), 22),
                                    ("CHINA", (90.0, 40.6), 22)):
        parts.append(text(*xy(lon, lat), words, size, "#8a7a4a" if size == 26 else "#777", "middle",
                          "bold", halo=False))
    parts.append(text(*xy(51.3, 36.3), "Caspian Sea", FONT, "#2f5d88", "middle", halo=False))
    for feeder in CHINA_FEEDERS:
        parts.append(polyline(feeder, "#999", 2.5))
    parts.append(text(*xy(94.6, 45.6), "from\nXi'an", FONT, "#444", "end"))
    parts.append(text(*xy(33.8, 53.9), "to\nEurope", FONT, "#444", "start"))
    return "".join(parts)


STATIC = static_layers()


def markers() -> str:
    return "".join(
        f'<marker id="arrow-{key}" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="3.2" '
        f'markerHeight="3.2" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{ROUTE_COLOURS[key]}"/></marker>' for key in ROUTES)


def route_layer(key: str, flow: float | None, capacity: float | None) -> str:
    name, places, sea_after, _ = ROUTES[key]
    colour = ROUTE_COLOURS[key] if flow is not None else MISSING
    width = PX_PER_MT * (flow or 0.0) + 2.0
    parts = []
    if capacity:
        parts.append(polyline(places, colour, PX_PER_MT * capacity + 6.0, opacity=0.18))
    if sea_after:  # the Caspian crossing by ferry, dashed
        cut = places.index(sea_after) + 1
        parts.append(polyline(places[:cut], colour, width))
        parts.append(polyline(places[cut - 1:cut + 1], colour, width, dash="4 3"))
        parts.append(polyline(places[cut:], colour, width, marker=f"arrow-{key}"))
    else:
        parts.append(polyline(places, colour, width, marker=f"arrow-{key}"))
    return "".join(parts)


def route_label(key: str, flow: float | None) -> str:
    name, _, _, (lon, lat) = ROUTES[key]
    x, y = xy(lon, lat)
    colour = ROUTE_COLOURS[key]
    amount = "no data" if flow is None else f"{flow:.1f} Mt/yr"
    words = f"{name}\n{amount}"
    width = 9.6 * max(len(name), len(amount)) + 14
    return (f'<g class="hedgesim-route-label" data-route="{key}">'
            f'<rect x="{x - width / 2:.1f}" y="{y - FONT - 4:.1f}" width="{width:.1f}" '
            f'height="{2.2 * FONT + 10:.1f}" rx="5" fill="white" fill-opacity="0.93" stroke="{colour}" '
            f'stroke-width="1.5"/>' + text(x, y, words, FONT + 1, colour, "middle", "bold", halo=False)
            + "</g>")


def places_layer() -> str:
    """The towns named on the map (above the routes, below their labels)."""
    parts = []
    for place, (dx, dy, anchor) in SHOWN_PLACES.items():
        x, y = xy(*PLACES[place])
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="white" stroke="#222" stroke-width="2"/>')
        parts.append(text(x + dx, y + dy, place, FONT, "#111", anchor))
    return "".join(parts)


PLACES_LAYER = places_layer()
VIEWBOX = f"0 0 {WIDTH:.0f} {HEIGHT + TITLE_SPACE}"


def map_layers(report: dict[str, float], quarter: str) -> tuple[str, str]:
    """The map's two layers that change with the quarter: the routes (with the CPC pipeline),
    and the labels (flows, transit, the title)."""
    disrupted = report.get("russian_pressure", 0.0) > 0
    cpc_colour = "#b03a2e" if disrupted else "#444"
    routes = [polyline(CPC_PIPELINE, cpc_colour, 3.0 if disrupted else 2.0, dash="6 3"),
              text(*xy(42.5, 47.9), "CPC oil pipeline" + ("\nDISRUPTED" if disrupted else ""),
                   FONT, cpc_colour, "middle", "bold" if disrupted else "normal")]
    capacity = {"northern_mt": None, "middle_corridor_mt": report.get("middle_capacity_mt"),
                "bypass_mt": report.get("bypass_capacity_mt")}
    for key in ROUTES:
        routes.append(route_layer(key, report.get(key), capacity[key]))
    labels = [route_label(key, report.get(key)) for key in ROUTES]
    if report.get("transit_mt") is not None:
        labels.append(text(*xy(63.0, 48.0), f"transit {report['transit_mt']:.1f} Mt/yr", FONT,
                           "#5c4f27", "middle", css="hedgesim-map-transit"))
    labels.append(text(8, 23, f"Corridors in {quarter}", FONT + 2, "#111", "start", "600", halo=False,
                       css="hedgesim-map-title"))
    return "".join(routes), "".join(labels)


def map_svg(report: dict[str, float], quarter: str) -> str:
    """The whole map for one quarter's ``report`` as one SVG document (flows and capacities in
    Mt/yr, pressure 0/1): the layers the page shows, in their order."""
    routes, labels = map_layers(report, quarter)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{VIEWBOX}" '
            f'preserveAspectRatio="xMidYMid meet" font-family="Roboto, Arial, sans-serif">'
            f"<defs>{markers()}</defs>{STATIC}{routes}{PLACES_LAYER}{labels}</svg>")


def initial_report(model) -> dict[str, float]:
    """Flows and capacities of the routes as the model starts, before any step."""
    from hedgesim.game.corridors import BYPASS, MIDDLE, NORTHERN

    flows, routes = model.flows[0], model.capacity["routes"][0]
    return {"northern_mt": float(flows[NORTHERN]), "middle_corridor_mt": float(flows[MIDDLE]),
            "bypass_mt": float(flows[BYPASS]), "middle_capacity_mt": float(routes[MIDDLE]),
            "bypass_capacity_mt": float(routes[BYPASS])}


def quarter_report(model) -> tuple[dict[str, float], str]:
    """The model's last quarter (or its start) as the map's numbers and title."""
    if model.steps:
        return {name: float(values[0]) for name, values in model.report.items()}, model.quarter
    return initial_report(model), f"{model.quarter} (start)"


@solara.component
def CorridorMap(report: dict[str, float], quarter: str):
    """The map of one quarter, with PNG and SVG buttons: only its changing layers are sent."""
    routes, labels = solara.use_memo(lambda: map_layers(report, quarter),
                                     [quarter, tuple(sorted(report.items()))])
    return SvgFigure(VIEWBOX, [f"<defs>{markers()}</defs>{STATIC}", routes, PLACES_LAYER, labels],
                     filename=f"corridors_{quarter.split()[0]}")
