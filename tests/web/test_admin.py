"""An admin runs a month's payroll (following its progress), approves it and downloads the SEPA
file; two tenants each show their own logo and colours."""
from __future__ import annotations

import base64
from datetime import date

from tests.web.conftest import screenshot, sign_in

COLOURS = {"smart-be": "#e5004b", "coop-lumen": "#0f766e"}
HEADER_TEXT = {"smart-be": "rgb(255, 255, 255)", "coop-lumen": "rgb(0, 0, 0)"}   # readable on each


def test_admin_runs_payroll_and_downloads_sepa(new_context, world):
    page = sign_in(new_context(), "smart-be", world.tenants["smart-be"].admin_email)
    page.goto("/app/staff/payroll")
    page.fill("#f-period", f"{date.today():%Y-%m}")
    page.click("text=Lancer le calcul")
    page.wait_for_url("**/app/staff/run?run_id=*")
    page.locator("[data-testid=run-status]", has_text="calculé").wait_for(timeout=60_000)
    assert page.locator("#run-progress").is_visible()
    page.click("text=Approuver le calcul")
    page.locator("[data-testid=run-status]", has_text="approuvé").wait_for()
    screenshot(page, "admin-payroll-run")
    with page.expect_download() as info:
        page.click("text=Télécharger le fichier SEPA")
    xml = open(info.value.path(), "rb").read()
    assert b"pain.001.001.03" in xml and b"<CdtTrfTxInf>" in xml
    page.click("text=Marquer comme payé")
    page.locator("[data-testid=run-status]", has_text="payé").wait_for()

    member = sign_in(new_context(), "smart-be", world.tenants["smart-be"].member_email)
    member.goto("/app/payslips")
    row = member.locator("tr", has_text="650,00").filter(has_text="Télécharger le PDF")
    with member.expect_download() as info:
        row.locator("a").click()
    assert open(info.value.path(), "rb").read().startswith(b"%PDF-")
    screenshot(member, "member-payslips")


def test_each_tenant_shows_its_own_logo_and_colours(new_context, world):
    logos = {}
    for slug in ("smart-be", "coop-lumen"):
        page = sign_in(new_context(), slug, world.tenants[slug].member_email)
        primary = page.evaluate(
            "getComputedStyle(document.documentElement).getPropertyValue('--brand-primary').trim()")
        assert primary == COLOURS[slug]
        border = page.evaluate("getComputedStyle(document.querySelector('.top')).borderBottomColor")
        r, g, b = (int(COLOURS[slug][i:i + 2], 16) for i in (1, 3, 5))
        assert border == f"rgb({r}, {g}, {b})"
        assert page.evaluate("getComputedStyle(document.querySelector('.brand-name')).color") == HEADER_TEXT[slug]
        logo = page.get_attribute("header img.logo", "src")
        assert logo.startswith("data:image/svg+xml;base64,")
        assert page.evaluate("document.querySelector('header img.logo').naturalWidth") > 0
        logos[slug] = base64.b64decode(logo.split(",", 1)[1])
        screenshot(page, f"branding-{slug}")
    assert logos["smart-be"] != logos["coop-lumen"]


def test_settings_preview_follows_the_form(new_context, world):
    page = sign_in(new_context(), "coop-lumen", world.tenants["coop-lumen"].admin_email)
    page.goto("/app/admin/settings")
    page.fill("#f-primary_color", "#123456")
    page.locator("#preview .button[style*='#123456']").wait_for()
    screenshot(page, "admin-settings")
