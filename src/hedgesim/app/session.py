"""State of one browser tab that outlives page changes and reloads, and work that dies with the tab.

Solara keeps a page's state in its *kernel*, which a reload replaces. The app
keeps what a user would lose on a reload — the classroom run, the sweep and
sensitivity forms, their results and any sweep still running — in a
``TabState`` on the server, found again by the tab's identity: a random id the
browser keeps in its ``sessionStorage`` (per tab, kept across reloads), with
Solara's session cookie. Two tabs never share state; a duplicated tab that
arrives with a live tab's id gets a new id.

Work outlives a page change (the sweep keeps running while the class looks at
the classroom) and a reload, but not the tab: a watchdog stops the work of
every tab that has had no page connected for ``GRACE_SECONDS`` (the tab was
closed, or lost the server; a reload reconnects within a second or two).
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import ipyvuetify as vy
import solara
import traitlets

logger = logging.getLogger("hedgesim.app")

GRACE_SECONDS = float(os.environ.get("HEDGESIM_TAB_GRACE_SECONDS", "20"))
FORGET_SECONDS = 6 * 3600     # a tab unseen this long is forgotten
MAX_TABS = 1000

T = TypeVar("T")


@dataclass
class TabState:
    """Everything one tab keeps: named slots (the pages' own state objects) and its live kernels."""

    key: str
    slots: dict[str, Any] = field(default_factory=dict)
    kernels: set[str] = field(default_factory=set)
    seen: float = field(default_factory=time.monotonic)   # last time a page of it was connected
    stopped: bool = False                                 # its work was stopped for want of a page
    lock: threading.RLock = field(default_factory=threading.RLock)

    def slot(self, name: str, make: Callable[[], T]) -> T:
        """The object kept under ``name``, made by ``make()`` the first time."""
        with self.lock:
            if name not in self.slots:
                self.slots[name] = make()
            return self.slots[name]

    def stop_work(self) -> None:
        """Cancel whatever the tab's slots run (each slot with a ``stop_work`` method)."""
        for value in list(self.slots.values()):
            stop = getattr(value, "stop_work", None)
            if stop is not None:
                stop()


_TABS: dict[str, TabState] = {}
_LOCK = threading.Lock()


def claim(session_id: str, tab_id: str, kernel_id: str, kernel_alive: Callable[[str], bool],
          returning: bool = False) -> tuple[TabState, str]:
    """The tab's state for ``kernel_id``, and the tab id to keep (a new one for a duplicated tab).

    ``returning``: the browser says this tab left the page itself (a reload,
    Back): it takes its state over even if the old page still looks connected.
    Otherwise a live page holding the same id means a duplicated tab, which
    gets a new id and a state of its own.
    """
    with _LOCK:
        _forget_old()
        key = f"{session_id}/{tab_id}"
        tab = _TABS.get(key)
        if tab is not None and not returning and any(k != kernel_id and kernel_alive(k)
                                                     for k in tab.kernels):
            tab_id = secrets.token_hex(16)
            key = f"{session_id}/{tab_id}"
            tab = None
        if tab is None:
            tab = _TABS[key] = TabState(key)
        tab.kernels = {k for k in tab.kernels if kernel_alive(k)} | {kernel_id}
        tab.seen = time.monotonic()
        tab.stopped = False
        _start_watchdog(kernel_alive)
        return tab, tab_id


def release(tab: TabState, kernel_id: str) -> None:
    """``kernel_id`` closed (the watchdog stops the tab's work if no other page comes)."""
    with _LOCK:
        tab.kernels.discard(kernel_id)


def check_tabs(kernel_alive: Callable[[str], bool], now: float | None = None) -> list[TabState]:
    """Stop the work of every tab with no page connected for ``GRACE_SECONDS``; those tabs."""
    now = time.monotonic() if now is None else now
    abandoned = []
    with _LOCK:
        for tab in _TABS.values():
            if any(kernel_alive(k) for k in tab.kernels):
                tab.seen = now
            elif not tab.stopped and now - tab.seen > GRACE_SECONDS:
                tab.stopped = True
                abandoned.append(tab)
    for tab in abandoned:
        logger.info("tab %s has no page: stopping its work", tab.key[-8:])
        tab.stop_work()
    return abandoned


_watchdog: threading.Thread | None = None


def _start_watchdog(kernel_alive: Callable[[str], bool]) -> None:
    global _watchdog
    if _watchdog is not None:
        return

    def watch() -> None:
        while True:
            time.sleep(min(1.0, GRACE_SECONDS / 3))
            try:
                check_tabs(kernel_alive)
            except Exception:  # never let the watchdog die
                logger.exception("tab watchdog")

    _watchdog = threading.Thread(target=watch, daemon=True, name="hedgesim-tab-watchdog")
    _watchdog.start()


def _forget_old() -> None:
    now = time.monotonic()
    stale = [k for k, t in _TABS.items() if not t.kernels and now - t.seen > FORGET_SECONDS]
    if len(_TABS) - len(stale) > MAX_TABS:  # the oldest closed tabs go first
        closed = sorted((t.seen, k) for k, t in _TABS.items() if not t.kernels and k not in stale)
        stale += [k for _, k in closed[: len(_TABS) - len(stale) - MAX_TABS]]
    for key in stale:
        _TABS.pop(key).stop_work()


# ------------------------------------------------------------------- the browser side
TAB_TEMPLATE = """
<template><span class="hedgesim-tab-identity" style="display: none"></span></template>
<script>
module.exports = {
  mounted() {
    const store = window.sessionStorage;
    let id = store.getItem('hedgesim-tab');
    if (!id) {
      const bytes = new Uint8Array(16);
      window.crypto.getRandomValues(bytes);
      id = Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
      store.setItem('hedgesim-tab', id);
    }
    // Set when this tab leaves a page (reload, Back...); a duplicated tab copies the storage
    // of a page that has not left, so it arrives without it.
    const returning = store.getItem('hedgesim-tab-left') === id;
    store.removeItem('hedgesim-tab-left');
    window.addEventListener('pagehide', () => {
      store.setItem('hedgesim-tab-left', store.getItem('hedgesim-tab'));
    });
    this.tab_id = id + (returning ? ':returning' : '');
  },
  watch: {
    assigned(id) { if (id) { window.sessionStorage.setItem('hedgesim-tab', id); } },
  },
}
</script>
"""


class TabIdentity(vy.VuetifyTemplate):
    """Reports the tab's id (kept in sessionStorage); ``assigned`` replaces it."""

    template = traitlets.Unicode(TAB_TEMPLATE).tag(sync=True)
    tab_id = traitlets.Unicode("").tag(sync=True)
    assigned = traitlets.Unicode("").tag(sync=True)


current_tab: solara.Reactive[TabState | None] = solara.reactive(None)  # one per kernel (page load)


def _kernel_alive(kernel_id: str) -> bool:
    from solara.server import kernel_context

    context = kernel_context.contexts.get(kernel_id)
    if context is None or context.closed_event.is_set():
        return False
    return any(status == kernel_context.PageStatus.CONNECTED for status in context.page_status.values())


@solara.component
def TabSession():
    """Find (or make) this tab's state once the browser says which tab this is."""
    assigned, set_assigned = solara.use_state("")

    def on_tab_id(reported: str) -> None:
        from solara.server import kernel_context

        if not reported or current_tab.value is not None:
            return
        tab_id, _, returning = reported.partition(":")
        context = kernel_context.get_current_context()
        tab, kept = claim(solara.get_session_id(), tab_id, context.id, _kernel_alive,
                          returning=returning == "returning")
        context.on_close(lambda: release(tab, context.id))
        if kept != tab_id:
            set_assigned(kept)
        current_tab.set(tab)

    return TabIdentity.element(assigned=assigned, on_tab_id=on_tab_id)


def use_tab() -> TabState | None:
    """This tab's state (None for the moment before the browser has said which tab it is)."""
    return current_tab.value
