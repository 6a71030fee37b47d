"""Shared fixtures: one headless Chromium for the whole session (Debian's, not a downloaded one)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Debian's Chromium; the variable lets the skip-or-fail behaviour itself be tried without removing it.
CHROMIUM = Path(os.environ.get("LABELCONFIG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    """In CI a missing browser is a failure: the browser tests must run there, never skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(f"browser tests skipped: {reason} (CI=true makes this a failure)")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the `playwright` package is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Page:
    """A browser page that records console errors, page errors and CSP violations."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, html: str, *, form: bool = True) -> Any:
        """Load `html`; a rendered form is waited for until its script marks it ready, while a page
        without script (the agreement report) is ready once loaded."""
        # Nothing leaves the page: task URLs (example.com) are answered empty, so tests stay offline.
        self.page.route("**/*", lambda route: route.fulfill(status=204, body=""))
        # A fresh document, as a browser opens a file: one written into the same document keeps the
        # previous page's CSP as well (meta policies add up), which allows only that page's script.
        self.page.goto("about:blank")
        self.page.set_content(html, wait_until="load")
        if form:
            self.page.wait_for_selector("html[data-lc-ready=true]", state="attached", timeout=5000)
        return self.page

    def annotation(self) -> dict[str, Any]:
        result: dict[str, Any] = self.page.evaluate("window.labelconfig.annotation()")
        return result


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    context = browser.new_context()
    try:
        yield Page(context.new_page())
    finally:
        context.close()
