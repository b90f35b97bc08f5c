"""Vega-Lite specs (built with Altair) and data rows for the classroom's panels.

``spec(panel, ...)`` is built once per panel and run length; ``rows(panel,
run, previous)`` is what changes every quarter: one row per quarter and line,
this run's and, faintly, the previous run's. The browser draws them
(``hedgesim.app.vega``). The x axis spans the whole run from the start, so the
lines grow to the right instead of the axes rescaling. Type is sized for a
projector: at least 16 px.
"""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import pandas as pd

from hedgesim.app.panels import Panel
from hedgesim.app.vega import SCHEMA

FONT = 16
TITLE_FONT = 19
NOW, BEFORE = "this run", "previous run"
FAINT = 0.3


def quarter_year(quarter: str) -> float:
    """``2025Q1`` -> 2025.0, ``2025Q3`` -> 2025.5."""
    return int(quarter[:4]) + (int(quarter[-1]) - 1) / 4.0


def field(name: str) -> str:
    """A data field's name as Vega-Lite reads it (dots and brackets escaped)."""
    return name.replace(".", "\\.").replace("[", "\\[").replace("]", "\\]")


def rows(panel: Panel, run: pd.DataFrame, previous: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """The panel's data: one row per quarter and series, the previous run's then this run's.

    This run's rows come quarter by quarter, so a run that plays on only adds
    rows at the end (``vega.Chart`` sends just those). Missing values (NaN:
    e.g. a loan cost in a quarter without an offer) are left out; values are
    rounded to 4 significant digits (the chart shows fewer).
    """
    out: list[dict[str, Any]] = []
    for label, frame in ((BEFORE, previous), (NOW, run)):
        if frame is None or frame.empty:
            continue
        series = [s for s in panel.series if s.column in frame]
        values = {s.column: frame[s.column].tolist() for s in series}
        for i, quarter in enumerate(frame["quarter"].tolist()):
            year = quarter_year(quarter)
            for s in series:
                value = values[s.column][i]
                if value is None or not math.isfinite(value):
                    continue
                if panel.kind == "events" and value <= 0:
                    continue
                out.append({"run": label, "year": year, "quarter": quarter, "series": s.label,
                            "value": float(f"{value:.4g}")})
    return out


def spec(panel: Panel, start: float, quarters: int, rule_values: dict[str, float] | None = None
         ) -> dict[str, Any]:
    """The panel's Vega-Lite spec for a run of ``quarters`` quarters from year ``start``."""
    x = alt.X("year:Q", title=None, scale=alt.Scale(domain=[start, start + quarters / 4.0], nice=False),
              axis=alt.Axis(format="d", tickMinStep=1, labelFlush=True))
    colours = alt.Color("series:N", title=None,
                        scale=alt.Scale(domain=[s.label for s in panel.series],
                                        range=[s.colour for s in panel.series]),
                        legend=alt.Legend(orient="bottom", columns=legend_columns(panel),
                                          symbolStrokeWidth=4, labelLimit=260))
    base = alt.Chart(alt.NamedData("table"))
    if panel.kind == "events":
        layers = [events_layer(panel, base, x, colours)]
    else:
        layers = [series_layer(panel, base, x, colours), *rule_layers(panel, rule_values or {}),
                  hover_layer(panel, base, x)]
    chart = alt.layer(*layers).properties(
        title=alt.Title(panel.title, anchor="start", fontSize=TITLE_FONT, fontWeight=600,
                        subtitle=panel.unit or alt.Undefined, subtitleFontSize=FONT,
                        subtitleColor="#444"))
    chart = (chart.configure_axis(labelFontSize=FONT, titleFontSize=FONT, gridColor="#e4e4e4")
             .configure_legend(labelFontSize=FONT, symbolSize=220)
             .configure_view(stroke=None))
    result = chart.to_dict()
    result["$schema"] = SCHEMA
    result["autosize"] = {"type": "fit", "contains": "padding", "resize": True}
    result["padding"] = {"left": 4, "right": 10, "top": 4, "bottom": 2}
    result["description"] = panel.help
    return result


def legend_columns(panel: Panel, width: int = 430) -> int:
    """As many legend entries on a line as fit a projector cell (about 430 px at 16 px type)."""
    sizes = [len(s.label) * 9.5 + 44 for s in panel.series]
    if sum(sizes) <= width:
        return len(sizes)
    return max(1, int(width // max(sizes)))


def y_axis(panel: Panel) -> alt.Y:
    if panel.share:
        return alt.Y("value:Q", title=None, scale=alt.Scale(domain=[0, 1]),
                     axis=alt.Axis(format=".0%", tickCount=5))
    if panel.kind == "points":
        return alt.Y("value:Q", title=None, scale=alt.Scale(zero=False),
                     axis=alt.Axis(format=".1%", tickCount=5))
    return alt.Y("value:Q", title=None, scale=alt.Scale(zero=True), axis=alt.Axis(tickCount=5))


def series_layer(panel: Panel, base: alt.Chart, x: alt.X, colours: alt.Color) -> alt.Chart:
    """The lines (or points), the previous run's faint and thin."""
    dashed = [s.label for s in panel.series if s.dashed]
    encoding = dict(
        x=x, y=y_axis(panel), color=colours, detail="run:N",
        opacity=alt.condition(alt.datum.run == BEFORE, alt.value(FAINT), alt.value(1.0)),
        strokeDash=alt.condition(alt.FieldOneOfPredicate(field="series", oneOf=dashed),
                                 alt.value([7, 4]), alt.value([1, 0])) if dashed else alt.Undefined,
        order="year:Q",
    )
    if panel.kind == "points":
        mark = base.mark_point(filled=True, size=90)
        encoding.pop("strokeDash")
        encoding.pop("detail")
    else:
        mark = base.mark_line(strokeWidth=3.2, strokeCap="round", interpolate="linear")
    return mark.encode(**{k: v for k, v in encoding.items() if v is not alt.Undefined})


def rule_layers(panel: Panel, values: dict[str, float]) -> list[alt.Chart]:
    """Reference lines (a parameter's value), dashed grey, labelled at their left end."""
    layers = []
    for rule in panel.rules:
        if rule.parameter not in values:
            continue
        value = float(values[rule.parameter])
        line = alt.Chart().mark_rule(color="#222", strokeDash=[3, 3], strokeWidth=2).encode(
            y=alt.datum(value))
        text = alt.Chart().mark_text(align="left", baseline="bottom", dx=4, dy=-3, fontSize=FONT,
                                     color="#222").encode(
            x=alt.value(0), y=alt.datum(value),
            text=alt.value(f"{rule.label} {value:.0%}" if panel.share else f"{rule.label} {value:g}"))
        layers += [line, text]
    return layers


def hover_layer(panel: Panel, base: alt.Chart, x: alt.X) -> alt.Chart:
    """A rule at the quarter under the pointer, with every line's value in its tooltip."""
    hover = alt.selection_point(name=f"hover_{panel.key}", on="mouseover", nearest=True,
                                fields=["year"], empty=False, clear="mouseout")
    number = ".0%" if panel.share else panel.number
    tooltip = [alt.Tooltip("quarter:N", title="Quarter")] + [
        alt.Tooltip(f"{field(s.label)}:Q", title=s.label, format=number) for s in panel.series]
    return (base.transform_filter(alt.datum.run == NOW)
            .transform_pivot("series", value="value", groupby=["year", "quarter"])
            .mark_rule(color="#555", strokeWidth=10)
            .encode(x=x, opacity=alt.condition(hover, alt.value(0.25), alt.value(0)), tooltip=tooltip)
            .add_params(hover))


def events_layer(panel: Panel, base: alt.Chart, x: alt.X, colours: alt.Color) -> alt.Chart:
    """A square per quarter with the event, one row per kind of event."""
    labels = [s.label for s in panel.series]
    return base.mark_square(size=260).encode(
        x=x, y=alt.Y("series:N", title=None, sort=labels, scale=alt.Scale(domain=labels),
                     axis=alt.Axis(labelLimit=300, labelFontSize=FONT)),
        color=colours.legend(None),
        opacity=alt.condition(alt.datum.run == BEFORE, alt.value(FAINT), alt.value(1.0)),
        tooltip=[alt.Tooltip("quarter:N", title="Quarter"), alt.Tooltip("series:N", title="Event"),
                 alt.Tooltip("run:N", title="Run")])
