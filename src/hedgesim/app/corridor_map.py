"""The corridor map: a schematic geographic map of the three EU-China overland routes.

Nodes sit at approximate longitude and latitude; borders and the Caspian are
rough outlines drawn by hand, good enough to say where the cargo goes, not to
navigate by. Each route is drawn twice: a pale wide band for its capacity and
a solid line whose width is this quarter's flow, labelled in Mt per year.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from hedgesim.app.charts import FigureImage
from hedgesim.plots import ROUTE_COLOURS

# Approximate (longitude, latitude) in degrees.
PLACES = {
    "Xi'an": (108.9, 34.3), "Urumqi": (87.6, 43.8), "Kashgar": (76.0, 39.5),
    "Khorgos": (80.4, 44.2), "Dostyk": (82.5, 45.3), "Almaty": (76.9, 43.25),
    "Aktogay": (79.6, 46.95), "Astana": (71.45, 51.15), "Petropavl": (69.15, 54.87),
    "Yekaterinburg": (60.6, 56.8), "Moscow": (37.6, 55.75),
    "Shymkent": (69.6, 42.3), "Kyzylorda": (65.5, 44.85), "Beyneu": (55.2, 45.3),
    "Aktau": (51.2, 43.65), "Kuryk": (51.65, 43.15), "Baku": (49.9, 40.4),
    "Tbilisi": (44.8, 41.7), "Andijan": (72.3, 40.8), "Tashkent": (69.2, 41.3),
    "Bukhara": (64.4, 39.8), "Turkmenabat": (63.5, 39.1),
    "Tengiz": (53.4, 46.1), "Atyrau": (51.9, 47.1), "Astrakhan": (48.0, 46.35),
    "Novorossiysk": (37.8, 44.7),
}

# Routes as polylines of places (from China westward), with the column of their flow.
ROUTES = {
    "northern_mt": ("Northern route via Russia",
                    ["Dostyk", "Aktogay", "Astana", "Petropavl", "Yekaterinburg", "Moscow"]),
    "middle_corridor_mt": ("Middle Corridor (TITR)",
                           ["Khorgos", "Almaty", "Shymkent", "Kyzylorda", "Beyneu", "Aktau",
                            "Baku", "Tbilisi"]),
    "bypass_mt": ("Bypass via Kyrgyzstan and Uzbekistan",
                  ["Kashgar", "Andijan", "Tashkent", "Bukhara", "Turkmenabat"]),
}
CHINA_FEEDERS = [["Urumqi", "Dostyk"], ["Urumqi", "Khorgos"], ["Urumqi", "Kashgar"]]
CPC_PIPELINE = ["Tengiz", "Atyrau", "Astrakhan", "Novorossiysk"]

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
EXTENT = (33.0, 95.0, 36.5, 58.0)  # lon min, lon max, lat min, lat max
MT_TO_POINTS = 1.2  # line width in points per Mt/yr
LABEL_AT = {"northern_mt": (47.0, 52.0), "middle_corridor_mt": (40.0, 38.3),
            "bypass_mt": (81.8, 37.7)}
SHORT_NAMES = {"northern_mt": "Northern route", "middle_corridor_mt": "Middle Corridor",
               "bypass_mt": "Bypass"}


def line(places: list[str]) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = np.array([PLACES[p] for p in places]).T
    return lon, lat


def draw_map(report: dict[str, float], quarter: str) -> Figure:
    """The map for one quarter's ``report`` (flows and capacities in Mt/yr, pressure 0/1)."""
    fig = Figure(figsize=(6.8, 4.0), dpi=100, layout="constrained")
    ax = fig.subplots()
    ax.set_facecolor("#efefef")
    ax.fill(*zip(*KAZAKHSTAN, strict=True), facecolor="#fbf3dc", edgecolor="#8a7a4a", lw=1.2)
    ax.fill(*zip(*CASPIAN, strict=True), facecolor="#a9cbe8", edgecolor="#6d8fb0", lw=0.8)
    for text, (lon, lat), size, colour in (("KAZAKHSTAN", (65.5, 48.6), 16, "#8a7a4a"),
                                           ("RUSSIA", (54.0, 54.3), 14, "#777777"),
                                           ("CHINA", (90.0, 40.2), 14, "#777777"),
                                           ("Caspian\nSea", (51.9, 38.1), 10.5, "#40688f")):
        ax.text(lon, lat, text, ha="center", va="center", fontsize=size, color=colour,
                weight="bold" if size > 11 else "normal")

    for feeder in CHINA_FEEDERS:
        ax.plot(*line(feeder), color="#999999", lw=2, solid_capstyle="round", zorder=2)
    ax.annotate("", xy=PLACES["Urumqi"], xytext=(94.6, 44.4),
                arrowprops={"arrowstyle": "-|>", "color": "#999999", "lw": 2})
    ax.text(94.6, 43.7, "from\nXi'an", ha="right", va="top", fontsize=10.5,
            color="#444444")

    cpc = line(CPC_PIPELINE)
    disrupted = report.get("russian_pressure", 0.0) > 0
    ax.plot(*cpc, color="#7b241c" if disrupted else "#444444", lw=1.6, ls=(0, (4, 2)), zorder=3)
    ax.text(41.5, 46.2, "CPC oil pipeline" + ("\nDISRUPTED" if disrupted else ""), ha="center",
            va="bottom", fontsize=10.5, color="#7b241c" if disrupted else "#444444",
            weight="bold" if disrupted else "normal")

    capacity = {"northern_mt": None, "middle_corridor_mt": report.get("middle_capacity_mt"),
                "bypass_mt": report.get("bypass_capacity_mt")}
    for column, (name, places) in ROUTES.items():
        lon, lat = line(places)
        colour = ROUTE_COLOURS[column]
        if capacity[column]:
            ax.plot(lon, lat, color=colour, alpha=0.18, lw=MT_TO_POINTS * capacity[column] + 2,
                    solid_capstyle="round", solid_joinstyle="round", zorder=3)
        flow = report.get(column, 0.0)
        sea = places.index("Aktau") + 1 if "Aktau" in places else None
        if sea:  # the Caspian crossing by ferry, dashed
            ax.plot(lon[:sea], lat[:sea], color=colour, lw=MT_TO_POINTS * flow + 1,
                    solid_capstyle="round", solid_joinstyle="round", zorder=4)
            ax.plot(lon[sea - 1:sea + 1], lat[sea - 1:sea + 1], color=colour,
                    lw=MT_TO_POINTS * flow + 1, ls=(0, (1.5, 1)), zorder=4)
            ax.plot(lon[sea:], lat[sea:], color=colour, lw=MT_TO_POINTS * flow + 1,
                    solid_capstyle="round", zorder=4)
        else:
            ax.plot(lon, lat, color=colour, lw=MT_TO_POINTS * flow + 1, solid_capstyle="round",
                    solid_joinstyle="round", zorder=4)
        ax.annotate("", xy=(lon[-1] - 3.5, lat[-1] - (0.6 if column == "middle_corridor_mt" else 0)),
                    xytext=(lon[-1], lat[-1]),
                    arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 2.5,
                                "mutation_scale": 18}, zorder=4)
        ax.text(*LABEL_AT[column], f"{SHORT_NAMES[column]}\n{flow:.1f} Mt/yr", ha="center",
                va="center", fontsize=13, color=colour, weight="bold", zorder=6,
                bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": colour,
                      "alpha": 0.92})
    ax.text(33.4, 54.4, "to\nEurope", ha="left", va="top", fontsize=10.5, color="#444444")
    ax.text(38.6, 42.3, "to Türkiye\nand Europe", ha="center", va="bottom", fontsize=10.5,
            color="#444444")

    for place in ("Khorgos", "Dostyk", "Almaty", "Astana", "Aktau", "Kuryk", "Baku", "Moscow",
                  "Urumqi", "Kashgar", "Tashkent"):
        lon, lat = PLACES[place]
        ax.plot(lon, lat, "o", ms=6, mfc="white", mec="#222222", mew=1.5, zorder=7)
        dx, dy, ha = NAME_OFFSETS.get(place, (0.6, 0.5, "left"))
        ax.text(lon + dx, lat + dy, place, fontsize=11.5, ha=ha, color="#111111", zorder=7,
                path_effects=HALO)

    transit = report.get("transit_mt")
    title = f"Corridors in {quarter}"
    if transit is not None:
        title += f": transit through Kazakhstan {transit:.1f} Mt/yr"
    ax.set_title(title, fontsize=15, loc="left")
    ax.set(xlim=EXTENT[:2], ylim=EXTENT[2:], xticks=[], yticks=[])
    ax.set_aspect(1.0 / np.cos(np.radians(47.0)))
    return fig


