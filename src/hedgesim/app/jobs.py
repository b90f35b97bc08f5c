"""Background work for the sweep and sensitivity pages: run, report progress, cancel.

A ``Job`` runs ``work(progress, cancelled)`` in its own thread, independent of
any page: it lives in the tab's state (``hedgesim.app.session``), so leaving
the page or reloading it does not stop it, and the page finds it again and
shows its progress. Cancel (the page's button, or the tab being closed) is
honoured between chunks of the sweep, within about a second.

``use_job(job)`` re-renders the calling component while the job runs.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import solara

logger = logging.getLogger("hedgesim.app")
Settings = TypeVar("Settings")

RUNNING, DONE, CANCELLED, FAILED = "running", "done", "cancelled", "failed"


class Job(Generic[Settings]):
    """One run of ``work`` for ``settings``, in a daemon thread."""

    def __init__(self, settings: Settings,
                 work: Callable[[Callable[[float], None], Callable[[], bool]], Any]):
        self.settings = settings
        self.state = RUNNING
        self.progress = 0.0          # per cent
        self.result: Any = None
        self.error = ""
        self.started = time.monotonic()
        self.finished = threading.Event()
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(work,), daemon=True,
                                        name="hedgesim-job")
        self._thread.start()

    def _run(self, work) -> None:
        def progress(percent: float) -> None:
            self.progress = max(0.0, min(100.0, float(percent)))

        try:
            result = work(progress, self._cancel.is_set)
            if self._cancel.is_set() or result is None:
                self.state = CANCELLED
            else:
                self.result, self.state = result, DONE
        except Exception as error:  # shown on the page in one line; the trace goes to the log
            logger.error("background job failed:\n%s", traceback.format_exc())
            self.error, self.state = f"{type(error).__name__}: {error}", FAILED
        finally:
            self.finished.set()

    @property
    def running(self) -> bool:
        return self.state == RUNNING

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        return self.finished.wait(timeout)


class PageWork:
    """What a page's per-tab state does with its background job (a mixin: the state holds
    ``job``, ``last`` and ``message``; ``WORK`` names the work in messages)."""

    WORK = "work"

    def stop_work(self) -> None:
        """Cancel the running job (the Cancel button, or the tab closed)."""
        if self.job is not None and self.job.running:
            self.job.cancel()

    def ended(self) -> None:
        """Say how the last job ended if it gave no result."""
        job = self.job
        if job is None or job.running:
            return
        if job.state == CANCELLED:
            self.message = "Cancelled: nothing was kept" + (
                f"; the last finished {self.WORK} stays on screen." if self.last else ".")
        elif job.state == FAILED:
            self.message = f"The {self.WORK} failed: {job.error}"
        self.job = None


def use_job(job: Job | None, every: float = 0.25) -> None:
    """Re-render the calling component every ``every`` seconds while ``job`` runs, and once at its end."""
    _, set_tick = solara.use_state(0)

    def watch(cancel: threading.Event):
        if job is None:
            return
        while job.running and not cancel.is_set():
            if job.wait(every):
                break
            set_tick(lambda t: t + 1)
        if not cancel.is_set():
            set_tick(lambda t: t + 1)

    solara.use_thread(watch, dependencies=[job], intrusive_cancel=False)
