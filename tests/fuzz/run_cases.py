"""Run the fuzz cases of cases.yaml through ``hedgesim.cli.main``, one forked process per case.

    python tests/fuzz/run_cases.py RESULTS.json [NAME ...]

The parent imports hedgesim once (with everything the CLI loads lazily), then
forks a child per case, so that each case costs milliseconds, not an
interpreter start, and its time and memory are its own: the child's peak
resident memory (``wait4``) less the parent's at the fork. Each child runs in
a fresh folder holding only the case's inputs, with a memory ceiling and an
alarm so that a runaway case fails instead of hurting the machine. The test
(tests/test_fuzz.py) reads RESULTS.json.
"""

from __future__ import annotations

import os

# The parent forks: no BLAS threads. Its one other thread is pyarrow's jemalloc background
# thread, which jemalloc's own fork handlers look after (hence the warning filter below).
os.environ.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")

import json
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
NOBODY = 65534
CEILING = 3 * 2**30        # address-space headroom per case
ALARM_SECONDS = 60
LONG = "n" * 5000


def rss() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def tree(folder: Path) -> dict[str, tuple]:
    """Every path below ``folder`` with its kind, size and modification time (lstat)."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            info = path.lstat()
            found[str(path.relative_to(folder))] = (stat.S_IFMT(info.st_mode), info.st_size,
                                                    info.st_mtime_ns, stat.S_IMODE(info.st_mode))
    return found


def prepare(case: dict, folder: Path, template: Path) -> None:
    for name in case.get("files", []):
        shutil.copy(CORPUS / name, folder / name)
    for name in case.get("dirs", []):
        (folder / name).mkdir(parents=True)
    for name, text in case.get("write", {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    for name, spec in case.get("big", {}).items():
        fill = spec["fill"].encode()
        with open(folder / name, "wb") as handle:
            handle.write(spec.get("prefix", "").encode())
            handle.write((fill * (spec["bytes"] // len(fill) + 1))[: spec["bytes"]])
            handle.write(spec.get("suffix", "").encode())
    if "symlink_loop" in case:
        name = case["symlink_loop"]
        os.symlink(f"{name}.other", folder / name)
        os.symlink(name, folder / f"{name}.other")
    if "fifo" in case:
        os.mkfifo(folder / case["fifo"])
    if "sweep" in case:
        shutil.copytree(template, folder / case["sweep"])
    for target, source in case.get("replace", {}).items():
        shutil.copy(CORPUS / source, folder / target)
    for target in case.get("delete", []):
        (folder / target).unlink()
    for name in case.get("readonly", []):
        (folder / name).chmod(0o555)


def child(case: dict, folder: Path, out_path: Path, err_path: Path) -> None:
    """In the forked child: set up limits and streams, run the CLI, exit with its code."""
    code = 70
    try:
        (folder.parent / f"{folder.name}.rss").write_text(str(rss()))  # the child's own start
        os.chdir(folder)
        resource.setrlimit(resource.RLIMIT_AS, (CEILING + _vm(), CEILING + _vm()))
        signal.alarm(ALARM_SECONDS)
        if "fsize_limit" in case:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (case["fsize_limit"], case["fsize_limit"]))
        for name in case.get("block_modules", []):
            sys.modules[name] = None  # import fails as if not installed
        err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        os.dup2(err, 2)
        if case.get("stdout") == "closed_pipe":
            read_end, write_end = os.pipe()
            os.close(read_end)
            os.dup2(write_end, 1)
        else:
            out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
            os.dup2(out, 1)
        if case.get("readonly") and os.geteuid() == 0:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)  # root writes anywhere; nobody is bound by the modes
        sys.stdout = open(1, "w", closefd=False)
        sys.stderr = open(2, "w", closefd=False)
        from hedgesim import cli

        args = [a.replace("{LONG}", LONG) for a in case["args"]]
        code = cli.main(args)
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # noqa: BLE001 - report anything that escaped the CLI
        import traceback

        try:
            traceback.print_exc(file=sys.stderr)
            sys.stderr.flush()
        except Exception:  # noqa: BLE001
            pass
        code = 70
    os._exit(code if isinstance(code, int) else 70)


def _vm() -> int:
    return int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def make_template(root: Path) -> Path:
    """A finished small sweep folder (in a separate process: the forking parent stays single-threaded)."""
    template = root / "template"
    subprocess.run([sys.executable, "-m", "hedgesim.cli", "sweep", str(CORPUS / "good_spec.yaml"),
                    "--out", str(template), "-q"], check=True, capture_output=True, timeout=300)
    return template


def main() -> None:
    results_path = Path(sys.argv[1])
    only = set(sys.argv[2:])
    cases = [c for c in yaml.safe_load((HERE / "cases.yaml").read_text()) if not only or c["name"] in only]
    root = Path(tempfile.mkdtemp(prefix="hedgesim-fuzz-"))
    root.chmod(0o755)  # user nobody must reach the read-only cases' folders
    template = make_template(root)
    # Everything the CLI imports lazily, loaded before the forks so no case pays for it.
    import hedgesim.analysis.sensitivity  # noqa: F401
    import hedgesim.analysis.sweep.store  # noqa: F401
    import hedgesim.cli  # noqa: F401
    import hedgesim.plots  # noqa: F401
    import hedgesim.runs  # noqa: F401
    import distributed.comm.addressing  # noqa: F401
    import encodings.utf_8_sig  # noqa: F401 - user nobody cannot read the standard library here
    import pyarrow.parquet  # noqa: F401
    threads = len(os.listdir("/proc/self/task"))
    warnings.filterwarnings("ignore", message=".*multi-threaded, use of fork", category=DeprecationWarning)
    results = []
    try:
        for number, case in enumerate(cases):
            folder = root / f"case-{number:03d}"
            folder.mkdir()
            folder.chmod(0o777)
            prepare(case, folder, template)
            before = tree(folder)
            out_path, err_path = root / f"{number}.out", root / f"{number}.err"
            base = rss()
            started = time.perf_counter()
            pid = os.fork()
            if pid == 0:
                child(case, folder, out_path, err_path)
            _, status, usage = os.wait4(pid, 0)
            seconds = time.perf_counter() - started
            after = tree(folder)
            for name in case.get("readonly", []):
                (folder / name).chmod(0o755)
            start_file = root / f"{folder.name}.rss"
            base = int(start_file.read_text()) if start_file.exists() else base
            changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            results.append({
                "name": case["name"],
                "code": os.waitstatus_to_exitcode(status),
                "stderr": err_path.read_text(errors="replace") if err_path.exists() else "",
                "stdout_bytes": out_path.stat().st_size if out_path.exists() else 0,
                "seconds": seconds,
                "memory_growth": usage.ru_maxrss * 1024 - base,
                "changed": changed,
                "parent_threads": threads,
            })
    finally:
        shutil.rmtree(root, ignore_errors=True)
    results_path.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
