"""The previous model's verdicts, for the report's comparison: a record of the report on branch
`main` at commit be46fef (experiments/README.md, 2026-11-29), before the model became a game.
History, not results: nothing here is recomputed."""

from __future__ import annotations

COMMIT = "be46fef"
# claim key -> (verdict, checks agreeing, the previous report's headline in brief)
VERDICTS = {
    "hedging_emerges": ("agrees", "6 of 6", "dominance denial in 77 % of quarters, China's share held at "
                        "the cap (0.495) by the dominance penalty"),
    "risk1_eu_interest_wanes": ("partly agrees", "2 of 5", "EU investment -6.35 USD bn; China's share "
                                "unchanged (held at the cap); concession episodes +0.025"),
    "risk2_russian_reaction": ("agrees", "4 of 4", "episodes +0.193 with Middle Corridor growth, -5.63 with "
                               "binding engagement; all episodes logit noise"),
    "risk3_esg_gap": ("partly agrees", "2 of 4", "EU investment -5.88 USD bn; no tilt to the BRI (China at "
                      "the cap)"),
    "northern_route_reopens": ("partly agrees", "4 of 5", "Middle Corridor -3.11 Mt/yr, EU utility -23.4 "
                               "USD bn; China's share unchanged"),
    "redundancy": ("partly agrees", "6 of 8", "cargo shifts off a pressured or congested Northern route, not "
                   "off congested border crossings"),
    "hedging_vs_bandwagoning": ("agrees", "3 of 3", "hedging +67.9 USD bn (+49 %) over the better bandwagon, "
                                "from risk terms that measured distance from balance"),
}
