"""Start the app's Solara server, offline.

The front end is served from the ``solara-assets`` package (no CDN); Solara's
usage telemetry and its check for a newer version on PyPI are turned off, so
the server makes no request to the internet either.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys

# No usage telemetry, and no "runs on Solara" banner over the plots.
SOLARA_ENV = {"SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", "SOLARA_THEME_SHOW_BANNER": "False"}
# Solara warns on every page load when the host is not "localhost" (a classroom network
# address, 127.0.0.1) that its session cookie falls back to SameSite=Lax: harmless here.
QUIET_COOKIE_WARNING = "ignore:Cookies with samesite=none require https:UserWarning"


def command(port: int, host: str) -> list[str]:
    """The ``solara run`` command line for this app."""
    return [sys.executable, "-m", "solara", "run", "hedgesim.app", "--host", host,
            "--port", str(port), "--production", "--no-open", "--no-check-version"]


def serve(port: int = 8765, host: str = "localhost") -> int:
    """Serve the app at http://HOST:PORT until interrupted; the server's exit code (0 on Ctrl+C)."""
    print(f"hedgesim app: open http://{'localhost' if host in ('0.0.0.0', '::') else host}:{port}"
          " in a browser (Ctrl+C stops the server)", flush=True)
    warnings = ",".join(filter(None, [os.environ.get("PYTHONWARNINGS"), QUIET_COOKIE_WARNING]))
    server = subprocess.Popen(command(port, host),
                              env={**os.environ, **SOLARA_ENV, "PYTHONWARNINGS": warnings})
    previous = signal.signal(signal.SIGTERM, _interrupt)  # stopped by a service manager: same
    try:
        return server.wait()
    except KeyboardInterrupt:  # Ctrl+C in a terminal reaches the server too; else pass it on
        for stop, seconds in ((None, 3), (signal.SIGINT, 10), (signal.SIGKILL, None)):
            if stop is not None:
                server.send_signal(stop)
            try:
                server.wait(timeout=seconds)
                break
            except subprocess.TimeoutExpired:
                continue
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def configure_solara() -> None:
    """The same settings for ``solara run hedgesim.app``: no telemetry, no banner."""
    try:
        import solara.server.settings as settings
    except ImportError:  # solara without its server
        return
    settings.telemetry.mixpanel_enable = False
    settings.theme.show_banner = False


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    import socket

    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class AppURL(str):
    """The URL of a running app; ``pgid`` is its process group (the server and its children)."""

    pgid: int


@contextlib.contextmanager
def running_app(port: int | None = None, host: str = "127.0.0.1", log=None,
                env: dict[str, str] | None = None, timeout: float = 90.0):
    """Run ``hedgesim app`` in a subprocess (its own process group) and yield its URL (an ``AppURL``).

    For the browser tests, the benchmarks and ``docs/make_screenshots.py``; the
    server and its children are stopped on exit.
    """
    import time
    import urllib.request

    port = port or free_port(host)
    url = f"http://{host}:{port}/"
    process = subprocess.Popen([sys.executable, "-m", "hedgesim.cli", "app", "--port", str(port),
                                "--host", host], env={**os.environ, **(env or {})},
                               stdout=log, stderr=subprocess.STDOUT if log else None,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"hedgesim app exited with code {process.returncode} "
                                   "before serving")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"hedgesim app did not answer at {url} within {timeout:.0f} s")
            time.sleep(0.3)
        served = AppURL(url)
        served.pgid = process.pid
        yield served
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def cpu_seconds(pgid: int) -> float:
    """CPU seconds (user + system) used so far by the live processes of process group ``pgid`` (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # field 5 of /proc/PID/stat: the process group
            total += (int(fields[11]) + int(fields[12])) / tick
    return total
