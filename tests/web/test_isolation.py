"""Tenant A in one browser context, tenant B in another: no page of A ever shows B's data."""
from __future__ import annotations

import re

from tests.web.conftest import sign_in

MEMBER_PAGES = ["/app", "/app/clients", "/app/invoices", "/app/invoices/new", "/app/performances/new",
                "/app/payslips", "/app/profile"]
STAFF_PAGES = ["/app/staff/queue", "/app/staff/members", "/app/staff/payroll", "/app/staff/declarations",
               "/app/admin/settings"]


def _b_creates_data(page) -> str:
    """Tenant B's member creates a client and a draft invoice; returns the invoice's URL."""
    page.goto("/app/clients")
    page.fill("#f-name", "Lumen Secret Client")
    page.select_option("#f-kind", "consumer")
    page.fill("#f-country", "BE")
    page.click("main form button[type=submit]")
    page.wait_for_selector("td:has-text('Lumen Secret Client')")
    page.goto("/app/invoices/new")
    page.select_option("#f-activity_id", index=1)
    page.select_option("#f-client_id", label="Lumen Secret Client")
    page.fill("#f-description", "Lumen confidential work")
    page.fill("#f-quantity", "1")
    page.fill("#f-unit_price", "99")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/app/invoice\?invoice_id=[0-9a-f-]{36}$"))
    return page.url


def test_no_page_of_a_shows_b_data(new_context, world):
    a, b = world.tenants["smart-be"], world.tenants["coop-lumen"]
    b_page = sign_in(new_context(locale="nl-BE"), b.slug, b.member_email)
    b_invoice = _b_creates_data(b_page)
    secrets = ["Lumen Secret Client", "Lumen confidential work", b.activity, "Lumen Coopérative",
               b.member_email, "Martin coop-lumen"]

    a_member = sign_in(new_context(), a.slug, a.member_email)
    a_admin = sign_in(new_context(), a.slug, a.admin_email)
    for page, paths in ((a_member, MEMBER_PAGES), (a_admin, MEMBER_PAGES + STAFF_PAGES)):
        for path in paths:
            page.goto(path)
            html = page.content()
            assert not [s for s in secrets if s in html], path
    response = a_admin.goto(b_invoice)
    assert response.status == 404
    assert "Lumen confidential work" not in a_admin.content()
    pdf = a_admin.request.get(b_invoice.replace("/app/invoice?", "/app/invoice/pdf?"))
    assert pdf.status == 404
    b_page.reload()
    assert "Lumen confidential work" in b_page.content()   # B still sees its own data
