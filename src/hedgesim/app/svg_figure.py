"""A figure drawn as SVG markup on the server, in layers, shown as is, and saved from the browser.

The corridor map is a few kilobytes of SVG made from the quarter's numbers
(no matplotlib, no image), in layers: a layer that does not change (the land,
the towns) is sent once, one that does is replaced alone. The browser scales
the figure to its cell and, on the PNG or SVG button, saves what it shows.
"""

from __future__ import annotations

import ipyvuetify as vy
import solara
import traitlets

TEMPLATE = """
<template>
  <div class="hedgesim-svg-figure" ref="box">
    <div class="hedgesim-svg-body">
      <svg xmlns="http://www.w3.org/2000/svg" :viewBox="viewbox" preserveAspectRatio="xMidYMid meet"
           font-family="Roboto, Arial, sans-serif" class="hedgesim-svg">
        <g v-for="(layer, i) in layers" :key="i" v-html="layer"></g>
      </svg>
    </div>
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
  methods: {
    download(url, name) {
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
    },
    save(kind) {
      const svg = this.$refs.box.querySelector('svg');
      const text = new XMLSerializer().serializeToString(svg);
      const url = URL.createObjectURL(new Blob([text], {type: 'image/svg+xml'}));
      if (kind === 'svg') {
        this.download(url, `${this.filename}.svg`);
        setTimeout(() => URL.revokeObjectURL(url), 1000);
        return;
      }
      const box = svg.viewBox.baseVal;
      const image = new Image();
      image.onload = () => {
        const canvas = document.createElement('canvas');
        canvas.width = box.width * 2;
        canvas.height = box.height * 2;
        const context = canvas.getContext('2d');
        context.fillStyle = 'white';
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        this.download(canvas.toDataURL('image/png'), `${this.filename}.png`);
      };
      image.src = url;
    },
  },
}
</script>
"""

CSS = """
.hedgesim-svg-figure { position: relative; width: 100%; height: 100%; }
.hedgesim-svg-body { width: 100%; height: 100%; }
.hedgesim-svg-body svg { display: block; width: 100%; height: 100%; }
"""


class SvgFigureWidget(vy.VuetifyTemplate):
    template = traitlets.Unicode(TEMPLATE).tag(sync=True)
    viewbox = traitlets.Unicode("0 0 100 100").tag(sync=True)
    layers = traitlets.List(traitlets.Unicode()).tag(sync=True)
    filename = traitlets.Unicode("figure").tag(sync=True)


@solara.component
def SvgFigure(viewbox: str, layers: list[str], filename: str):
    """An SVG figure of ``layers`` (SVG markup, bottom first) filling its parent.

    The layers travel as one list, but the browser only redraws those that
    changed (deflate on the connection makes the unchanged ones nearly free).
    """
    return SvgFigureWidget.element(viewbox=viewbox, layers=layers, filename=filename)
