"""The sweep store: Parquet parts plus a manifest, streamed chunk by chunk, verified, resumable.

Layout of an output folder::

    manifest.json               spec, spec hash, model version, seeds, timings, chunks done
    design.parquet              the parameter points
    runs/part-000000.parquet    outcome metrics, one row per run, one file per chunk
    series/part-000000.parquet  kept time series (keep: timeseries)
    chunks/part-000000.json     the chunk's record: its runs, the spec hash and model
                                version, and the size and SHA-256 of each of its parts

A chunk's parts are written to temporary names and renamed into place; its
record is written last and marks the chunk done. A chunk counts as done only
when it is verified: its record is whole and names this spec and model, and
each part it lists has the recorded size and checksum, and its runs part holds
the plan's run ids. Anything else is a fault, reported by name: a damaged,
truncated, empty or missing part, a part without a record, a record or part
that belongs to no planned chunk (moved to ``quarantine/`` on resume), a lost
or damaged manifest or design. Resuming recomputes every chunk not verified,
rewrites the design and rebuilds a lost manifest from the spec (when the
chunk records name the same spec hash), so a healed folder is bit-identical to
an uninterrupted run. A folder holding another spec's results, or results of
another model version, is refused.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import re
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import mesa
import numpy as np
import pandas as pd

import hedgesim
from hedgesim.analysis.folders import LOCK_NAME, FolderLock, write_bytes_atomic
from hedgesim.analysis.provenance import difference, model_version
from hedgesim.analysis.sweep.chunks import ChunkResult
from hedgesim.analysis.sweep.plan import SweepPlan, SweepResult
from hedgesim.analysis.sweep.spec import SweepSpec, validate_spec
from hedgesim.config.yaml_files import shown
from hedgesim.game.parameters import ConfigError, excerpt

KIND = "hedgesim-sweep"
MANIFEST_KEYS = ("kind", "spec", "spec_hash")
PART = re.compile(r"part-(\d{6})\.(parquet|json)")
KINDS = ("runs", "series")
FOLDERS = ("runs", "series", "chunks")
KNOWN = {"manifest.json", "design.parquet", LOCK_NAME, "quarantine", *FOLDERS}
MANIFEST_EVERY = 10.0  # seconds between manifest updates while a sweep runs
MAX_RECORD_BYTES = 1_000_000


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def read_manifest(out: Path) -> tuple[dict[str, Any] | None, str | None]:
    """The folder's manifest, or None and what is wrong with it (missing, damaged, not a sweep's)."""
    path = out / "manifest.json"
    if not path.exists():
        return None, "manifest.json is missing"
    try:
        if path.stat().st_size > 50_000_000:
            return None, "manifest.json is damaged (far too large)"
        data = json.loads(path.read_bytes())
    except OSError as error:
        return None, f"manifest.json cannot be read ({error.strerror or error})"
    except ValueError:
        return None, "manifest.json is damaged (not JSON: truncated or overwritten)"
    if not isinstance(data, dict):
        return None, f"manifest.json is damaged (a JSON {type(data).__name__}, not an object)"
    if data.get("kind") not in (None, KIND):
        return None, f"manifest.json belongs to a {excerpt(data.get('kind'))} output, not a sweep"
    missing = [key for key in MANIFEST_KEYS if key not in data]
    if missing or not isinstance(data.get("spec"), dict):
        return None, f"manifest.json is damaged (no {', '.join(missing) or 'valid spec'})"
    return data, None


# ---------------------------------------------------------------- verification
@dataclass
class Fault:
    path: str        # relative to the folder
    problem: str
    chunk: int | None = None
    stray: bool = False  # belongs to no planned chunk: moved aside on resume

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


@dataclass
class Verification:
    """What a folder holds, checked against a plan (``runs`` runs in chunks of ``chunk_size``)."""

    chunks: int
    done: set[int] = field(default_factory=set)
    faults: list[Fault] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bytes_done: int = 0

    @property
    def missing(self) -> list[int]:
        return [c for c in range(self.chunks) if c not in self.done]


def run_ids(runs: int, chunk_size: int, chunk: int) -> np.ndarray:
    start = chunk * chunk_size
    return np.arange(start, min(start + chunk_size, runs))


def _read_record(path: Path) -> tuple[dict[str, Any] | None, str]:
    try:
        if path.stat().st_size > MAX_RECORD_BYTES:
            return None, "damaged record (far too large)"
        record = json.loads(path.read_bytes())
    except OSError as error:
        return None, f"record cannot be read ({error.strerror or error})"
    except ValueError:
        return None, "damaged record (not JSON: truncated or overwritten)"
    if not isinstance(record, dict) or not isinstance(record.get("files"), dict):
        return None, "damaged record (not a chunk record)"
    return record, ""


def _check_part(out: Path, name: str, expected: Any, chunk: int, ids: np.ndarray | None) -> str | None:
    """What is wrong with one part a record lists, or None."""
    path = out / name
    if not isinstance(expected, dict):
        return "damaged record"
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return "missing (its chunk's record lists it)"
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    if not path.is_file():
        return "not a file"
    if size == 0:
        return "empty (0 bytes)"
    if size != expected.get("bytes"):
        recorded = expected.get("bytes")
        recorded = f"{recorded:,}" if isinstance(recorded, int) else excerpt(recorded)
        return f"wrong size: {size:,} bytes, recorded {recorded} (truncated or overwritten)"
    if file_sha256(path) != expected.get("sha256"):
        return "damaged: its SHA-256 is not the recorded one"
    if ids is not None:
        import pyarrow.parquet as pq

        try:
            got = pq.read_table(path, columns=["run"]).column("run").to_numpy()
        except Exception:  # noqa: BLE001 - any unreadable file is a damaged part
            return "damaged: not a readable Parquet file"
        if len(got) != len(ids):
            return f"holds {len(got):,} rows; the plan has {len(ids):,} runs in chunk {chunk}"
        if not np.array_equal(np.sort(got), ids):
            return f"holds other runs than the plan's chunk {chunk} (runs {ids[0]}-{ids[-1]})"
    return None


def verify(out: Path, runs: int, chunk_size: int, spec_hash: str, model: dict[str, Any],
           keep_series: bool, listed_done: list[int] | None = None) -> Verification:
    """Check every chunk record and part of a folder against the plan; nothing is written."""
    chunks = -(-runs // chunk_size)
    result = Verification(chunks)
    referenced: set[str] = set()
    records = out / "chunks"
    for path in sorted(records.iterdir()) if records.is_dir() else []:
        if path.name.startswith(".") and ".tmp-" in path.name:
            continue
        rel = f"chunks/{path.name}"
        match = PART.fullmatch(path.name)
        if not match or match.group(2) != "json" or int(match.group(1)) >= chunks:
            result.faults.append(Fault(rel, "not a record of this sweep's plan "
                                            f"({chunks:,} chunks)", stray=True))
            continue
        chunk = int(match.group(1))
        record, problem = _read_record(path)
        if record is None:
            result.faults.append(Fault(rel, problem, chunk))
            continue
        if record.get("chunk") != chunk:
            result.faults.append(Fault(rel, f"is the record of chunk {excerpt(record.get('chunk'))}, "
                                            f"not of chunk {chunk}", chunk))
            continue
        if record.get("spec_hash") != spec_hash:
            result.faults.append(Fault(rel, f"written for another spec (hash "
                                            f"{excerpt(record.get('spec_hash'))}, this one {spec_hash})", chunk))
            continue
        if not isinstance(record.get("model"), dict) or record["model"].get("code") != model["code"]:
            result.faults.append(Fault(rel, f"written by {difference(record.get('model'), model)}", chunk))
            continue
        ids = run_ids(runs, chunk_size, chunk)
        expected_files = {f"runs/part-{chunk:06d}.parquet"} | (
            {f"series/part-{chunk:06d}.parquet"} if keep_series else set())
        if set(record["files"]) != expected_files:
            result.faults.append(Fault(rel, "damaged record (it lists other parts than its chunk's)", chunk))
            continue
        referenced |= expected_files | {rel}
        bad = []
        for name in sorted(expected_files):
            why = _check_part(out, name, record["files"][name], chunk, ids if name.startswith("runs/") else None)
            if why:
                bad.append(Fault(name, why, chunk))
        if bad:
            result.faults.extend(bad)
            continue
        result.done.add(chunk)
        result.bytes_done += sum(int(f["bytes"]) for f in record["files"].values())
    for kind in KINDS:
        folder = out / kind
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            rel = f"{kind}/{path.name}"
            if rel in referenced or (path.name.startswith(".") and ".tmp-" in path.name):
                continue
            match = PART.fullmatch(path.name)
            if not match or match.group(2) != "parquet" or int(match.group(1)) >= chunks:
                result.faults.append(Fault(rel, f"not a part of this sweep's plan ({chunks:,} chunks)",
                                           stray=True))
            elif kind == "series" and not keep_series:
                result.faults.append(Fault(rel, "a series part, but this spec keeps outcomes only",
                                           stray=True))
            elif int(match.group(1)) not in result.done and not any(
                    f.chunk == int(match.group(1)) for f in result.faults):
                result.faults.append(Fault(rel, "has no chunk record (written by an interrupted or "
                                                "older run, or copied in)", int(match.group(1))))
    for chunk in sorted(set(listed_done or []) - result.done):
        if isinstance(chunk, int) and 0 <= chunk < chunks and not any(f.chunk == chunk for f in result.faults):
            result.faults.append(Fault(f"runs/part-{chunk:06d}.parquet", "missing with its record (the "
                                                                          "manifest lists its chunk done)", chunk))
    quarantined = [p for p in (out / "quarantine").rglob("*") if p.is_file()] if (out / "quarantine").is_dir() else []
    if quarantined:
        result.notes.append(f"quarantine/: {len(quarantined)} file{'s' if len(quarantined) > 1 else ''} set "
                            f"aside by an earlier resume (not read; delete them once looked at)")
    for entry in sorted(out.iterdir()) if out.is_dir() else []:
        if entry.name not in KNOWN and not entry.name.startswith(".manifest.json.tmp-") and \
                not entry.name.startswith(".design.parquet.tmp-"):
            result.notes.append(f"{entry.name}: not part of a sweep folder (left alone)")
    return result


def looks_like_sweep(out: Path) -> bool:
    """A folder of only sweep entries (a sweep whose manifest was lost), not a user's folder."""
    names = {p.name for p in out.iterdir() if not (p.name.startswith(".") and ".tmp-" in p.name)}
    return bool(names & {"design.parquet", *FOLDERS}) and names <= KNOWN


