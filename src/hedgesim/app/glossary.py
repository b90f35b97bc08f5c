"""Every acronym and symbol the app shows, in plain words.

The Info page lists them, and ``explain_acronyms`` marks them in the app's text
(``<abbr title="...">``) so a student can point at one to read what it means.
A test checks that every acronym in the scenarios, panels and narration is here.
"""

from __future__ import annotations

import html
import re

GLOSSARY: dict[str, tuple[str, str]] = {
    "BRI": ("Belt and Road Initiative",
            "China's programme, since 2013, of loans and projects for ports, railways, roads and "
            "pipelines across Eurasia and beyond."),
    "SREB": ("Silk Road Economic Belt",
             "The overland part of the BRI, announced in Astana in 2013: the rail and road links "
             "from China through Central Asia to Europe."),
    "GG": ("Global Gateway",
           "The EU's investment programme (since 2021) for infrastructure abroad, with strict "
           "environmental, social and governance standards; EUR 12 bn was pledged to Central Asia "
           "in 2025."),
    "EU": ("European Union", "The 27-member union; in the game a power that invests through the GG."),
    "TITR": ("Trans-Caspian International Transport Route",
             "The Middle Corridor: rail from China across Kazakhstan to the Caspian ports of Aktau "
             "and Kuryk, ferry to Baku, then on through Georgia and Türkiye to Europe. It avoids "
             "Russia."),
    "CPC": ("Caspian Pipeline Consortium",
            "The pipeline that carries most of Kazakhstan's oil exports from Tengiz through Russia "
            "to the Black Sea port of Novorossiysk: a lever Russia can pull."),
    "EAEU": ("Eurasian Economic Union",
             "The customs and economic union of Russia, Kazakhstan, Belarus, Armenia and "
             "Kyrgyzstan; Russia courts Kazakhstan with its benefits."),
    "ESG": ("Environmental, social and governance (standards)",
            "The conditions attached to EU finance: slower to meet, but they raise the quality "
            "and the terms over the asset's life."),
    "HHI": ("Herfindahl–Hirschman index",
            "A measure of concentration: the sum of squared shares. 1 when one power controls all "
            "foreign-held infrastructure, lower when control is spread out."),
    "JV": ("Joint venture",
           "A project owned jointly with a Kazakh partner: how Kazakhstan dilutes an offer to keep "
           "part of the control."),
    "Mt": ("Million tonnes", "Cargo volume; flows are in million tonnes a year (Mt/yr)."),
    "USD bn": ("Billions of US dollars", "The unit of every payoff, investment and exposure."),
    "ODD": ("Overview, Design concepts and Details",
            "The standard way to describe an agent-based model (Grimm et al. 2020); the model's "
            "full description."),
    "QRE": ("Quantal response equilibrium",
            "A game solution in which every player chooses better actions more often but not "
            "always (McKelvey & Palfrey 1995); the rationality λ says how sharply."),
    "λ": ("Rationality (lambda)",
          "How sharply players prefer better actions: 0 chooses at random, large values almost "
          "always choose the best."),
    "ρ": ("Risk weight (rho)",
          "How much Kazakhstan's utility counts risk against returns: utility = returns − ρ × risk."),
}
"""Acronym or symbol -> (what it stands for, what it means here)."""

PLAIN = {"EU", "Mt", "USD bn", "λ", "ρ"}  # common enough to leave unmarked in running text
ACRONYM = re.compile(r"(?<![\w-])(" + "|".join(
    re.escape(k) for k in sorted(set(GLOSSARY) - PLAIN, key=len, reverse=True)) + r")(?![\w-])")


def explain_acronyms(markup: str) -> str:
    """``markup`` (HTML) with the first use of each acronym outside tags in ``<abbr title=...>``."""
    pieces = re.split(r"(<[^>]+>)", markup)
    marked: set[str] = set()

    def mark(match: re.Match) -> str:
        term = match.group(1)
        if term in marked:
            return term
        marked.add(term)
        return f'<abbr title="{html.escape(title(term))}">{term}</abbr>'

    inside_abbr = False
    for i, piece in enumerate(pieces):
        if piece.startswith("<"):
            inside_abbr = piece.startswith("<abbr") or (inside_abbr and not piece.startswith("</abbr"))
            continue
        if not inside_abbr:
            pieces[i] = ACRONYM.sub(mark, piece)
    return "".join(pieces)


def title(term: str) -> str:
    expansion, meaning = GLOSSARY[term]
    return f"{expansion}: {meaning}"


def acronyms_in(text: str) -> set[str]:
    """Capitalised abbreviations (two or more capitals, e.g. TITR, GG) in ``text``."""
    return set(re.findall(r"(?<![\w-])([A-Z]{2,6}s?)(?![\w-])", text))
