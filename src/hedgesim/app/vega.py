"""Charts drawn in the browser: Vega-Lite specs (built with Altair), and their data as it grows.

``VegaChart`` is a widget that embeds a Vega-Lite spec with vega-embed once
and afterwards only changes the data of its named dataset (``"table"``): the
server never draws a figure, and while a run plays it sends each chart only
the quarter's new rows (``Chart``), a few hundred bytes. A chart off screen
keeps the rows and draws them when it is scrolled into view. The Vega libraries come from the ``solara-assets``
package (``/_solara/cdn/vega@5.21.0`` ...), pinned to the exact versions it
ships, so the page needs no internet (Solara's own ``FigureAltair`` asks for
``vega@5``, which solara-assets does not have under that name).

Each chart has PNG and SVG buttons that save it as drawn (vega's own export),
a tooltip on hover, and fills its container: it is resized to the cell it
sits in, so CSS decides the layout. After every redraw its element carries
the number of rows drawn (``data-rows``), which tests can watch.
"""

from __future__ import annotations

from typing import Any

import ipyvuetify as vy
import solara
import traitlets

VEGA = "vega@5.21.0/build/vega.min"
VEGA_LITE = "vega-lite@5.2.0/build/vega-lite.min"
VEGA_EMBED = "vega-embed@6.20.2/build/vega-embed.min"
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.2.0.json"  # an identifier, never fetched

TEMPLATE = """
<template>
  <div class="hedgesim-vega" ref="box">
    <div class="hedgesim-vega-plot" ref="plot"></div>
    <div v-if="!rows.length && !appended && placeholder" class="hedgesim-vega-empty">{{ placeholder }}</div>
    <div class="hedgesim-export">
      <button type="button" class="hedgesim-export-png" title="Save this figure as a PNG image"
              @click="save('png')">PNG</button>
      <button type="button" class="hedgesim-export-svg" title="Save this figure as an SVG drawing"
              @click="save('svg')">SVG</button>
    </div>
  </div>
</template>
<script>
module.exports = {
  data() { return {appended: 0}; },
  mounted() {
    // the frame clock (hedgesim.app.browser) hands each chart its new rows by name
    window.hedgesimCharts = window.hedgesimCharts || {};
    if (this.name) { window.hedgesimCharts[this.name] = this; }
    this.queue = Promise.resolve();
    this.pending = [];        // rows that arrived while the chart was off screen
    this.visible = true;
    this.enqueue(() => this.embed());
    this.resizer = new ResizeObserver(() => this.enqueue(() => this.fit()));
    this.resizer.observe(this.$refs.box);
    this.watcher = new IntersectionObserver(entries => {
      this.visible = entries[entries.length - 1].isIntersecting;
      if (this.visible && this.pending.length) { this.enqueue(() => this.flush()); }
    });
    this.watcher.observe(this.$refs.box);
  },
  beforeUnmount() {
    if (this.name && window.hedgesimCharts[this.name] === this) { delete window.hedgesimCharts[this.name]; }
    this.teardown();
  },
  watch: {
    spec() { this.enqueue(() => this.embed()); },
    rows() { this.pending = []; this.appended = 0; this.enqueue(() => this.replace()); },
  },
  methods: {
    libraries() {
      if (!window.hedgesimVega) {
        const base = (window.solara && window.solara.cdn) || '/_solara/cdn';
        window.hedgesimVega = new Promise((resolve, reject) => {
          window.requirejs.config({paths: {
            'vega': `${base}/%(vega)s`, 'vega-lite': `${base}/%(vega_lite)s`,
            'hedgesim-vega-embed': `${base}/%(vega_embed)s`}});
          window.requirejs(['vega', 'vega-lite', 'hedgesim-vega-embed'],
                           (vega, vegaLite, embed) => resolve({vega, embed}), reject);
        });
      }
      return window.hedgesimVega;
    },
    enqueue(work) {
      // one redraw at a time, in the order the changes came
      this.queue = this.queue.then(work).catch(error => console.error('hedgesim chart:', error));
      return this.queue;
    },
    teardown() {
      if (this.resizer) { this.resizer.disconnect(); this.resizer = null; }
      if (this.watcher) { this.watcher.disconnect(); this.watcher = null; }
      if (this.view) { this.view.finalize(); this.view = null; }
    },
    size() {
      const box = this.$refs.box;
      return box ? [Math.max(120, box.clientWidth), Math.max(100, box.clientHeight)] : [400, 300];
    },
    mark() {
      if (this.$refs.box) { this.$refs.box.dataset.rows = this.rows.length + this.appended; }
    },
    async embed() {
      const {vega, embed} = await this.libraries();
      if (this.view) { this.view.finalize(); this.view = null; }
      if (!this.$refs.plot) { return; }
      const [width, height] = this.size();
      const values = JSON.parse(JSON.stringify(this.rows)).concat(this.pending);
      this.pending = [];
      // a deep copy: vega-lite changes the spec it compiles, and a change to the synced
      // trait would go back to the server and round again
      const spec = Object.assign(JSON.parse(JSON.stringify(this.spec)),
                                 {width, height, data: {name: 'table', values}});
      const result = await embed(this.$refs.plot, spec, {renderer: 'svg', actions: false,
        logLevel: vega.Error, tooltip: {theme: 'light'}});
      this.vega = vega;
      this.view = result.view;
      this.mark();
    },
    async replace() {
      if (!this.view) { return this.embed(); }
      await this.view.change('table', this.vega.changeset().remove(this.vega.truthy)
        .insert(JSON.parse(JSON.stringify(this.rows)))).runAsync();
      this.mark();
    },
    jupyter_append(rows) {
      // rows added since the last message: drawn now if the chart is on screen, else when it is
      // (a copy: vega marks the rows it holds, and the rows may belong to a synced trait)
      this.appended += rows.length;
      this.pending = this.pending.concat(JSON.parse(JSON.stringify(rows)));
      if (this.visible) { this.enqueue(() => this.flush()); }
    },
    async flush() {
      if (!this.view || !this.pending.length) { return; }
      const rows = this.pending;
      this.pending = [];
      await this.view.change('table', this.vega.changeset().insert(rows)).runAsync();
      this.mark();
    },
    async fit() {
      if (!this.view) { return; }
      const [width, height] = this.size();
      if (width !== this.view.width() || height !== this.view.height()) {
        await this.view.width(width).height(height).runAsync();
      }
    },
    async save(kind) {
      await this.flush();
      if (!this.view) { return; }
      const url = await this.view.toImageURL(kind, kind === 'png' ? 2 : 1);
      const link = document.createElement('a');
      link.href = url;
      link.download = `${this.filename}.${kind}`;
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
    },
  },
}
</script>
""" % {"vega": VEGA, "vega_lite": VEGA_LITE, "vega_embed": VEGA_EMBED}

