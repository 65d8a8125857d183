"""The demo's e-invoices (``tenants.demo_billing``), as `partage invoice export` writes them: every Peppol
BIS document passes Peppol BIS Billing 3.0.19 (with its bundled CEN rules), every other one the
EN 16931 rules (CEN 1.3.16), with no fatal finding; consumers never get a Peppol document."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from partage.core.billing.exports import describe, render_document
from partage.core.billing.models import Client, CreditNote, Invoice
from partage.core.tenancy import bind_tenant, cross_tenant
from tests.conftest import create_tenant

einvoice = pytest.importorskip("partage.core.einvoice")
SELLER = {"be": ("0428759497", "BE0428759497"), "fr": ("303265045", "FR40303265045")}


@pytest.fixture(scope="module")
def validator():
    """The packaged rules (``core/resources``): shipped with the product, so never a skip."""
    return einvoice.validate


def _demo_tenant(db, country: str) -> str:
    from partage.tenants.demo_billing import seed_billing
    from partage.tenants.models import Tenant

    tenant_id = create_tenant(db, f"demo-einvoices-{country}", country=country)  # the demo's data follow the slug
    with cross_tenant(actor="test", reason="seller numbers"), db.session() as s:
        tenant = s.get(Tenant, tenant_id)
        tenant.company_number, tenant.vat_number = SELLER[country]
        slug = tenant.slug
    seed_billing(db, slug, members=3, today=date(2026, 6, 30))
    return tenant_id


@pytest.mark.parametrize("country", ["be", "fr"])
def test_every_demo_export_passes_its_rules(shared_sqlite_db, validator, country):
    tenant_id = _demo_tenant(shared_sqlite_db, country)
    failures, produced = {}, {}
    with bind_tenant(tenant_id), shared_sqlite_db.session() as s:
        documents = [("invoice", i.id, i.number, i.client_id)
                     for i in s.scalars(select(Invoice).where(Invoice.status != "draft"))]
        for note in s.scalars(select(CreditNote)):
            documents.append(("credit_note", note.id, note.number, s.get(Invoice, note.invoice_id).client_id))
        assert len(documents) >= 6
        for kind, doc_id, number, client_id in documents:
            client = s.get(Client, client_id)
            for fmt in ("ubl", "cii"):
                xml = render_document(s, kind, doc_id, fmt)
                what = describe(s, kind, doc_id, fmt)
                peppol = "Peppol" in what
                assert peppol == (b"urn:fdc:peppol.eu:2017:poacc:billing:3.0" in xml), (number, what)
                assert not (peppol and client.kind == "consumer"), number  # B2C never on Peppol
                produced.setdefault(what, 0)
                produced[what] += 1
                report = validator(xml, peppol=peppol)
                if not report.valid:
                    failures[f"{number} {what}"] = [f"{f.rule_id}: {f.message}" for f in report.fatal]
    assert failures == {}
    if country == "be":  # Belgian businesses get Peppol by default (0208 + enterprise number)
        assert produced.get("UBL Peppol BIS Billing 3.0", 0) > 0 and produced.get("UBL EN 16931", 0) > 0
    else:
        assert "UBL Peppol BIS Billing 3.0" not in produced
