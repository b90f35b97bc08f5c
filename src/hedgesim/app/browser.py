"""Small widgets that need the browser itself: a frame clock and the full-screen button.

* ``FrameClock`` tells the server when the browser has painted a frame: the
  server sets ``frame``; after the next two animation frames (the page has
  been drawn with everything sent before it) the browser sets ``drawn``.
  The classroom waits for it before playing the next quarter, so no quarter
  is skipped however fast the play. The same message carries the new rows of
  every chart on the page (``vega.VegaChart``, by name): one message a
  quarter instead of one per chart. The page also keeps, for the benchmark,
  when the server began each frame and when it was shown.
* ``PresentButton`` enters and leaves the presentation view. It asks for full
  screen inside the click itself (browsers allow it only there) and leaves the
  view when the user presses Esc.
"""

from __future__ import annotations

import ipyvuetify as vy
import solara
import traitlets

CLOCK = """
<template><span class="hedgesim-frame-clock" :data-frame="last" style="display: none"></span></template>
<script>
module.exports = {
  data() { return {last: -1}; },
  mounted() { this.tick(this.frame, this.started); },
  watch: {
    frame(value) {
      // the charts' new rows come with the frame: one message for all of them
      const charts = window.hedgesimCharts || {};
      for (const [name, rows] of Object.entries(this.appends || {})) {
        if (charts[name] && rows.length) { charts[name].jupyter_append(rows); }
      }
      this.tick(value, this.started);
    },
  },
  methods: {
    tick(value, started) {
      const ack = () => {
        if (value > this.last) {
          this.last = value;
          this.shown(value);  // an event to the server (no state to echo back)
          // for benchmarks/bench_classroom.py: when the server began the frame, when it was shown
          (window.hedgesimFrames = window.hedgesimFrames || []).push([value, started, Date.now()]);
        }
      };
      // a hidden tab draws no frames: it says so at once, so the server never waits for it
      if (document.hidden) { setTimeout(ack, 0); }
      else { requestAnimationFrame(() => requestAnimationFrame(ack)); }
    },
  },
}
</script>
"""


class FrameClockWidget(vy.VuetifyTemplate):
    template = traitlets.Unicode(CLOCK).tag(sync=True)
    frame = traitlets.Int(0).tag(sync=True)
    started = traitlets.Float(0.0).tag(sync=True)  # when the server began the frame (epoch ms)
    appends = traitlets.Dict().tag(sync=True)      # chart name -> rows new in this frame
    callback = traitlets.Callable(None, allow_none=True)  # called with each frame shown

    def vue_shown(self, frame) -> None:
        if self.callback is not None:
            self.callback(int(frame))


@solara.component
def FrameClock(frame: int, started: float, on_drawn, appends: dict | None = None):
    """The clock, and the new rows of the page's charts (``vega.VegaChart`` by name) for this frame."""
    return FrameClockWidget.element(frame=frame, started=started, appends=appends or {},
                                    callback=on_drawn)


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
