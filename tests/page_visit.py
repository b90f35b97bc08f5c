"""A page of the served app in headless Chromium, recording every request and error it shows.

Shared by the browser tests (tests/test_app_*browser.py).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

LOCAL_HOSTS = {"localhost", "127.0.0.1"}
PROJECTOR = {"width": 1280, "height": 720}
TIMEOUT_MS = 30_000
SCREENSHOTS = Path(__file__).parent / "screenshots"


class PageVisit:
    """Open ``url + path`` and wait for the ``ready`` selector; log requests and errors."""

    def __init__(self, browser, url: str, path: str = "", ready: str = "body", viewport=None,
                 context=None):
        self.url = url
        if context is None:
            self.page = browser.new_page(viewport=viewport or PROJECTOR, accept_downloads=True)
        else:  # a context has its own viewport and download settings
            self.page = context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("websocket", lambda socket: self.requests.append(socket.url))
        self.page.on("console", lambda message: message.type == "error"
                     and self.errors.append(f"console: {message.text}"))
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("requestfailed", lambda request: self.errors.append(
            f"request failed: {request.url} ({request.failure})"))
        self.page.on("response", lambda response: response.status >= 400 and self.errors.append(
            f"HTTP {response.status}: {response.url}"))
        self.page.goto(url + path)
        self.page.wait_for_selector(ready)

    def outside_requests(self) -> list[str]:
        """Requests to any host but this machine (data: and blob: URLs stay local)."""
        return [url for url in self.requests
                if urlparse(url).scheme not in ("data", "blob")
                and urlparse(url).hostname not in LOCAL_HOSTS]

    def download(self, locator) -> tuple[str, bytes]:
        """Click ``locator`` and return the downloaded file's name and bytes."""
        with self.page.expect_download() as info:
            locator.click()
        download = info.value
        with open(download.path(), "rb") as file:
            return download.suggested_filename, file.read()

    def assert_clean(self) -> None:
        """No console error, no failed request, nothing fetched from outside this machine."""
        assert self.errors == [], self.errors
        assert self.outside_requests() == [], self.outside_requests()

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=path)
        return path

    def close(self) -> None:
        self.page.close()
