"""A live server on 127.0.0.1 and a headless Debian chromium driven by Playwright.

Chromium is started only with flags that keep it off the network (no sync, no
component updates, no QUIC) and with a fresh profile; tests skip when either
chromium or the playwright package is missing.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from flarewatch.web import WebSettings, create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def live_server(db: str, settings: WebSettings | None = None) -> Iterator[str]:
    """The app served by uvicorn in a thread; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(create_app(db, settings or WebSettings(stages=())),
                            host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def one_page_server(html: str) -> Iterator[str]:
    """A plain server on another 127.0.0.1 port answering every GET with `html` and no
    security headers: another origin, e.g. one that frames the app. Yields its URL."""
    body = html.encode("utf-8")

    class OnePage(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), OnePage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium_page(profile: Path) -> Iterator[Any]:
    """A fresh page in headless chromium; skips the test when it cannot start."""
    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright not installed (pip install playwright)")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1400, "height": 900})
        try:
            yield context.new_page()
        finally:
            context.close()


@contextmanager
def guarded_page(profile: Path) -> Iterator[Any]:
    """A `chromium_page` that may reach no outside host and break no rule of the server's
    CSP: the test fails when it did."""
    with chromium_page(profile) as new_page:
        outside: list[str] = []
        new_page.on("request", lambda request: outside.append(request.url)
                    if not request.url.startswith(("http://127.0.0.1", "data:")) else None)
        refused: list[str] = []
        new_page.on("console", lambda message: refused.append(message.text)
                    if "Content Security Policy" in message.text else None)
        yield new_page
        assert outside == [], f"the page reached outside hosts: {outside}"
        assert refused == [], f"the server's CSP blocked: {refused}"


def open_dashboard(page: Any, url: str) -> None:
    """Load the dashboard and wait until its script says it is ready."""
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=20_000)
