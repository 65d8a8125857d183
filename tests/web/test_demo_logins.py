"""The logins ``partage demo`` prints work in a real browser (Chromium): each role of a tenant, and
platform ops, signs in with the printed organisation, email and password and lands on its page."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid

import pytest

from tests.web.conftest import ROOT, _free_port, _wait

pytestmark = pytest.mark.heavy
LANDING = {"member": "**/app", "advisor": "**/app", "tenant_admin": "**/app", "platform_ops": "**/app/ops"}


def parse_logins(output: str) -> tuple[list[tuple[str, str, str]], str]:
    """(role, organisation, email) rows of the printed sign-in table, and the printed password."""
    rows = []
    for line in output.splitlines():
        cells = [c.strip() for c in re.split(r"[│|]", line) if c.strip()]
        if len(cells) == 3 and cells[0] in LANDING and "@" in cells[2]:
            rows.append(tuple(cells))
    password = re.search(r"^password \(every login above, shown once\): (\S+)$", output, re.MULTILINE)
    assert rows and password, output[-3000:]
    return rows, password.group(1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTAGE_")}
    env.update(COLUMNS="100", PYTHONPATH=str(ROOT), PARTAGE_SECRET_KEY=uuid.uuid4().hex * 2)
    run = subprocess.run([sys.executable, str(ROOT / "cli.py"), "demo", "--members", "3",
                          "--as-of", "2026-12-01"], cwd=folder, env=env, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    port = _free_port()
    server = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "serve", "--port", str(port)],
                              cwd=folder, env=env)
    try:
        _wait(f"http://127.0.0.1:{port}/health", server, timeout=60)
        yield f"http://127.0.0.1:{port}", *parse_logins(run.stdout)
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_the_demo_prints_every_role_of_every_tenant(demo):
    _, rows, password = demo
    assert {role for role, _, _ in rows} == set(LANDING) and len(password) >= 10
    assert {org for role, org, _ in rows if role == "member"} == {"coop-lumen", "smart-be", "smart-fr"}


def test_each_printed_login_signs_in_and_lands_on_its_page(demo, browser):
    url, rows, password = demo
    for role, organisation, email in rows:
        context = browser.new_context(base_url=url, locale="en-GB")
        try:
            page = context.new_page()
            page.goto("/login")
            page.fill("#f-tenant", organisation)
            page.fill("#f-email", email)
            page.fill("#f-password", password)
            page.click("form button[type=submit]")
            page.wait_for_url(LANDING[role], timeout=15_000)
            assert page.locator("#f-password").count() == 0, f"{role} {email}: still on the sign-in form"
        finally:
            context.close()


def test_a_wrong_password_is_refused(demo, browser):
    url, rows, _ = demo
    role, organisation, email = rows[0]
    context = browser.new_context(base_url=url)
    try:
        page = context.new_page()
        page.goto("/login")
        page.fill("#f-tenant", organisation)
        page.fill("#f-email", email)
        page.fill("#f-password", "not-the-demo-password")
        page.click("form button[type=submit]")
        assert page.locator("[data-field=_form]").is_visible()
    finally:
        context.close()
