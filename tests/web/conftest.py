"""Browser tests: the app served by uvicorn on 127.0.0.1 (a free port) over a seeded temporary
SQLite database, driven by Playwright with the system's chromium (never a downloaded browser)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.web.mailbox import smtp  # noqa: F401 - the local SMTP server the web server mails to
from tests.web.seed import PASSWORD, build

CHROMIUM = os.environ.get("PARTAGE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"


def _unavailable(reason: str) -> None:
    if os.environ.get("PARTAGE_REQUIRE_SERVICES") == "1":
        pytest.fail(f"browser tests required: {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    """A free port: in ``PARTAGE_TEST_HTTP_PORTS`` (``first-last``, a range given to this run) when
    set, else any."""
    first, _, last = os.environ.get("PARTAGE_TEST_HTTP_PORTS", "0-0").partition("-")
    for port in range(int(first), int(last or first) + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return s.getsockname()[1]
            except OSError:
                continue
    raise RuntimeError(f"no free port in {first}-{last}")


def _wait(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the web server exited early")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the web server did not answer on {url}")


@pytest.fixture(scope="session")
def world(tmp_path_factory):
    return build(tmp_path_factory.mktemp("web") / "partage.db")


@pytest.fixture(scope="session")
def base_url(world, tmp_path_factory, smtp):
    port = _free_port()
    env = {**os.environ, "PARTAGE_WEB_TEST_DB": world.url, "PARTAGE_WEB_TEST_SECRET": uuid.uuid4().hex * 2,
           "PARTAGE_WEB_TEST_VAR": str(tmp_path_factory.mktemp("var")), "PYTHONPATH": str(ROOT),
           "PARTAGE_WEB_TEST_SMTP": smtp[1]}
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "tests.web.server:make_app",
                                "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                               cwd=ROOT, env=env)
    try:
        _wait(f"http://127.0.0.1:{port}/health", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        _unavailable(f"chromium not installed ({CHROMIUM}); apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists()
                                     else shutil.which("chromium"), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, base_url):
    """Factory of isolated browser contexts (own cookies), closed after the test."""
    contexts = []

    def make(width: int = 1280, locale: str = "fr-BE"):
        context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900},
                                      locale=locale, accept_downloads=True)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def sign_in(context, tenant: str, email: str, password: str = PASSWORD):
    page = context.new_page()
    page.goto("/login")
    page.fill("#f-tenant", tenant)
    page.fill("#f-email", email)
    page.fill("#f-password", password)
    page.click("form button[type=submit]")
    page.wait_for_url("**/app")
    return page


def screenshot(page, name: str) -> None:
    """Full-page screenshots at phone (375 px) and desktop (1280 px) widths."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