def records_spec_hashes(out: Path) -> tuple[set[str], list[dict[str, Any]]]:
    """The spec hashes and model versions named by a folder's chunk records."""
    hashes, models = set(), []
    folder = out / "chunks"
    for path in sorted(folder.glob("part-*.json")) if folder.is_dir() else []:
        record, _ = _read_record(path)
        if record is not None:
            hashes.add(str(record.get("spec_hash")))
            if isinstance(record.get("model"), dict):
                models.append(record["model"])
    return hashes, models


# ------------------------------------------------------------------ the store
class SweepStore:
    """One sweep's output folder, open for writing (it holds the folder's lock)."""

    def __init__(self, out: Path, plan: SweepPlan, manifest: dict[str, Any]):
        self.out, self.plan, self.manifest = out, plan, manifest
        self.lock = FolderLock(out, "--out")
        self.done: set[int] = set()
        self.healed: list[str] = []
        self.verification: Verification | None = None
        self._saved = 0.0

    @classmethod
    def open(cls, out: Path, plan: SweepPlan) -> SweepStore:
        """Create the folder, or reopen it to resume the same spec (verifying and healing it)."""
        spec, digest, model = plan.spec, plan.spec.spec_hash(), model_version()
        label = f"--out {shown(out)}"
        if out.exists() and not out.is_dir():
            raise ConfigError(f"{label}: exists and is not a folder")
        existing, problem = read_manifest(out) if out.exists() else (None, None)
        occupied = out.exists() and any(p.name != LOCK_NAME for p in out.iterdir())
        if existing is None and occupied:
            if not looks_like_sweep(out):
                raise ConfigError(f"{label}: folder exists and does not hold a hedgesim sweep; "
                                  f"choose a new or empty folder")
            hashes, models = records_spec_hashes(out)
            other = sorted(hashes - {digest})
            if other:
                raise ConfigError(f"{label}: {problem}, and its chunks belong to another sweep spec "
                                  f"(hash {', '.join(other[:3])}; this spec's hash is {digest}); "
                                  f"give that spec to rebuild it, or use another --out")
            for theirs in models:
                if theirs.get("code") != model["code"]:
                    raise ConfigError(f"{label}: {problem}, and its chunks were written by "
                                      f"{difference(theirs, model)}; results would mix model versions; "
                                      f"use another --out")
        if existing is not None:
            if existing.get("spec_hash") != digest:
                raise ConfigError(
                    f"{label}: folder holds results of another sweep spec "
                    f"({excerpt(existing['spec'].get('name', '?'))}, hash {excerpt(existing.get('spec_hash'))}; "
                    f"this spec's hash is {digest}); use another --out or delete the folder")
            if not isinstance(existing.get("model"), dict) or existing["model"].get("code") != model["code"]:
                raise ConfigError(f"{label}: folder was written by {difference(existing.get('model'), model)}; "
                                  f"results would mix model versions; use another --out")
        out.mkdir(parents=True, exist_ok=True)
        store = cls(out, plan, existing or {})
        store.lock.acquire()
        try:
            store._prepare(existing, problem, digest)
        except BaseException:
            store.close()
            raise
        return store

    def _prepare(self, existing: dict[str, Any] | None, problem: str | None, digest: str) -> None:
        out, plan = self.out, self.plan
        for folder in ("runs", "chunks") + (("series",) if plan.spec.keep == "timeseries" else ()):
            (out / folder).mkdir(exist_ok=True)
        for stale in list(out.glob(".*.tmp-*")) + list(out.glob("*/.*.tmp-*")):
            stale.unlink(missing_ok=True)  # we hold the lock: these are a dead writer's
        check = self.check(existing)
        self.verification = check
        for fault in check.faults:
            path = out / fault.path
            if fault.stray:
                target = out / "quarantine" / fault.path
                target.parent.mkdir(parents=True, exist_ok=True)
                if path.exists():
                    os.replace(path, target)
                self.healed.append(f"{fault}: moved to quarantine/{fault.path}")
            else:
                if path.exists() or path.is_symlink():
                    path.unlink() if not path.is_dir() else shutil.rmtree(path)
                if fault.chunk is not None:
                    record = out / "chunks" / f"part-{fault.chunk:06d}.json"
                    record.unlink(missing_ok=True)  # the chunk is recomputed whole
                self.healed.append(f"{fault}: recomputed")
        self.done = set(check.done)
        design = parquet_bytes(plan.design)
        design_path = out / "design.parquet"
        design_ok = design_path.is_file() and file_sha256(design_path) == sha256(design)
        if not design_ok:
            if existing is not None or check.done:
                self.healed.append("design.parquet: " + ("damaged" if design_path.exists() else "missing")
                                   + "; rewritten from the spec")
            write_bytes_atomic(design_path, design)
        if existing is None:
            self.manifest = self._new_manifest(digest, sha256(design))
            if problem and (check.done or check.faults):
                self.manifest["rebuilt"] = {"at": _now(), "because": problem}
                self.healed.append(f"{problem}; rebuilt from the spec (hash {digest})")
        self.manifest["spec"] = plan.spec.model_dump()  # same hash; mends a damaged copy
        self.manifest["design_sha256"] = sha256(design)
        self.manifest["chunks_done"] = sorted(self.done)
        self._save()

    def check(self, manifest: dict[str, Any] | None = None) -> Verification:
        plan = self.plan
        listed = (manifest or {}).get("chunks_done")
        return verify(self.out, plan.runs, plan.spec.chunk_size, plan.spec.spec_hash(), model_version(),
                      plan.spec.keep == "timeseries", listed if isinstance(listed, list) else None)

    def close(self) -> None:
        self.lock.release()

    def _new_manifest(self, digest: str, design_sha: str) -> dict[str, Any]:
        spec, plan = self.plan.spec, self.plan
        return {
            "kind": KIND,
            "spec": spec.model_dump(),
            "spec_hash": digest,
            "scenario": {"name": spec.base.name, "params": spec.base.model_params()},
            "fixed_params": plan.fixed,
            "model": model_version(),
            "package_version": hedgesim.__version__, "mesa_version": mesa.__version__,
            "python": platform.python_version(),
            "seeds": {"base_seed": spec.seed, "common_random_numbers": spec.common_random_numbers,
                      "rule": ("run r uses derive_seeds(base_seed, r % replications)"
                               if spec.common_random_numbers else
                               "run r uses derive_seeds(base_seed, r)")},
            "points": len(plan.design), "replications": spec.replications, "runs": plan.runs,
            "chunk_size": spec.chunk_size, "chunks_total": plan.chunks, "chunks_done": [],
            "design_sha256": design_sha,
            "complete": False, "created": _now(), "updated": _now(),
            "timings": {"sessions": []},
        }

    def _save(self) -> None:
        import time

        self.manifest["updated"] = _now()
        text = json.dumps(self.manifest, indent=1, default=str) + "\n"
        write_bytes_atomic(self.out / "manifest.json", text.encode())
        self._saved = time.monotonic()

    def part(self, kind: str, chunk: int) -> Path:
        return self.out / kind / f"part-{chunk:06d}.parquet"

    def done_chunks(self) -> set[int]:
        """Chunks verified on disk (at open) or written since."""
        return set(self.done)

    def write_chunk(self, result: ChunkResult) -> None:
        """Write a chunk's parts, then its record (which marks it done)."""
        import time

        chunk = result.index
        files = {}
        frames = [("runs", result.runs)] + ([("series", result.series)] if result.series is not None else [])
        for kind, frame in frames:
            data = parquet_bytes(frame)
            write_bytes_atomic(self.part(kind, chunk), data)
            files[f"{kind}/part-{chunk:06d}.parquet"] = {"bytes": len(data), "sha256": sha256(data),
                                                         "rows": len(frame)}
        ids = result.runs["run"].to_numpy()
        record = {"chunk": chunk, "runs": [int(ids.min()), int(ids.max())], "rows": len(ids),
                  "spec_hash": self.plan.spec.spec_hash(), "model": model_version(), "files": files,
                  "seconds": round(result.seconds, 4), "written": _now()}
        write_bytes_atomic(self.out / "chunks" / f"part-{chunk:06d}.json",
                           (json.dumps(record, indent=1) + "\n").encode())
        self.done.add(chunk)
        if time.monotonic() - self._saved > MANIFEST_EVERY:
            self.manifest["chunks_done"] = sorted(self.done)
            self._save()

    def finish(self, session: dict[str, Any]) -> None:
        self.manifest["chunks_done"] = sorted(self.done)
        self.manifest["complete"] = len(self.done) == self.plan.chunks
        session["finished"] = _now()
        if self.healed:
            session["healed"] = self.healed[:100]
        self.manifest.setdefault("timings", {}).setdefault("sessions", []).append(session)
        self._save()

    def result(self, seconds: float = 0.0) -> SweepResult:
        return SweepResult(self.plan.spec, self.plan.design, out=self.out, seconds=seconds,
                           info=dict(self.manifest), chunks=sorted(self.done))