CSS = """
.hedgesim-vega { position: relative; width: 100%; height: 100%; overflow: hidden; }
.hedgesim-vega-plot { position: absolute; inset: 0; }
.hedgesim-vega-empty { position: absolute; inset: 40% 0 auto 0; text-align: center; font-size: 18px;
  color: #666; pointer-events: none; }
.hedgesim-export { position: absolute; top: 2px; right: 4px; display: flex; gap: 4px; opacity: 0.35; }
.hedgesim-cell:hover .hedgesim-export, .hedgesim-export:focus-within { opacity: 1; }
.hedgesim-export button { font-size: 13px; padding: 1px 6px; border: 1px solid #999; border-radius: 3px;
  background: white; color: #333; cursor: pointer; }
#vg-tooltip-element { font-size: 16px !important; }
#vg-tooltip-element table tr td.key { color: #444; }
"""


class VegaChart(vy.VuetifyTemplate):
    """A Vega-Lite chart of the named dataset ``table``: ``rows`` replaces it, appends add to it.

    Rows are appended either by a message to the chart (``append``) or, for
    many charts at once, by the frame clock (``hedgesim.app.browser``), which
    finds the chart by its ``name``.
    """

    template = traitlets.Unicode(TEMPLATE).tag(sync=True)
    spec = traitlets.Dict().tag(sync=True)
    rows = traitlets.List().tag(sync=True)
    name = traitlets.Unicode("").tag(sync=True)
    filename = traitlets.Unicode("figure").tag(sync=True)
    placeholder = traitlets.Unicode("").tag(sync=True)

    def append(self, rows: list[dict[str, Any]]) -> None:
        """Add ``rows`` to the chart's data (a message of these rows only)."""
        self.send({"method": "append", "args": [rows]})


class Feed:
    """What a set of growing charts has been sent: the rows each was given, and how many since.

    ``split(name, key, rows)`` returns the rows the chart's widget holds (its
    ``rows`` trait: the same object while the series only grows) and the rows
    to append now. While ``key`` (the series' identity: a run) stays the same
    and the rows only grow, only the new rows are sent; else all of them.
    """

    def __init__(self):
        self.sent: dict[str, tuple[Any, int, list]] = {}

    def split(self, name: str, key: Any, rows: list[dict[str, Any]]) -> tuple[list, list]:
        state = self.sent.get(name)
        if state is None or state[0] != key or len(rows) < state[1]:
            self.sent[name] = (key, len(rows), rows)
            return rows, []
        base, count = state[2], state[1]
        self.sent[name] = (key, len(rows), base)
        return base, rows[count:]


@solara.component
def Chart(spec: dict[str, Any], rows: list[dict[str, Any]], filename: str, series_key: Any = None,
          placeholder: str = ""):
    """A ``VegaChart`` that fills its parent: ``spec`` is sent once, ``rows`` as they grow.

    While ``series_key`` stays the same, ``rows`` may only grow at the end (a
    run playing on): only the new rows are sent, in a message to this chart.
    A new key (a new run) sends them all. The page includes ``CSS`` once.
    """
    feed = solara.use_memo(Feed, [])
    base, tail = feed.split("chart", series_key, rows)
    element = VegaChart.element(spec=spec, rows=base, filename=filename, placeholder=placeholder)

    def send_new_rows():
        if tail:
            solara.get_widget(element).append(tail)

    solara.use_effect(send_new_rows, [series_key, len(rows)])
    return element
