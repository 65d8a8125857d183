"""A member signs in, creates a client and an invoice, issues it and downloads the PDF, then
declares a performance and sees the live budget-first simulation."""
from __future__ import annotations

import re

from tests.web.conftest import screenshot, sign_in


def _error_of(page, field: str) -> str:
    """The error shown next to ``field`` (inside the same .field block, tied by aria-describedby)."""
    box = page.locator(f".field:has(#f-{field})")
    assert page.get_attribute(f"#f-{field}", "aria-describedby") == f"e-{field}"
    return box.locator(f"#e-{field}").inner_text()


def test_member_invoices_a_client_and_downloads_the_pdf(new_context, world):
    page = sign_in(new_context(), "smart-be", world.tenants["smart-be"].member_email)
    assert page.locator("[data-testid=balance]").first.is_visible()
    assert page.locator("svg.chart polyline").count() >= 1
    screenshot(page, "member-dashboard")

    page.goto("/app/clients")
    page.fill("#f-name", "Théâtre du Parc")
    page.select_option("#f-kind", "consumer")
    page.fill("#f-country", "BE")
    page.click("text=Créer le client")
    page.wait_for_selector("td:has-text('Théâtre du Parc')")
    screenshot(page, "member-clients")

    page.goto("/app/invoices/new")
    page.select_option("#f-activity_id", label=world.tenants["smart-be"].activity)
    page.select_option("#f-client_id", label="Théâtre du Parc")
    page.fill("#f-description", "Création lumière, 3 représentations")
    page.fill("#f-quantity", "3")
    page.fill("#f-unit_price", "450,00")
    page.click("text=Créer le brouillon")
    page.wait_for_url(re.compile(r"/app/invoice\?invoice_id=[0-9a-f-]{36}$"))
    page.click("text=Émettre la facture")
    page.wait_for_selector("text=Télécharger le PDF")
    assert page.inner_text("[data-testid=invoice-status]") == "émise"
    screenshot(page, "member-invoice")
    with page.expect_download() as info:
        page.click("text=Télécharger le PDF")
    pdf = open(info.value.path(), "rb").read()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 1000
    with page.expect_download() as info:
        page.click("text=Télécharger la facture électronique")
    ubl = open(info.value.path(), "rb").read()   # Belgium: Peppol BIS Billing 3.0 (UBL)
    assert b"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" in ubl
    assert "Théâtre du Parc".encode() in ubl


def test_member_declares_work_and_sees_the_simulation(new_context, world):
    page = sign_in(new_context(), "smart-be", world.tenants["smart-be"].member_email)
    page.goto("/app/performances/new")
    simulation = page.locator("[data-testid=simulation]")
    simulation.filter(has_text="vous recevrez").wait_for()
    page.fill("#f-available", "1200")
    simulation.filter(has_text="1\u202f200,00").wait_for()
    text = simulation.inner_text()
    assert re.search(r"Avec 1\u202f200,00 disponibles dans cette activité, vous recevrez [\d\u202f]+,\d\d net", text)
    screenshot(page, "member-declare")

    page.fill("#f-gross", "abc")
    page.click("button:has-text('Déclarer')")
    page.wait_for_selector("#e-gross")
    assert _error_of(page, "gross") == "Saisissez un montant, par ex. 1200,00"
    page.fill("#f-gross", "800,00")
    page.fill("#f-function", "Régisseur")
    page.click("button:has-text('Déclarer')")
    page.wait_for_url("**/app/payslips")
    assert page.locator("td:has-text('800,00')").count() == 1
