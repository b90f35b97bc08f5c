"""Start the app's Solara server, offline.

The front end is served from the ``solara-assets`` package (no CDN); Solara's
usage telemetry and its check for a newer version on PyPI are turned off, so
the server makes no request to the internet either.
"""

from __future__ import annotations

import os
import subprocess
import sys

# No usage telemetry, and no "runs on Solara" banner over the plots.
SOLARA_ENV = {"SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", "SOLARA_THEME_SHOW_BANNER": "False"}


def command(port: int, host: str) -> list[str]:
    """The ``solara run`` command line for this app."""
    return [sys.executable, "-m", "solara", "run", "hedgesim.app", "--host", host,
            "--port", str(port), "--production", "--no-open", "--no-check-version"]


def serve(port: int = 8765, host: str = "localhost") -> int:
    """Serve the app at http://HOST:PORT until interrupted; the server's exit code (0 on Ctrl+C)."""
    print(f"hedgesim app: open http://{'localhost' if host in ('0.0.0.0', '::') else host}:{port}"
          " in a browser (Ctrl+C stops the server)", flush=True)
    server = subprocess.Popen(command(port, host), env={**os.environ, **SOLARA_ENV})
    try:
        return server.wait()
    except KeyboardInterrupt:  # the server got the same Ctrl+C and stops by itself
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        return 0


def configure_solara() -> None:
    """The same settings for ``solara run hedgesim.app``: no telemetry, no banner."""
    try:
        import solara.server.settings as settings
    except ImportError:  # solara without its server
        return
    settings.telemetry.mixpanel_enable = False
    settings.theme.show_banner = False
