"""A download button that works on the Vue 3 front end.

``solara.FileDownload`` wraps its button in a Vue template that renders it
with ``<jupyter-widget>``, which ipyvue 3 does not resolve inside templates:
the button never appears. This template draws its own button instead. The
data are made only when the button is pressed, sent once, and saved by the
browser under ``filename``.
"""

from __future__ import annotations

from collections.abc import Callable

import ipyvuetify as vy
import solara
import traitlets

TEMPLATE = """
<template>
  <button type="button" class="v-btn v-btn--variant-outlined text-primary hedgesim-download"
          @click="request_download = true" :disabled="request_download">
    <span class="v-btn__content">{{ label }}</span>
  </button>
</template>
<script>
module.exports = {
  watch: {
    bytes(value) {
      if (this.request_download && value) {
        const a = document.createElement('a');
        a.download = this.filename;
        const url = window.URL.createObjectURL(new Blob([value], { type: this.mime_type }));
        a.href = url;
        document.body.appendChild(a);
        a.click();
        document.body.removeChild(a);
        setTimeout(() => window.URL.revokeObjectURL(url), 1000);
        this.request_download = false;
      }
    }
  }
}
</script>
"""

CSS = """
.hedgesim-download { font-size: 1rem; font-weight: 500; letter-spacing: 0.03em; padding: 0 16px;
  height: 40px; border: 1px solid currentColor; border-radius: 4px; cursor: pointer; }
.hedgesim-download:hover { background: rgba(98, 0, 238, 0.06); }
.hedgesim-download:disabled { opacity: 0.6; cursor: progress; }
"""


class DownloadWidget(vy.VuetifyTemplate):
    template = traitlets.Unicode(TEMPLATE).tag(sync=True)
    label = traitlets.Unicode("Download").tag(sync=True)
    filename = traitlets.Unicode("download.csv").tag(sync=True)
    mime_type = traitlets.Unicode("text/csv").tag(sync=True)
    bytes = traitlets.Bytes(None, allow_none=True).tag(sync=True)
    request_download = traitlets.Bool(False).tag(sync=True)


@solara.component
def Download(data: Callable[[], str | bytes], filename: str, label: str, mime_type: str = "text/csv"):
    """A button that saves ``data()`` as ``filename``; ``data`` runs only when it is pressed."""
    requested = solara.use_reactive(False)

    def content() -> bytes | None:
        if not requested.value:
            return None  # nothing sent until asked for, and not kept afterwards
        value = data()
        return value.encode("utf-8") if isinstance(value, str) else value

    payload = solara.use_memo(content, [requested.value, filename])
    with solara.Div(classes=["hedgesim-download-container"]):
        solara.Style(CSS)
        DownloadWidget.element(label=label, filename=filename, mime_type=mime_type, bytes=payload,
                               request_download=requested.value, on_request_download=requested.set)
