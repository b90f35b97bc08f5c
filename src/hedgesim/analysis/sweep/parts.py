"""Part files of a sweep folder: written atomically, read back in order."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd


def write_atomic(path: Path, write) -> None:
    """Write through ``write(tmp_path)`` and rename into place."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def read_parts(out: Path, kind: str, order: list[str]) -> pd.DataFrame | None:
    """Concatenate a folder's parts of one kind, sorted by ``order``."""
    parts = sorted((Path(out) / kind).glob("part-*.parquet"))
    if not parts:
        return None
    return pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True).sort_values(
        order, ignore_index=True)