# ------------------------------------------------------------------- reading
def spec_of(out: Path, manifest: dict[str, Any]) -> SweepSpec:
    return validate_spec(manifest["spec"], f"{shown(out / 'manifest.json')}: spec",
                         str(manifest["spec"].get("name", "")), strict=False)


@dataclass
class FolderCheck:
    """A sweep folder checked without writing: its spec, its chunks, and what else is wrong."""

    spec: SweepSpec
    verification: Verification
    manifest_problem: str | None = None   # lost or damaged (a resume rebuilds it from the spec)
    design_problem: str | None = None     # missing or damaged (a resume rewrites it)
    other_model: str | None = None        # written by another model version than this one

    @property
    def intact(self) -> bool:
        return not (self.verification.faults or self.manifest_problem or self.design_problem)


def check_folder(out: str | Path, spec: SweepSpec | None = None) -> FolderCheck:
    """Verify a sweep folder without writing anything. ``spec`` stands in for a lost or damaged
    manifest's spec (and must have the folder's spec hash when the manifest is readable)."""
    out = Path(out)
    label = shown(out)
    if not out.exists():
        raise ConfigError(f"{label}: no such folder")
    if not out.is_dir():
        raise ConfigError(f"{label}: not a folder; expected a sweep's output folder")
    manifest, problem = read_manifest(out)
    recorded = None
    if manifest is not None:
        try:
            recorded = spec_of(out, manifest)
        except ConfigError as error:
            manifest, problem = None, f"manifest.json is damaged (its spec: {error})"
    if manifest is None and not looks_like_sweep(out):
        raise ConfigError(f"{label}: folder does not hold a hedgesim sweep ({problem})")
    if manifest is None and spec is None:
        raise ConfigError(f"{label}: {problem}; give the sweep's spec (--spec SPEC) to check its parts "
                          f"against it")
    if manifest is not None and spec is not None and spec.spec_hash() != manifest.get("spec_hash"):
        raise ConfigError(f"{label}: folder holds results of another sweep spec (hash "
                          f"{excerpt(manifest.get('spec_hash'))}; the given spec's hash is {spec.spec_hash()})")
    spec = spec or recorded
    ours = model_version()
    theirs = manifest.get("model") if manifest is not None else None
    folder_model = theirs if isinstance(theirs, dict) and theirs.get("code") else ours
    other = None
    if manifest is not None and (not isinstance(theirs, dict) or theirs.get("code") != ours["code"]):
        other = f"written by {difference(theirs, ours)}"
    from hedgesim.analysis.sweep.sizes import design_rows

    runs = design_rows(spec) * spec.replications
    listed = manifest.get("chunks_done") if manifest else None
    check = verify(out, runs, spec.chunk_size, spec.spec_hash(), folder_model, spec.keep == "timeseries",
                   listed if isinstance(listed, list) else None)
    design_path = out / "design.parquet"
    recorded_design = (manifest or {}).get("design_sha256")
    design_problem = None
    if not design_path.is_file():
        design_problem = "design.parquet is missing"
    elif design_path.stat().st_size == 0:
        design_problem = "design.parquet is empty (0 bytes)"
    else:
        if not recorded_design:  # a lost manifest: the design is a pure function of the spec
            from hedgesim.analysis.sweep.designs import design_table

            recorded_design = sha256(parquet_bytes(design_table(spec)))
        if file_sha256(design_path) != recorded_design:
            design_problem = "design.parquet is damaged: its SHA-256 is not the spec's design's"
    return FolderCheck(spec, check, problem if manifest is None else None, design_problem, other)


