"""Output folders: atomic writes, one writer per folder, and what a killed process leaves behind.

* ``write_atomic`` writes to a hidden temporary name and renames into place, so a
  file that exists under its real name is complete;
* ``FolderLock`` lets one process at a time write a folder. It is an ``flock``
  on ``.lock``, so the kernel releases it when its holder dies, even by SIGKILL:
  a lock left on disk by a dead process, an empty one, or one naming a process
  ID that the system has since given to another program never blocks; a live
  holder is named (process, host, since when) in the refusal;
* ``process_token`` names a process by its ID and start time, so a leftover
  scratch folder can be told from one a running process still writes even
  after its process ID is reused.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hedgesim.config.yaml_files import os_reason, shown
from hedgesim.game.parameters import ConfigError

LOCK_NAME = ".lock"


def write_atomic(path: Path, write: Callable[[Path], Any]) -> None:
    """Write through ``write(tmp_path)`` and rename into place."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_bytes_atomic(path: Path, data: bytes) -> None:
    write_atomic(path, lambda p: p.write_bytes(data))


# ----------------------------------------------------------------- processes
def _start_time(pid: int) -> str | None:
    """A process's start time in clock ticks since boot (Linux), or None where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2:].split()[19]


def process_token(pid: int | None = None) -> str:
    """``PID-STARTTIME`` of a process (this one by default); just ``PID`` where /proc is missing."""
    pid = os.getpid() if pid is None else pid
    start = _start_time(pid)
    return f"{pid}-{start}" if start else str(pid)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def token_alive(token: str) -> bool:
    """Whether the process a token names still runs (the same process, not a reused ID)."""
    pid_text, _, start = token.partition("-")
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    if pid <= 0 or not pid_alive(pid):
        return False
    return not start or _start_time(pid) in (None, start)


def remove_leftovers(parent: Path, prefixes: tuple[str, ...]) -> list[Path]:
    """Remove ``parent``'s hidden scratch entries ``PREFIX-TOKEN`` whose process is gone."""
    import shutil

    removed = []
    try:
        entries = list(parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        for prefix in prefixes:
            if entry.name.startswith(prefix + "-") and not token_alive(entry.name[len(prefix) + 1:]):
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
                removed.append(entry)
    return removed


# ---------------------------------------------------------------------- locks
class FolderLock:
    """One writer per folder: ``with FolderLock(folder, "--out"): ...`` or acquire/release."""

    def __init__(self, folder: Path, label: str = "--out"):
        self.folder, self.label = Path(folder), label
        self.path = self.folder / LOCK_NAME
        self._fd: int | None = None
        self._exclusive_file = False

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def acquire(self) -> None:
        import fcntl

        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _describe(_read(fd))
                os.close(fd)
                raise ConfigError(f"{self.label} {shown(self.folder)}: another process ({holder}) is "
                                  f"writing this folder; wait for it to finish or stop it") from None
            except OSError as error:
                os.close(fd)
                if error.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
                    return self._acquire_without_flock()  # a filesystem without flock
                raise
            # A releasing holder unlinks the file: the one locked must still be the one named.
            try:
                current = os.stat(self.path).st_ino
            except FileNotFoundError:
                current = None
            if current == os.fstat(fd).st_ino:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(_holder()).encode())
        self._fd = fd

    def _acquire_without_flock(self) -> None:
        """Fallback: create ``.lock`` exclusively; take it over only from a dead process on this host."""
        for _ in range(2):
            tmp = self.folder / f".lock.tmp-{os.getpid()}"
            tmp.write_text(json.dumps(_holder()))
            try:
                os.link(tmp, self.path)  # atomic: the lock never exists without its holder
                self._exclusive_file = True
                return
            except FileExistsError:
                holder = _read_path(self.path)
                mine = holder.get("host") == socket.gethostname()
                if mine and not token_alive(str(holder.get("token", ""))):
                    self.path.unlink(missing_ok=True)  # its holder is gone
                    continue
                raise ConfigError(f"{self.label} {shown(self.folder)}: another process ({_describe(holder)}) "
                                  f"is writing this folder; if it is not running, delete "
                                  f"{shown(self.path)}") from None
            finally:
                tmp.unlink(missing_ok=True)
        raise ConfigError(f"{self.label} {shown(self.folder)}: the folder's lock cannot be taken; "
                          f"delete {shown(self.path)} if no process writes the folder")

    def release(self) -> None:
        if self._fd is not None:
            self.path.unlink(missing_ok=True)
            os.close(self._fd)  # releases the flock
            self._fd = None
        elif self._exclusive_file:
            self.path.unlink(missing_ok=True)
            self._exclusive_file = False


def _holder() -> dict[str, Any]:
    return {"pid": os.getpid(), "token": process_token(), "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds")}


def _read(fd: int) -> dict[str, Any]:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        info = json.loads(os.read(fd, 4096) or b"{}")
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def _read_path(path: Path) -> dict[str, Any]:
    try:
        info = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def _describe(holder: dict[str, Any]) -> str:
    if not holder:
        return "process unknown"
    return (f"process {holder.get('pid', '?')} on {holder.get('host', '?')}, "
            f"since {holder.get('since', '?')}")


# ------------------------------------------------------------ output folders
def _not_writable(path: Path) -> str:
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return "is on a read-only file system"
    except OSError:
        pass
    return "is not writable (permission denied)"


@contextmanager
def scratch_then_replace(out: Path) -> Iterator[Path]:
    """A scratch folder beside ``out`` that becomes ``out`` only if the block finishes (an
    earlier folder there is replaced); nothing half-written is ever left under ``out``.
    Scratch folders of processes that were killed (their process is gone) are removed first."""
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out.parent, (f".{out.name}.partial", f".{out.name}.old"))
    token = process_token()
    scratch = out.parent / f".{out.name}.partial-{token}"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    try:
        yield scratch
        old = out.parent / f".{out.name}.old-{token}"
        if out.exists():
            out.rename(old)
        scratch.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def check_out_folder(out: str | os.PathLike, label: str = "--out") -> Path:
    """An output folder that can be written: refuse (one line) an empty path, a file, a symbolic link
    loop, a read-only folder, or a parent in which the folder cannot be created."""
    text = os.fspath(out)
    if not str(text).strip():
        raise ConfigError(f"{label}: an empty path is not allowed; give a folder name")
    path = Path(text)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise ConfigError(f"{label} {shown(path)}: {os_reason(error)}; expected a folder") from None
    if info is not None:
        if not path.is_dir():
            raise ConfigError(f"{label} {shown(path)}: exists and is not a folder")
        if not os.access(path, os.W_OK | os.X_OK):
            raise ConfigError(f"{label} {shown(path)}: folder {_not_writable(path)}; choose another --out")
        return path
    parent = path.absolute().parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise ConfigError(f"{label} {shown(path)}: cannot be created, {shown(parent)} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ConfigError(f"{label} {shown(path)}: cannot be created, {shown(parent)} {_not_writable(parent)}")
    return path
