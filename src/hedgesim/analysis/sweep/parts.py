"""Part files of a sweep folder, read back in order."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read_parts(out: Path, kind: str, chunks: list[int], order: list[str]) -> pd.DataFrame | None:
    """Concatenate the parts of ``chunks`` of one kind (``runs`` or ``series``), sorted by ``order``."""
    parts = [Path(out) / kind / f"part-{chunk:06d}.parquet" for chunk in sorted(chunks)]
    if not parts:
        return None
    return pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True).sort_values(
        order, ignore_index=True)