def _halo():
    from matplotlib import patheffects
    return [patheffects.withStroke(linewidth=3, foreground="white")]


HALO = _halo()
NAME_OFFSETS = {
    "Khorgos": (0.0, 0.5, "center"), "Dostyk": (0.6, 0.3, "left"), "Almaty": (-0.3, -1.3, "center"),
    "Aktau": (-0.6, 0.4, "right"), "Kuryk": (0.6, -0.9, "left"), "Baku": (-0.6, -0.9, "right"),
    "Moscow": (0.0, 0.7, "center"), "Urumqi": (0.0, -1.4, "center"), "Kashgar": (-0.5, -1.3, "right"),
    "Tashkent": (-0.5, -1.1, "center"), "Astana": (0.6, 0.3, "left"),
}


def CorridorMap(model):
    """The map of the model's last quarter (a SolaraViz component)."""
    report = {name: float(values[0]) for name, values in model.report.items()}
    if not report:  # before the first step: flows and capacities in 2025Q1
        report = initial_report(model)
    quarter = model.quarter if model.steps else "2025Q1 (start)"
    return FigureImage(draw_map(report, quarter))


def initial_report(model) -> dict[str, float]:
    """Flows and capacities of the routes as the model starts, before any step."""
    from hedgesim.game.corridors import BYPASS, MIDDLE, NORTHERN

    flows, routes = model.flows[0], model.capacity["routes"][0]
    return {"northern_mt": flows[NORTHERN], "middle_corridor_mt": flows[MIDDLE],
            "bypass_mt": flows[BYPASS], "middle_capacity_mt": routes[MIDDLE],
            "bypass_capacity_mt": routes[BYPASS]}

