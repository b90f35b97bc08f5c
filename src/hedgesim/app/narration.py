"""The "what is happening" panel: last quarter's notable events in plain language.

``events`` compares the last quarter of a run's time series with the one
before and names what a class should notice: pressure, concession demands,
courting, projects completed, offers diluted or declined, the dominance cap
crossed, a route gaining or losing much of its cargo, new rail lines opening.
"""

from __future__ import annotations

import pandas as pd
import solara

from hedgesim.app.charts import series

PARTNER_NAMES = {"china": "China", "eu": "the EU", "russia": "Russia"}
RESPONSES = {1.0: "diluted into a joint venture", 2.0: "declined"}
ROUTES = {"northern_mt": "the Northern route via Russia",
          "middle_corridor_mt": "the Middle Corridor (TITR)",
          "bypass_mt": "the bypass via Kyrgyzstan and Uzbekistan"}
BIG_FLOW_CHANGE = 0.08  # share of a route's flow in one quarter
SMALL_FLOW = 0.3        # Mt/yr: below this a change is not news


def events(df: pd.DataFrame, dominance_cap: float) -> list[str]:
    """Plain-language notes on the last quarter of ``df`` (one world), most important first."""
    if df.empty:
        return []
    now = df.iloc[-1]
    before = df.iloc[-2] if len(df) > 1 else None
    notes = []
    if now["russian_pressure"] > 0:
        notes.append("<b>Russia applied hybrid pressure</b>: a transit or CPC pipeline disruption "
                     "against the Middle Corridor and Kazakhstan's tilt to the EU.")
    if now["chinese_pressure"] > 0:
        notes.append("<b>China demanded political concessions</b> for its investment portfolio; "
                     "Kazakhstan's alignment is pulled toward China.")
    notes += dominance_notes(now, before, dominance_cap)
    notes += opening_notes(now, before)
    notes += flow_notes(now, before)
    for partner, name in (("china", "China"), ("eu", "the EU")):
        response = RESPONSES.get(now[f"response_{partner}"])
        if response and now[f"offer_{partner}"] > 0:
            notes.append(f"Kazakhstan <b>{response}</b> {name}'s offer of "
                         f"USD {now[f'offer_{partner}']:.1f} bn.")
    for partner, what in (("china", "Chinese-financed"), ("eu", "EU-financed (Global Gateway)")):
        if now[f"completed_{partner}"] > 0.005:
            notes.append(f"{what} projects worth <b>USD {now[f'completed_{partner}']:.1f} bn</b> "
                         "were completed.")
    if now["russian_courting"] > 0:
        notes.append("Russia <b>courted</b> Kazakhstan with EAEU benefits.")
    return notes


def dominance_notes(now: pd.Series, before: pd.Series | None, cap: float) -> list[str]:
    """The dominance cap reached or restored (dominance denial is 1 within the cap)."""
    was_within = True if before is None else before["dominance_denial"] > 0
    within = now["dominance_denial"] > 0
    if was_within == within:
        return []
    holder = max(PARTNER_NAMES, key=lambda p: now[f"stock_{p}"])
    share = now["max_external_share"]
    if not within:
        return [f"<b>Dominance cap reached</b>: {PARTNER_NAMES[holder]} now controls {share:.0%} "
                f"of Kazakhstan's infrastructure, above the {cap:.0%} cap."]
    return [f"<b>Dominance cap restored</b>: the largest external share is back to {share:.0%}, "
            f"within the {cap:.0%} cap."]


def opening_notes(now: pd.Series, before: pd.Series | None) -> list[str]:
    """New border or bypass rail capacity (Tacheng-Ayagoz, the China-Kyrgyzstan-Uzbekistan railway)."""
    if before is None:
        return []
    notes = []
    if now["entry_capacity_mt"] > 1.2 * before["entry_capacity_mt"]:
        notes.append(f"<b>New border rail capacity opened</b> (Tacheng–Ayagoz): China–Kazakhstan "
                     f"crossings can now take {now['entry_capacity_mt']:.0f} Mt a year.")
    if now["bypass_capacity_mt"] > 1.5 * before["bypass_capacity_mt"]:
        notes.append(f"<b>The China–Kyrgyzstan–Uzbekistan railway opened</b>: cargo can bypass "
                     f"Kazakhstan ({now['bypass_capacity_mt']:.0f} Mt a year of capacity).")
    return notes


def flow_notes(now: pd.Series, before: pd.Series | None) -> list[str]:
    """Routes whose cargo rose or fell by more than BIG_FLOW_CHANGE in one quarter."""
    if before is None:
        return []
    notes = []
    for column, name in ROUTES.items():
        change = now[column] - before[column]
        if abs(change) > SMALL_FLOW and abs(change) > BIG_FLOW_CHANGE * max(before[column], 1e-9):
            verb = "rose" if change > 0 else "fell"
            notes.append(f"Cargo on {name} <b>{verb} {abs(change) / before[column]:.0%}</b> "
                         f"to {now[column]:.1f} Mt a year.")
    return notes


def WhatIsHappening(model):
    """The panel: the quarter, its events and headline numbers (a SolaraViz component)."""
    df = series(model)
    with solara.Column(classes=["hedgesim-narration"], gap="6px",
                       style={"height": "100%", "overflow-y": "auto", "padding": "6px 14px"}) as panel:
        if df.empty:
            solara.HTML("h3", "What is happening")
            solara.HTML("p", "The game starts in <b>2025Q1</b>. Press <b>▶</b> to play quarter "
                        "after quarter, or <b>Step</b> for one quarter.")
            return panel
        now = df.iloc[-1]
        solara.HTML("h3", f"What happened in {now['quarter']}",
                    classes=["hedgesim-quarter"])
        solara.HTML("p", f"Quarter {int(now['step'])} of {model.horizon}",
                    classes=["hedgesim-step"])
        notes = events(df, float(model.p["dominance_cap"][0]))
        if notes:
            solara.HTML("ul", "".join(f"<li>{note}</li>" for note in notes))
        else:
            solara.HTML("p", "A quiet quarter: no pressure, no completed project, no big shift.")
        solara.HTML("p", f"Alignment: China <b>{now['alignment_china']:.0%}</b>, EU "
                    f"<b>{now['alignment_eu']:.0%}</b>, Russia <b>{now['alignment_russia']:.0%}</b>"
                    f" · hedging index <b>{now['hedging_index']:.2f}</b>",
                    classes=["hedgesim-headline"])
    return panel
