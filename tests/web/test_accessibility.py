"""axe-core (npm, pinned in tests/web/a11y) injected by Playwright into the member's and the staff's
pages, in Chromium: no violation of impact "serious" or "critical" (WCAG 2 A and AA rules)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from partage.core.billing.models import Member
from partage.core.db import Database
from partage.core.tenancy import bind_tenant
from tests.web.conftest import sign_in

pytestmark = pytest.mark.heavy
AXE = Path(__file__).parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
MEMBER_PAGES = ["/app", "/app/clients", "/app/invoices", "/app/invoices/new", "/app/performances/new",
                "/app/payslips", "/app/profile"]
STAFF_PAGES = ["/app/staff/members", "/app/staff/members/new", "/app/staff/member?member_id={member}",
               "/app/admin/users", "/app/admin/settings", "/app/staff/queue", "/app/staff/declarations",
               "/app/staff/payroll"]
RUN = """async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}}))
  .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        message = "axe-core not installed: npm ci --prefix tests/web/a11y"
        if os.environ.get("PARTAGE_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text()


def _violations(page, path: str, axe_source: str) -> list[str]:
    response = page.goto(path)
    assert response.status == 200, path
    page.evaluate(axe_source)   # through the DevTools protocol: the page's CSP (no inline script) stays on
    return [f"{path}: {v}" for v in page.evaluate(RUN)]


@pytest.mark.parametrize("slug", ["smart-be", "coop-lumen"])
def test_member_and_staff_pages_have_no_serious_violation(new_context, world, axe_source, slug):
    seed = world.tenants[slug]
    found = []
    member = sign_in(new_context(width=375), slug, seed.member_email)
    for path in MEMBER_PAGES:
        found += _violations(member, path, axe_source)
    db = Database(world.url)
    with bind_tenant(seed.tenant_id), db.session() as s:
        member_id = s.scalar(select(Member.id).where(Member.email == seed.member_email))
    db.dispose()
    staff = sign_in(new_context(), slug, seed.admin_email)
    for path in STAFF_PAGES:
        found += _violations(staff, path.format(member=member_id), axe_source)
    assert found == []
