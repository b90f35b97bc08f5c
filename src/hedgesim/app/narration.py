"""The "what is happening" panel: what changed this quarter and why, news first, routine folded.

``NOTES`` is the list of things a class should notice, most important first.
Each note names the time-series columns it needs (a note whose columns the
model does not report is skipped), whether it is *news* (shown) or *routine*
(folded under "also this quarter"), and writes one sentence from this
quarter's row and the one before, with the reason when the model gives one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from hedgesim.app.glossary import explain_acronyms

NAMES = {"china": "China", "eu": "the EU", "russia": "Russia"}
SUBJECTS = {"china": "China", "eu": "The EU", "russia": "Russia"}
RESPONSES = {0.0: "accepted", 1.0: "diluted into a joint venture", 2.0: "declined"}
ROUTES = {"northern_mt": "the Northern route via Russia",
          "middle_corridor_mt": "the Middle Corridor (TITR)",
          "bypass_mt": "the bypass via Kyrgyzstan and Uzbekistan"}
BIG_FLOW_CHANGE = 0.08   # share of a route's flow in one quarter
SMALL_FLOW = 0.3         # Mt/yr: below this a change is not news
ALIGNMENT_SHIFT = 0.02   # two points of alignment in one quarter is news
PROBABILITY_SHIFT = 0.10
RATE_SHIFT = 0.003       # 0.3 points of a loan's annual rate


@dataclass(frozen=True)
class Quarter:
    """This quarter's row of one world's time series, the one before (None in the first) and context."""

    now: pd.Series
    before: pd.Series | None
    dominance_cap: float

    def change(self, column: str) -> float:
        return 0.0 if self.before is None else float(self.now[column] - self.before[column])


@dataclass(frozen=True)
class Note:
    """Something to notice: ``write`` returns its sentence (HTML), or None when it did not happen."""

    key: str
    kind: str  # "news" or "routine"
    needs: tuple[str, ...]
    write: Callable[[Quarter], str | None]


# ------------------------------------------------------------------ the notes
def russian_pressure(q: Quarter) -> str | None:
    if q.now["russian_pressure"] <= 0:
        return None
    return ("<b>Russia applied hybrid pressure</b>: a Northern-route or CPC pipeline disruption. "
            f"Why: the Middle Corridor, which avoids Russia, carries {middle_share(q.now):.0%} of "
            f"the overland cargo and Kazakhstan leans {q.now['alignment_eu']:.0%} to the EU.")


def chinese_pressure(q: Quarter) -> str | None:
    if q.now["chinese_pressure"] <= 0:
        return None
    share = q.now["stock_china"] / max(total_stock(q.now), 1e-9)
    return ("<b>China demanded political concessions</b> for its investment. Why: it controls "
            f"{share:.0%} of Kazakhstan's infrastructure, which gives it leverage.")


def dominance(q: Quarter) -> str | None:
    was_within = True if q.before is None else q.before["dominance_denial"] > 0
    within = q.now["dominance_denial"] > 0
    if was_within == within:
        return None
    holder = max(("china", "eu", "russia"), key=lambda p: q.now[f"stock_{p}"])
    share = q.now["max_external_share"]
    if not within:
        return (f"<b>Dominance cap crossed</b>: {NAMES[holder]} now controls {share:.1%} of "
                f"Kazakhstan's infrastructure, above the {q.dominance_cap:.0%} cap, as its "
                "projects were completed.")
    return (f"<b>Back under the dominance cap</b>: the largest foreign share fell to {share:.0%}, "
            f"within the {q.dominance_cap:.0%} cap.")


def alignment_shift(q: Quarter) -> str | None:
    if q.before is None:
        return None
    shifts = {p: q.change(f"alignment_{p}") for p in NAMES}
    partner = max(shifts, key=lambda p: shifts[p])
    if shifts[partner] < ALIGNMENT_SHIFT:
        return None
    why = ""
    if partner == "china" and q.now["chinese_pressure"] > 0:
        why = ", giving way to China's demand"
    elif partner == "russia" and q.now["russian_courting"] > 0:
        why = ", drawn by Russia's EAEU courting"
    elif partner == "russia" and q.now["russian_pressure"] > 0:
        why = ", giving way to Russia's pressure"
    return (f"Kazakhstan <b>tilted toward {NAMES[partner]}</b> (+{shifts[partner] * 100:.0f} points, "
            f"now {q.now[f'alignment_{partner}']:.0%}){why}.")


def offer_news(q: Quarter) -> str | None:
    if q.before is None:
        return None
    notes = []
    for partner in ("china", "eu"):
        now, was = q.now[f"offer_{partner}"], q.before[f"offer_{partner}"]
        if now <= 0 < was:
            notes.append(f"{SUBJECTS[partner]} <b>made no new offer</b> this quarter.")
        elif was <= 0 < now:
            notes.append(f"{SUBJECTS[partner]} <b>offered again</b>: USD {now:.1f} bn.")
    return " ".join(notes) or None


def declined(q: Quarter) -> str | None:
    """Kazakhstan turned an offer down: news (taking offers, whole or diluted, is routine)."""
    notes = [f"Kazakhstan <b>declined</b> {NAMES[partner]}'s offer of "
             f"USD {q.now[f'offer_{partner}']:.1f} bn."
             for partner in ("china", "eu")
             if q.now[f"response_{partner}"] == 2.0 and q.now[f"offer_{partner}"] > 0]
    return " ".join(notes) or None


def taken(q: Quarter) -> str | None:
    """Offers accepted whole or diluted into a joint venture."""
    notes = [f"Kazakhstan {RESPONSES[q.now[f'response_{partner}']]} {NAMES[partner]}'s offer of "
             f"USD {q.now[f'offer_{partner}']:.1f} bn."
             for partner in ("china", "eu")
             if q.now[f"response_{partner}"] in (0.0, 1.0) and q.now[f"offer_{partner}"] > 0]
    return " ".join(notes) or None


def openings(q: Quarter) -> str | None:
    if q.before is None:
        return None
    notes = []
    if q.now["entry_capacity_mt"] > 1.2 * q.before["entry_capacity_mt"]:
        notes.append("<b>New border rail capacity opened</b> (Tacheng–Ayagoz): China–Kazakhstan "
                     f"crossings can now take {q.now['entry_capacity_mt']:.0f} Mt a year.")
    if q.now["bypass_capacity_mt"] > 1.5 * q.before["bypass_capacity_mt"]:
        notes.append("<b>The China–Kyrgyzstan–Uzbekistan railway opened</b>: cargo can bypass "
                     f"Kazakhstan ({q.now['bypass_capacity_mt']:.0f} Mt a year of capacity).")
    return " ".join(notes) or None


def flows(q: Quarter) -> str | None:
    if q.before is None:
        return None
    notes = []
    for column, name in ROUTES.items():
        change = q.change(column)
        if abs(change) > SMALL_FLOW and abs(change) > BIG_FLOW_CHANGE * max(q.before[column], 1e-9):
            verb = "rose" if change > 0 else "fell"
            why = ""
            if column == "northern_mt" and change < 0 and q.now["russian_pressure"] > 0:
                why = ", as shippers avoid the disrupted route"
            elif column == "middle_corridor_mt" and change > 0 and \
                    q.change("middle_capacity_mt") > 0:
                why = f" as its capacity grew to {q.now['middle_capacity_mt']:.1f} Mt"
            elif column == "northern_mt" and change > 0 and q.change("sanctions") < 0:
                why = ", as sanctions ease"
            notes.append(f"Cargo on {name} <b>{verb} {abs(change) / q.before[column]:.0%}</b> "
                         f"to {q.now[column]:.1f} Mt a year{why}.")
    return " ".join(notes) or None


def binding(q: Quarter) -> str | None:
    if q.before is None or q.now["binding_effort"] == q.before["binding_effort"]:
        return None
    more = q.now["binding_effort"] > q.before["binding_effort"]
    if more:
        return ("Kazakhstan <b>stepped up binding engagement</b> (Middle Corridor consortium, "
                "tariff harmonisation, digital customs): it ties partners in and blunts coercion.")
    return "Kazakhstan <b>eased off binding engagement</b>, saving its cost."


def courting(q: Quarter) -> str | None:
    if q.now["russian_courting"] <= 0:
        return None
    return "Russia <b>courted</b> Kazakhstan with EAEU benefits, to pull it back from the EU."


def choice_probabilities(q: Quarter) -> str | None:
    if q.before is None:
        return None
    notes = []
    for column, who in (("p_pressure_russia", "Russia's chance of pressure"),
                        ("p_pressure_china", "China's chance of demanding concessions"),
                        ("p_courting_russia", "Russia's chance of courting")):
        if column in q.now and abs(q.change(column)) >= PROBABILITY_SHIFT:
            verb = "rose" if q.change(column) > 0 else "fell"
            notes.append(f"{who} <b>{verb}</b> to {q.now[column]:.0%} "
                         f"(from {q.before[column]:.0%}).")
    return " ".join(notes) or None


def loan_terms(q: Quarter) -> str | None:
    if q.before is None:
        return None
    notes = []
    for partner in ("china", "eu"):
        column = f"loan_cost_{partner}"
        if column not in q.now or pd.isna(q.now[column]) or pd.isna(q.before[column]):
            continue
        change = q.change(column)
        if abs(change) >= RATE_SHIFT:
            verb = "fell" if change < 0 else "rose"
            notes.append(f"{SUBJECTS[partner]}'s loans <b>{verb}</b> to "
                         f"{q.now[column]:.1%} a year.")
    return " ".join(notes) or None


def completions(q: Quarter) -> str | None:
    notes = [f"{what} projects worth USD {q.now[f'completed_{partner}']:.1f} bn were completed."
             for partner, what in (("china", "Chinese-financed"), ("eu", "EU-financed (GG)"))
             if q.now[f"completed_{partner}"] > 0.005]
    return " ".join(notes) or None


NOTES: tuple[Note, ...] = (
    Note("russian_pressure", "news", ("russian_pressure", "alignment_eu", "northern_mt",
                                      "middle_corridor_mt", "bypass_mt"), russian_pressure),
    Note("chinese_pressure", "news", ("chinese_pressure", "stock_china"), chinese_pressure),
    Note("dominance", "news", ("dominance_denial", "max_external_share"), dominance),
    Note("alignment", "news", ("alignment_china", "alignment_eu", "alignment_russia"), alignment_shift),
    Note("choices", "news", ("p_pressure_russia", "p_pressure_china", "p_courting_russia"),
         choice_probabilities),
    Note("offers", "news", ("offer_china", "offer_eu"), offer_news),
    Note("declined", "news", ("response_china", "response_eu", "offer_china", "offer_eu"), declined),
    Note("terms", "news", ("loan_cost_china", "loan_cost_eu"), loan_terms),
    Note("openings", "news", ("entry_capacity_mt", "bypass_capacity_mt"), openings),
    Note("flows", "news", tuple(ROUTES), flows),
    Note("courting", "news", ("russian_courting",), courting),
    Note("taken", "routine", ("response_china", "response_eu", "offer_china", "offer_eu"), taken),
    Note("binding", "routine", ("binding_effort",), binding),
    Note("completions", "routine", ("completed_china", "completed_eu"), completions),
)


# ------------------------------------------------------------------ helpers
def total_stock(row: pd.Series) -> float:
    return float(sum(row[f"stock_{p}"] for p in ("china", "eu", "russia", "domestic")))


def middle_share(row: pd.Series) -> float:
    overland = row["northern_mt"] + row["middle_corridor_mt"] + row["bypass_mt"]
    return float(row["middle_corridor_mt"] / overland) if overland > 0 else 0.0


@dataclass(frozen=True)
class Story:
    """One quarter told: its news and its routine (HTML sentences)."""

    news: list[str]
    routine: list[str]


def tell(df: pd.DataFrame, dominance_cap: float, upto: int | None = None) -> Story:
    """The notes on quarter ``upto`` (default: the last) of ``df`` (one world's time series).

    A note needs only some of the model's columns: where some are missing (an
    older or newer model) it is skipped, never an error.
    """
    if df.empty:
        return Story([], [])
    i = len(df) - 1 if upto is None else upto
    q = Quarter(df.iloc[i], df.iloc[i - 1] if i > 0 else None, dominance_cap)
    story = Story([], [])
    for note in NOTES:
        if any(column not in df.columns for column in note.needs):
            continue
        sentence = note.write(q)
        if sentence:
            (story.news if note.kind == "news" else story.routine).append(explain_acronyms(sentence))
    return story


def headline(df: pd.DataFrame) -> str:
    """Alignment with its change since last quarter, and the hedging index (HTML)."""
    now = df.iloc[-1]
    before = df.iloc[-2] if len(df) > 1 else None
    parts = []
    for partner, name in (("china", "China"), ("eu", "EU"), ("russia", "Russia")):
        value = now[f"alignment_{partner}"]
        change = 0.0 if before is None else (value - before[f"alignment_{partner}"]) * 100
        delta = f" ({change:+.0f})" if round(change) != 0 else ""
        parts.append(f"{name} <b>{value:.0%}</b>{delta}")
    return explain_acronyms("Alignment: " + ", ".join(parts)
                            + f" · hedging index <b>{now['hedging_index']:.2f}</b>")
