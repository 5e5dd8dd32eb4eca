"""Browser fixtures: the example site built once, served on 127.0.0.1, and headless Chromium.

Chromium is Debian's (`apt-get install chromium`, as `.ci/run` does), driven by Playwright. Without
it the browser tests are skipped — except under `CI=true`, where they fail.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
# Every wait is for a condition; this is only how long a condition may take on a busy 2-core
# machine before the test fails (never a time the test sleeps).
PATIENCE_MS = 120_000


def _require_browser() -> None:
    reason = None
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "playwright is not installed (pip install -e '.[test]')"
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def handle(self) -> None:
        # the browser may leave a page while a file is being sent
        with contextlib.suppress(ConnectionResetError, BrokenPipeError):
            super().handle()


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def build(config_file: Path, site_dir: Path, site_url: str) -> Path:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    # site_url is the address it is served at: Material's instant navigation matches its port.
    mkdocs_build(load_config(str(config_file), site_dir=str(site_dir), site_url=site_url))
    return site_dir


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    _require_browser()
    site = tmp_path_factory.mktemp("example") / "site"
    site.mkdir()
    server, url = serve(site)
    build(ROOT / "mkdocs.yml", site, url)
    yield site, url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


class Visit:
    """A page opened with every request leaving 127.0.0.1 blocked, and what went wrong recorded."""

    def __init__(self, context: Any):
        self.page = context.new_page()
        self.page.set_default_timeout(PATIENCE_MS)
        self.page.set_default_navigation_timeout(PATIENCE_MS)
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.route("**/*", self._route)
        # A request cut short by leaving the page (net::ERR_ABORTED) is not a failure of the site.
        self.page.on(
            "requestfailed",
            lambda r: (
                None
                if r.failure == "net::ERR_ABORTED" or r.url in self.blocked
                else self.failed.append(f"{r.url} {r.failure}")
            ),
        )
        self.page.on(
            "response",
            lambda r: self.failed.append(f"{r.url} {r.status}") if r.status >= 400 else None,
        )
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def draw_all_charts(self, timeout: int = PATIENCE_MS) -> int:
        """Scroll every chart into view and wait until each is drawn; return how many."""
        count = self.page.locator(".pacsite-chart").count()
        for i in range(count):
            self.page.locator(".pacsite-chart").nth(i).scroll_into_view_if_needed()
        if count:
            self.page.wait_for_function(
                "() => [...document.querySelectorAll('.pacsite-chart')]"
                ".every(e => e.dataset.drawn === '1' && e.querySelector('svg.main-svg'))",
                timeout=timeout,
            )
        return count

    def settle(self) -> None:
        """Wait until the browser has drawn two more frames (what a hover changed is painted)."""
        self.page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )

    def assert_clean(self) -> None:
        assert self.blocked == [], f"requests outside the site: {self.blocked}"
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.dialogs == [], f"dialogs opened by the page: {self.dialogs}"


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    ctx.set_default_timeout(PATIENCE_MS)
    ctx.set_default_navigation_timeout(PATIENCE_MS)
    yield ctx
    ctx.close()