def load_results(out: str | Path) -> SweepResult:
    """A verified sweep folder as a SweepResult (runs and series are read on first use).

    Only verified chunks are read. A damaged, missing or stray part, or a lost
    manifest or design, is refused with one line saying how to heal the folder
    (rerun the sweep into it: it recomputes what is damaged). An unfinished
    sweep loads what it has (``info["complete"]`` is False).
    """
    out = Path(out)
    if out.is_dir():
        manifest, problem = read_manifest(out)
    else:
        manifest, problem = None, "no such folder" if not out.exists() else "not a folder"
    if manifest is None:
        raise ConfigError(f"{shown(out)}: not a readable hedgesim sweep folder ({problem}); rerun "
                          f"`hedgesim sweep SPEC --out {shown(out)}` with its spec to rebuild it")
    folder = check_folder(out)
    faults = [str(f) for f in folder.verification.faults] + [p for p in (folder.manifest_problem,
                                                                         folder.design_problem) if p]
    if faults:
        raise ConfigError(f"{shown(out)}: {len(faults)} fault{'s' if len(faults) > 1 else ''} "
                          f"({'; '.join(faults[:3])}{'; ...' if len(faults) > 3 else ''}); rerun the sweep "
                          f"into it to recompute them, or `hedgesim sweep --check {shown(out)}` to list them")
    design = pd.read_parquet(out / "design.parquet")
    info = dict(manifest)
    done = sorted(folder.verification.done)
    info["chunks_done"] = done
    info["complete"] = not folder.verification.missing
    return SweepResult(folder.spec, design, out=out, info=info, chunks=done)
