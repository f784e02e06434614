"""Browser harness: serve a built site on localhost and drive it in headless Chromium.

Used by the browser tests and by ``bench/search.py``.  Chromium is Debian's
(``/usr/bin/chromium``, installed by ``scripts/install-system-packages.sh``),
driven by Playwright; every request to a host other than 127.0.0.1 is blocked
and recorded, so a page that tries to reach the Internet is caught.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import shutil
import threading
import time
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps",
]


#: Keeps the search panel's text as served (Material's "initializing search") before the worker can answer.
_INITIAL_META = """
document.addEventListener("DOMContentLoaded", () => {
  const meta = document.querySelector(".md-search-result__meta");
  window.__initialSearchMeta = meta ? meta.textContent : undefined;
});
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D102
        pass


@contextlib.contextmanager
def serve(folder: Path, port: int = 0) -> Iterator[str]:
    """Serve ``folder`` on localhost (a free port by default); yield its base URL (``http://127.0.0.1:N/``).

    Raises ``OSError`` when ``port`` cannot be bound.
    """
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        bound = server.server_address[1]
        yield "http://127.0.0.1/" if bound == 80 else f"http://127.0.0.1:{bound}/"
    finally:
        server.shutdown()
        server.server_close()


class Browser:
    """A headless Chromium page that blocks and records requests to other hosts."""

    def __init__(self, width: int = 1280, height: int = 900):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.context = self._browser.new_context(viewport={"width": width, "height": height})
        self.outside: list[str] = []
        self.context.route("**/*", self._route)
        self.context.add_init_script(_INITIAL_META)
        self.page = self.context.new_page()

    def _route(self, route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def close(self) -> None:
        """Close the browser and stop Playwright."""
        self._browser.close()
        self._playwright.stop()

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ search
    def open_search(self, url: str) -> None:
        """Load ``url`` and wait until the search index is ready."""
        self.page.goto(url)
        self.page.wait_for_selector("input.md-search__input", state="attached")
        self.page.click("label.md-search__icon, .md-search__input", timeout=5000)
        # the worker answers "ready" after loading the index; an empty query then replaces the meta
        # text of the page as served (Material's "initializing search", kept by _INITIAL_META)
        self.page.wait_for_function(
            "() => { const m = document.querySelector('.md-search-result__meta');"
            " return m && m.textContent.trim().length > 0 && m.textContent !== window.__initialSearchMeta }",
            timeout=20000,
        )

    def search(self, query: str, settle: float = 0.35, timeout: float = 8.0) -> list[str]:
        """Type ``query`` into the real search box; return the result pages in order.

        Each result is the page path without ``.html`` and anchor
        (``procedures/budget-allocation``), de-duplicated, as Material lists them.
        """
        box = self.page.locator("input.md-search__input")
        box.fill("")
        box.press("End")  # an empty query clears the previous results
        self.page.wait_for_function(
            "() => document.querySelectorAll('.md-search-result__list > li').length === 0", timeout=timeout * 1000)
        box.type(query, delay=15)
        # Thai characters are typed as text input with no key events; Material searches on
        # key-up, which a real keyboard sends: press End (moves the caret, keeps the text)
        box.press("End")
        deadline = time.monotonic() + timeout
        last, stable_since = None, time.monotonic()
        while time.monotonic() < deadline:
            current = self._results()
            meta = self.page.inner_text(".md-search-result__meta")
            key = (tuple(current), meta)
            if key != last:
                last, stable_since = key, time.monotonic()
            elif time.monotonic() - stable_since >= settle and (current or re.search(r"\d|ไม่พบ|No matching", meta)):
                break
            time.sleep(0.05)
        assert self.page.input_value("input.md-search__input") == query, "the search box must show what was typed"
        return list(last[0]) if last else []

    def _results(self) -> list[str]:
        hrefs = self.page.eval_on_selector_all(
            ".md-search-result__list > li.md-search-result__item > a.md-search-result__link",
            "els => els.map(e => e.getAttribute('href'))",
        )
        pages: list[str] = []
        for href in hrefs:
            path = urlparse(href).path
            path = re.sub(r"^/", "", path)
            path = re.sub(r"\.html$", "", path)
            if path not in pages:
                pages.append(path)
        return pages
