"""Billing over HTTP (members, clients, invoices, credit notes, payments, documents) and the
``partage invoice`` commands: bad input names the field and writes nothing, members see only their
own activities, other tenants' records are 404, exported e-invoices pass the official rules."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from partage.core.audit.models import AuditEvent
from partage.core.billing.models import BillingSettings, Client, Invoice
from partage.core.tenancy import bind_tenant, cross_tenant
from tests.api.billing_data import BE_KBO, LINE, billing_records
from tests.api.conftest import enable_modules
from tests.conftest import create_tenant

SELLER = {"be": ("0428759497", "BE0428759497"), "fr": ("303265045", "FR40303265045")}


@pytest.fixture
def books(world):
    """Tenant A with billing enabled and records owned by the ``member`` account (by email)."""
    enable_modules(world.db, world.tenants["a"], ["billing"])
    return billing_records(world.db, world.tenants["a"], email="MEMBER@a.test")


def count(world, model, tenant="a") -> int:
    with bind_tenant(world.tenants[tenant]), world.db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def fields(response) -> set[str]:
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    return {e["field"] for e in response.json().get("errors", [])}


def test_a_draft_is_created_edited_issued_paid_and_credited(world, client, books):
    staff = world.headers("a", "advisor")
    body = {"activity_id": str(books["activity_id"]), "client_id": str(books["client_id"]),
            "lines": [{"description": "Logo", "quantity": "3", "unit_price": "33.33",
                       "discount_percent": "10"}]}
    draft = client.post("/billing/invoices", headers=staff, json=body)
    assert draft.status_code == 201, draft.text
    invoice_id = draft.json()["id"]
    edited = client.patch(f"/billing/invoices/{invoice_id}", headers=staff, json={"note": "Merci"})
    assert edited.json()["note"] == "Merci" and edited.json()["status"] == "draft"
    issued = client.post(f"/billing/invoices/{invoice_id}/issue?on=2026-03-03", headers=staff).json()
    assert issued["status"] == "issued" and issued["number"].startswith("2026-")
    assert issued["totals"]["net"] == "89.99" and issued["payment_reference"].startswith("+++")
    paid = client.post("/billing/payments", headers=staff, json={
        "amount": "50.00", "received_on": "2026-03-10", "communication": issued["payment_reference"]})
    assert paid.json()["allocations"] == [{"invoice_id": invoice_id, "amount": "50.00"}]
    assert client.get(f"/billing/invoices/{invoice_id}", headers=staff).json()["status"] == "partially_paid"
    note = client.post("/billing/credit-notes", headers=staff,
                       json={"invoice_id": invoice_id, "reason": "Logo dropped"})
    assert note.status_code == 201 and note.json()["totals"]["gross"] == issued["totals"]["gross"]
    statement = client.get(f"/billing/activities/{books['activity_id']}/statement", headers=staff).json()
    assert statement["lines"][-1]["balance"] == statement["closing"]


def test_quotes_are_sent_then_accepted_as_a_draft_invoice(world, client, books):
    staff = world.headers("a", "tenant_admin")
    quote = client.post("/billing/quotes", headers=staff, json={
        "activity_id": str(books["activity_id"]), "client_id": str(books["client_id"]), "lines": [LINE]})
    sent = client.post(f"/billing/quotes/{quote.json()['id']}/send", headers=staff).json()
    assert sent["status"] == "sent" and sent["number"].startswith("Q")
    invoice = client.post(f"/billing/quotes/{sent['id']}/accept", headers=staff)
    assert invoice.status_code == 201 and invoice.json()["buyer_reference"] == sent["number"]


BAD_INVOICES = [
    ({"quantity": "-2"}, "lines[0].quantity"),
    ({"vat_code": "luxury_27"}, "lines[0].vat_code"),
    ({"unit_price": "abc"}, "lines[0].unit_price"),
    ({"quantity": 1.5}, "lines[0].quantity"),             # floats are refused: not exact
]


@pytest.mark.parametrize("change, field", BAD_INVOICES)
def test_a_bad_invoice_line_names_the_field_and_writes_nothing(world, client, books, change, field):
    before, audit = count(world, Invoice), count(world, AuditEvent)
    body = {"activity_id": str(books["activity_id"]), "client_id": str(books["client_id"]),
            "lines": [{**LINE, **change}]}
    response = client.post("/billing/invoices", headers=world.headers("a", "advisor"), json=body)
    assert response.status_code == 400 and field in fields(response), response.text
    assert (count(world, Invoice), count(world, AuditEvent)) == (before, audit)


@pytest.mark.parametrize("body, field", [
    ({"kind": "business", "name": "No Number BV", "country": "BE"}, "company_number"),
    ({"kind": "business", "name": "Bad BV", "country": "BE", "company_number": "0431150351"},
     "company_number"),
    ({"kind": "business", "name": "GmbH", "country": "DE"}, "vat_number"),
    ({"kind": "alien", "name": "X", "country": "BE"}, "kind"),
])
def test_a_business_client_without_its_e_invoice_numbers_is_refused(world, client, books, body, field):
    before = count(world, Client)
    response = client.post("/billing/clients", headers=world.headers("a", "advisor"), json=body)
    assert response.status_code == 400 and fields(response) == {field}, response.text
    assert count(world, Client) == before


def test_an_issued_invoice_never_changes(world, client, books):
    staff, url = world.headers("a", "tenant_admin"), f"/billing/invoices/{books['invoice_id']}"
    before = client.get(url, headers=staff).json()
    response = client.patch(url, headers=staff, json={"lines": [{**LINE, "unit_price": "1.00"}]})
    assert response.status_code == 409 and response.json()["detail"].startswith("status:"), response.text
    assert client.post(f"{url}/issue", headers=staff).status_code == 409
    assert client.get(url, headers=staff).json() == before


def test_a_member_sees_only_their_own_activities(world, client, books):
    own, other = world.headers("a", "member"), world.headers("a", "member2")
    invoice = f"/billing/invoices/{books['invoice_id']}"
    assert client.get(invoice, headers=own).status_code == 200
    assert [i["id"] for i in client.get("/billing/invoices", headers=own).json()] == [str(books["invoice_id"])]
    for path in (invoice, f"{invoice}/document", f"/billing/activities/{books['activity_id']}",
                 f"/billing/activities/{books['activity_id']}/statement",
                 f"/billing/credit-notes/{books['credit_note_id']}", f"/billing/quotes/{books['quote_id']}",
                 f"/billing/members/{books['member_id']}"):
        assert client.get(path, headers=other).status_code == 404, path
    for path in ("/billing/invoices", "/billing/activities", "/billing/payments", "/billing/members"):
        assert client.get(path, headers=other).json() == [], path
    assert client.post("/billing/members", headers=own, json={"first_name": "A", "last_name": "B"}
                       ).status_code == 403


def test_tenant_a_gets_404_for_the_billing_records_of_tenant_b(world, client, books):
    theirs = billing_records(world.db, world.tenants["b"])
    admin = world.headers("a", "tenant_admin")
    for path in (f"/billing/invoices/{theirs['invoice_id']}", f"/billing/clients/{theirs['client_id']}",
                 f"/billing/activities/{theirs['activity_id']}",
                 f"/billing/invoices/{theirs['invoice_id']}/document?format=ubl"):
        assert client.get(path, headers=admin).status_code == 404, path
    assert str(theirs["client_id"]) not in {c["id"] for c in client.get("/billing/clients", headers=admin).json()}


def test_documents_download_and_bank_statements_import(world, client, books):
    admin, url = world.headers("a", "tenant_admin"), f"/billing/invoices/{books['invoice_id']}/document"
    pdf = client.get(url, headers=admin)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(url + "?format=ubl", headers=admin).content.startswith(b"<?xml")
    assert client.get(url + "?format=docx", headers=admin).status_code == 400
    bad = client.post("/billing/bank-statements", headers={**admin, "Content-Type": "application/xml"},
                      content=b"<not-camt/>")
    assert bad.status_code == 400 and fields(bad) == {"statement"}


# -- the CLI: exported e-invoices pass the official rules ------------------------------------

def _seller(db, country: str, bank: str):
    from partage.tenants.models import Tenant

    tenant_id = create_tenant(db, country=country)
    with cross_tenant(actor="test", reason="seller numbers"), db.session() as s:
        tenant = s.get(Tenant, tenant_id)
        tenant.company_number, tenant.vat_number = SELLER[country]
        slug = tenant.slug
    with bind_tenant(tenant_id), db.session() as s:
        s.add(BillingSettings(bank_account=bank))
    return tenant_id, slug


def _issued(db, tenant_id, client: dict) -> str:
    from partage.core.billing import (create_activity, create_client, create_invoice, create_member,
                              issue_invoice)

    with bind_tenant(tenant_id), db.session() as s:
        member = create_member(s, {"first_name": "Ada", "last_name": "Lovelace"}, actor="test")
        activity = create_activity(s, member.id, "Illustration", actor="test")
        buyer = create_client(s, {"kind": "business", "name": "Client SA", "street": "Rue Haute 1",
                                  "postal_code": "1000", "city": "Ville", **client}, actor="test")
        invoice = create_invoice(s, {"activity_id": activity.id, "client_id": buyer.id, "lines": [
            LINE, {**LINE, "vat_code": "reduced", "discount_percent": "5"}]}, actor="test")
        return issue_invoice(s, invoice.id, actor="test").number


def partage(db_file: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PARTAGE_DATABASE_URL": f"sqlite:///{db_file}", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-c", "from partage import cli; cli.main()", *args], env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def validator():
    einvoice = pytest.importorskip("partage.core.einvoice")
    return einvoice.validate


@pytest.mark.parametrize("country, client, fmt, peppol", [
    ("be", {"country": "BE", "company_number": BE_KBO}, "ubl", True),
    ("fr", {"country": "FR", "company_number": "732829320", "vat_number": "FR44732829320"}, "cii", False),
    ("fr", {"country": "FR", "company_number": "732829320", "vat_number": "FR44732829320"}, "facturx", False),
])
def test_the_cli_exports_e_invoices_that_pass_the_official_rules(world, tmp_path, validator, country,
                                                                 client, fmt, peppol):
    tenant_id, slug = _seller(world.db, country, "BE71096123456769" if country == "be"
                              else "FR1420041010050500013M02606")
    number = _issued(world.db, tenant_id, client)
    out = tmp_path / f"{number}.{fmt}"
    done = partage(tmp_path / "partage.db", "invoice", "export", "--tenant", slug, "--number", number,
                   "--format", fmt, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert ("Peppol BIS Billing 3.0" if peppol else "EN 16931") in done.stdout  # says what it produced
    report = validator(out, peppol=peppol)
    assert not report.fatal, [f"{f.rule_id}: {f.message}" for f in report.fatal]
    listed = partage(tmp_path / "partage.db", "invoice", "list", "--tenant", slug)
    assert listed.returncode == 0 and number in listed.stdout


def test_the_cli_export_names_what_is_wrong(world, tmp_path):
    _, slug = _seller(world.db, "be", "BE71096123456769")
    missing = partage(tmp_path / "partage.db", "invoice", "export", "--tenant", slug, "--number", "1999-1",
                      "--format", "ubl", "--out", str(tmp_path / "x.xml"))
    assert missing.returncode == 1 and "number" in missing.stderr and not (tmp_path / "x.xml").exists()
    unknown = partage(tmp_path / "partage.db", "invoice", "list", "--tenant", "no-such-tenant")
    assert unknown.returncode == 2 and "--tenant" in unknown.stderr


def test_demo_billing_data_is_realistic_and_seeded_once(world, client):
    from datetime import date

    from partage.tenants.demo_billing import seed_billing
    from partage.tenants.models import Tenant

    enable_modules(world.db, world.tenants["a"], ["billing"])
    slug = "demo-a"                     # the data depend on the seed, the slug and the date only
    with cross_tenant(actor="test", reason="fixed slug"), world.db.session() as s:
        s.get(Tenant, world.tenants["a"]).slug = slug
    seeded = seed_billing(world.db, slug, members=3, today=date(2026, 6, 30))
    assert seeded.members == 3 and seeded.invoices >= 6 and seeded.payments and seeded.credit_notes == 1
    invoices = client.get("/billing/invoices?limit=500", headers=world.headers("a", "advisor")).json()
    statuses = {i["status"] for i in invoices}
    assert {"issued", "partially_paid", "paid"} <= statuses and all(i["number"] for i in invoices if i["status"] != "draft")
    assert seed_billing(world.db, slug, members=3).invoices == 0        # already there: left alone


def test_a_tenant_admin_writes_off_a_bad_debt_with_a_reason(world, client, books):
    """Bad debt is the tenant admin's decision (advisors and members are refused); the reason is
    required and the decision audited; the invoice then reads written_off with nothing due."""
    url = f"/billing/invoices/{books['invoice_id']}"
    before = client.get(url, headers=world.headers("a", "tenant_admin")).json()
    assert before["status"] in ("issued", "partially_paid"), before
    for role in ("advisor", "member"):
        refused = client.post(f"{url}/write-off", headers=world.headers("a", role), json={"reason": "gone"})
        assert refused.status_code == 403, refused.text
    admin = world.headers("a", "tenant_admin")
    assert "reason" in fields(client.post(f"{url}/write-off", headers=admin, json={"reason": ""}))
    done = client.post(f"{url}/write-off?on=2026-06-30", headers=admin, json={"reason": "client bankrupt"})
    assert done.status_code == 200, done.text
    invoice = done.json()["invoice"]
    assert invoice["status"] == "written_off" and invoice["amount_due"] == "0.00"
    assert invoice["written_off"] == before["amount_due"]
    again = client.post(f"{url}/write-off", headers=admin, json={"reason": "twice"})
    assert again.status_code == 409 and again.json()["detail"].startswith("invoice_id:"), again.text
    with bind_tenant(world.tenants["a"]), world.db.session() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "invoice.written_off")).all()
    assert [e.payload["reason"] for e in events] == ["client bankrupt"]
    # credited at issue and never spent, owing no advance: the activity bears its own bad debt
    assert done.json()["fund_covered"] == done.json()["fund_forgave"] == "0.00"
    statement = client.get(f"/billing/activities/{books['activity_id']}/statement", headers=admin).json()
    assert statement["guarantee_absorbed"] == "0.00" and statement["lines"][-1]["balance"] == statement["closing"]


def test_an_invoice_takes_its_clients_language_and_an_unknown_one_is_named(world, client, books):
    staff = world.headers("a", "advisor")
    refused = client.post("/billing/clients", headers=staff,
                          json={"kind": "consumer", "name": "Jan", "country": "BE", "language": "xx"})
    assert refused.status_code == 400 and fields(refused) == {"language"}
    made = client.post("/billing/clients", headers=staff,
                       json={"kind": "consumer", "name": "Jan", "country": "BE", "language": "nl-BE"})
    assert made.status_code == 201 and made.json()["language"] == "nl"
    body = {"activity_id": str(books["activity_id"]), "client_id": made.json()["id"], "lines": [LINE]}
    invoice = client.post("/billing/invoices", headers=staff, json=body)
    assert invoice.status_code == 201 and invoice.json()["language"] == "nl"
    german = client.post("/billing/invoices", headers=staff, json={**body, "language": "de"})
    assert german.json()["language"] == "de"
    bad = client.post("/billing/invoices", headers=staff, json={**body, "language": "klingon"})
    assert bad.status_code == 400 and fields(bad) == {"language"}
    member = client.post("/billing/members", headers=staff,
                         json={"first_name": "Lotte", "last_name": "Peeters", "language": "nl-BE"})
    assert member.status_code == 201 and member.json()["language"] == "nl"   # their payslips' language
    refused = client.post("/billing/members", headers=staff,
                          json={"first_name": "Lotte", "last_name": "Peeters", "language": "xx"})
    assert refused.status_code == 400 and fields(refused) == {"language"}


def test_the_cli_writes_off_a_bad_debt_and_names_what_is_wrong(world, tmp_path):
    tenant_id, slug = _seller(world.db, "be", "BE71096123456769")
    number = _issued(world.db, tenant_id, {"country": "BE", "company_number": BE_KBO})
    db_file = tmp_path / "partage.db"
    bad_date = partage(db_file, "invoice", "write-off", "--tenant", slug, "--number", number,
                       "--reason", "bankrupt", "--on", "30/06/2026")
    assert bad_date.returncode == 2 and "--on" in bad_date.stderr
    done = partage(db_file, "invoice", "write-off", "--tenant", slug, "--number", number,
                   "--reason", "Client declared bankrupt", "--on", "2026-06-30")
    assert done.returncode == 0 and f"invoice {number} written off" in done.stdout, done.stderr
    again = partage(db_file, "invoice", "write-off", "--tenant", slug, "--number", number, "--reason", "twice")
    assert again.returncode == 1 and "invoice_id" in again.stderr
    listed = partage(db_file, "invoice", "list", "--tenant", slug)
    assert "written_off" in listed.stdout
