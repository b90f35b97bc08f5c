"""What the sweep and sensitivity pages share: reading typed numbers, and writing results.

Typed numbers are read as typed, every time: a field that does not hold an
allowed value gets a message in plain words next to it, and Run refuses to
start (never a silently kept old value). Results download as CSV with their
metadata in columns (scenario, base seed, hedgesim version), floats to six
significant digits and seeds quoted as text (19 digits: a spreadsheet that
reads them as numbers would round them).
"""

from __future__ import annotations

import csv
import io
import math
from typing import Any

import pandas as pd
import yaml

from hedgesim import __version__

def read_number(text: str) -> tuple[float | None, str]:
    """A number typed in a field, or the reason it is not one."""
    cleaned = text.strip()
    if not cleaned:
        return None, "Type a number."
    try:
        value = float(cleaned)
    except ValueError:
        hint = " (decimals take a point: 0.5)" if "," in cleaned else ""
        return None, f"“{cleaned}” is not a number: type one such as 0.5{hint}."
    if not math.isfinite(value):
        return None, "Type a finite number."
    return value, ""


def read_whole(text: str, low: int, high: int | None, noun: str) -> tuple[int | None, str]:
    """A whole number from ``low`` (to ``high``) typed in a field, or the reason it is not one.

    ``noun`` names the field in the message: "replications (runs with different seeds)".
    """
    allowed = f"from {low:,} to {high:,}" if high is not None else f"{low:,} or more"
    typed = text.strip()
    if not typed:
        return None, f"Type {noun}: a whole number, {allowed}."
    value, problem = read_number(typed)
    if problem:
        return None, f"“{typed}” is not a whole number: {noun} must be a whole number, {allowed}."
    if value != int(value):
        return None, f"{value:g} is not a whole number: {noun} must be a whole number, {allowed}."
    if value < low or (high is not None and value > high):
        return None, f"{int(value):,} is not allowed: {noun} must be {allowed}."
    return int(value), ""


def results_csv(table: pd.DataFrame, metadata: dict[str, Any], text_columns: tuple[str, ...] = ("seed",)
                ) -> str:
    """``table`` as CSV: ``metadata`` first as columns, floats to 6 significant digits, seeds quoted."""
    out = table.copy()
    for i, (name, value) in enumerate(metadata.items()):
        out.insert(i, name, str(value))
    for name in text_columns:
        if name in out:
            out[name] = out[name].astype(str)
    for name in out.columns:
        if out[name].dtype.kind == "f":  # 6 significant digits, still numbers (unquoted)
            out[name] = [float(f"{v:.6g}") for v in out[name].tolist()]
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, quoting=csv.QUOTE_NONNUMERIC)
    return buffer.getvalue()


def metadata(scenario: str, seed: int) -> dict[str, Any]:
    """The columns every downloaded table starts with."""
    return {"scenario": scenario, "base_seed": str(seed), "hedgesim_version": __version__}


def spec_yaml(spec: dict[str, Any], comment: str) -> str:
    """A sweep spec as YAML, with a comment that says how to run it."""
    head = "".join(f"# {line}\n" for line in comment.splitlines())
    return head + yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)
