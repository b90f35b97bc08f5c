"""Small widgets that need the browser itself: a frame clock and the full-screen button.

* ``FrameClock`` tells the server when the browser has painted a frame: the
  server sets ``frame``; after the next two animation frames (the page has
  been drawn with everything sent before it) the browser sets ``drawn``.
  The classroom waits for it before playing the next quarter, so no quarter
  is skipped however fast the play.
* ``PresentButton`` enters and leaves the presentation view. It asks for full
  screen inside the click itself (browsers allow it only there) and leaves the
  view when the user presses Esc.
"""

from __future__ import annotations

import ipyvuetify as vy
import solara
import traitlets

CLOCK = """
<template><span class="hedgesim-frame-clock" :data-frame="drawn" style="display: none"></span></template>
<script>
module.exports = {
  mounted() { this.tick(this.frame); },
  watch: { frame(value) { this.tick(value); } },
  methods: {
    tick(value) {
      requestAnimationFrame(() => requestAnimationFrame(() => {
        if (value > this.drawn) { this.drawn = value; }
      }));
    },
  },
}
</script>
"""


class FrameClockWidget(vy.VuetifyTemplate):
    template = traitlets.Unicode(CLOCK).tag(sync=True)
    frame = traitlets.Int(0).tag(sync=True)
    drawn = traitlets.Int(-1).tag(sync=True)


@solara.component
def FrameClock(frame: int, on_drawn):
    return FrameClockWidget.element(frame=frame, on_drawn=on_drawn)


PRESENT = """
<template>
  <button type="button" :class="'v-btn v-btn--variant-' + (presenting ? 'outlined' : 'elevated')
      + ' hedgesim-present-button ' + (presenting ? 'hedgesim-present-exit' : 'hedgesim-present-enter')"
      @click="toggle">
    <span class="v-btn__content">{{ presenting ? 'Exit presentation (Esc)' : 'Present full screen' }}</span>
  </button>
</template>
<script>
module.exports = {
  mounted() {
    this.listener = () => {
      if (!document.fullscreenElement && this.presenting && this.entered) { this.presenting = false; }
      this.entered = !!document.fullscreenElement;
    };
    document.addEventListener('fullscreenchange', this.listener);
  },
  beforeUnmount() { document.removeEventListener('fullscreenchange', this.listener); },
  methods: {
    toggle() {
      if (!this.presenting) {
        this.presenting = true;
        const page = document.documentElement;
        if (page.requestFullscreen && !document.fullscreenElement) {
          page.requestFullscreen().catch(() => {});  // a browser may refuse: the view works anyway
        }
      } else {
        this.presenting = false;
        if (document.fullscreenElement) { document.exitFullscreen().catch(() => {}); }
      }
    },
  },
}
</script>
"""

PRESENT_CSS = """
.hedgesim-present-button { font-size: 0.98rem; font-weight: 500; letter-spacing: 0.02em; padding: 0 14px;
  height: 38px; border-radius: 4px; cursor: pointer; white-space: nowrap; }
.hedgesim-present-enter { background: #1f4e9c; color: white; }
.hedgesim-present-exit { border: 1px solid #1f4e9c; color: #1f4e9c; background: white; }
"""


class PresentButtonWidget(vy.VuetifyTemplate):
    template = traitlets.Unicode(PRESENT).tag(sync=True)
    presenting = traitlets.Bool(False).tag(sync=True)


@solara.component
def PresentButton(presenting: solara.Reactive[bool]):
    return PresentButtonWidget.element(presenting=presenting.value, on_presenting=presenting.set)
