"""The sweep store: Parquet parts plus a manifest, streamed chunk by chunk, resumable.

Layout of an output folder::

    manifest.json          spec, spec hash, package version, seeds, timings, chunks done
    design.parquet         the parameter points
    runs/part-000000.parquet    outcome metrics, one row per run, one file per chunk
    series/part-000000.parquet  kept time series (keep: timeseries)

Each part is written to a temporary name and renamed into place, so a part
that exists is complete; the runs part is renamed last and marks its chunk
done. A killed sweep rerun with the same spec resumes with the chunks not yet
on disk; a folder holding another spec's results is refused.
"""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import mesa
import pandas as pd

import hedgesim
from hedgesim.analysis.sweep.chunks import ChunkResult
from hedgesim.analysis.sweep.parts import read_parts, write_atomic
from hedgesim.analysis.sweep.plan import SweepPlan, SweepResult
from hedgesim.analysis.sweep.spec import validate_spec
from hedgesim.game.parameters import ConfigError

KIND = "hedgesim-sweep"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        return json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError):
        return None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class SweepStore:
    """One sweep's output folder."""

    def __init__(self, out: Path, plan: SweepPlan, manifest: dict[str, Any]):
        self.out, self.plan, self.manifest = out, plan, manifest
        self._lock = out / ".lock"

    @classmethod
    def open(cls, out: Path, plan: SweepPlan) -> SweepStore:
        """Create the folder, or reopen it to resume the same spec; refuse anything else."""
        spec, digest = plan.spec, plan.spec.spec_hash()
        if out.exists() and not out.is_dir():
            raise ConfigError(f"--out {out}: exists and is not a folder")
        existing = _read_manifest(out) if out.exists() else None
        if out.exists() and any(p for p in out.iterdir() if p.name != ".lock") and existing is None:
            raise ConfigError(f"--out {out}: folder exists and does not hold a hedgesim sweep; "
                              f"choose a new or empty folder")
        if existing is not None:
            if existing.get("kind") != KIND:
                raise ConfigError(f"--out {out}: folder holds a {existing.get('kind', 'different')} "
                                  f"output, not a sweep; choose another folder")
            if existing.get("spec_hash") != digest:
                raise ConfigError(
                    f"--out {out}: folder holds results of another sweep spec "
                    f"({existing.get('spec', {}).get('name', '?')}, hash {existing.get('spec_hash')}; "
                    f"this spec's hash is {digest}); use another --out or delete the folder")
            if existing.get("package_version") != hedgesim.__version__:
                raise ConfigError(
                    f"--out {out}: folder was written by hedgesim {existing.get('package_version')}, "
                    f"this is {hedgesim.__version__}; results would mix model versions; "
                    f"use another --out")
        out.mkdir(parents=True, exist_ok=True)
        store = cls(out, plan, existing or {})
        store._take_lock()
        (out / "runs").mkdir(exist_ok=True)
        if spec.keep == "timeseries":
            (out / "series").mkdir(exist_ok=True)
        for stale in list(out.glob(".*.tmp-*")) + list(out.glob("*/.*.tmp-*")):
            stale.unlink()
        if existing is None:
            write_atomic(out / "design.parquet", lambda p: plan.design.to_parquet(p, index=False))
            store.manifest = store._new_manifest(digest)
            store._save()
        return store

    def _take_lock(self) -> None:
        try:
            fd = os.open(self._lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            try:
                pid = int(self._lock.read_text().strip() or 0)
            except (OSError, ValueError):
                pid = 0
            if pid and pid != os.getpid() and _pid_alive(pid):
                raise ConfigError(f"--out {self.out}: another sweep (process {pid}) is writing "
                                  f"this folder") from None
            self._lock.unlink(missing_ok=True)
            fd = os.open(self._lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)

    def close(self) -> None:
        self._lock.unlink(missing_ok=True)

    def _new_manifest(self, digest: str) -> dict[str, Any]:
        spec, plan = self.plan.spec, self.plan
        return {
            "kind": KIND,
            "spec": spec.model_dump(),
            "spec_hash": digest,
            "scenario": {"name": spec.base.name, "params": spec.base.model_params()},
            "fixed_params": plan.fixed,
            "package_version": hedgesim.__version__, "mesa_version": mesa.__version__,
            "python": platform.python_version(),
            "seeds": {"base_seed": spec.seed, "common_random_numbers": spec.common_random_numbers,
                      "rule": ("run r uses derive_seeds(base_seed, r % replications)"
                               if spec.common_random_numbers else
                               "run r uses derive_seeds(base_seed, r)")},
            "points": len(plan.design), "replications": spec.replications, "runs": plan.runs,
            "chunk_size": spec.chunk_size, "chunks_total": plan.chunks, "chunks_done": [],
            "complete": False, "created": _now(), "updated": _now(),
            "timings": {"sessions": [], "chunk_seconds": {}},
        }

    def _save(self) -> None:
        self.manifest["updated"] = _now()
        text = json.dumps(self.manifest, indent=1, default=str) + "\n"
        write_atomic(self.out / "manifest.json", lambda p: p.write_text(text))

    def part(self, kind: str, chunk: int) -> Path:
        return self.out / kind / f"part-{chunk:06d}.parquet"

    def done_chunks(self) -> set[int]:
        """Chunks whose runs part is on disk (complete by construction)."""
        done = set()
        for path in (self.out / "runs").glob("part-*.parquet"):
            done.add(int(path.stem.split("-")[1]))
        return {c for c in done if c < self.plan.chunks}

    def write_chunk(self, result: ChunkResult) -> None:
        if result.series is not None:
            write_atomic(self.part("series", result.index),
                         lambda p: result.series.to_parquet(p, index=False))
        write_atomic(self.part("runs", result.index), lambda p: result.runs.to_parquet(p, index=False))
        done = self.manifest["chunks_done"]
        if result.index not in done:
            done.append(result.index)
            done.sort()
        self.manifest["timings"]["chunk_seconds"][str(result.index)] = round(result.seconds, 4)
        self._save()

    def finish(self, session: dict[str, Any]) -> None:
        self.manifest["chunks_done"] = sorted(self.done_chunks())
        self.manifest["complete"] = len(self.manifest["chunks_done"]) == self.plan.chunks
        session["finished"] = _now()
        self.manifest["timings"]["sessions"].append(session)
        self._save()


def load_results(out: str | Path) -> SweepResult:
    """A sweep folder as a SweepResult; runs and series are read on first use."""
    out = Path(out)
    manifest = _read_manifest(out)
    if manifest is None or manifest.get("kind") != KIND:
        raise ConfigError(f"{out}: not a hedgesim sweep folder (no sweep manifest.json)")
    spec = validate_spec(manifest["spec"], str(out / "manifest.json"), manifest["spec"].get("name", ""))
    design = pd.read_parquet(out / "design.parquet")
    return SweepResult(spec, design, out=out, info=manifest)
