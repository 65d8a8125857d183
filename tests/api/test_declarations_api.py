"""Declarations over HTTP: staff generate a version from a paid run, read its checks, download the
file (valid against the official schema), mark it submitted with the authority's reference and
record the answer; members are refused; bad input is a problem naming the field."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from partage.core.declarations.models import DeclarationRecord
from partage.core.declarations.xml import xsd_problems
from tests.corpora import corpus
from partage.core.payroll.service import run_for_slug
from partage.core.tenancy import bind_tenant, cross_tenant
from partage.tenants.demo_payroll import seed_payroll
from partage.tenants.models import Tenant
from tests.api.conftest import enable_modules
from tests.declarations.stored import drop_employer_facts, employer_facts

MARCH = date(2026, 3, 1)


def paid_tenant(world) -> None:
    tenant_id = world.tenants["a"]
    enable_modules(world.db, tenant_id, ["payroll", "declarations"])
    with cross_tenant(actor="test", reason="declarations API fixture"), world.db.session() as s:
        tenant = s.get(Tenant, tenant_id)
        tenant.company_number, tenant.vat_number, slug = "0403019261", "BE0403019261", tenant.slug
    seed_payroll(world.db, tenant_id, "be", 3, MARCH)
    run_for_slug(world.db, slug, MARCH, approve=True, paid=True)


def stored(world) -> int:
    with bind_tenant(world.tenants["a"]), world.db.session() as s:
        return s.scalar(select(func.count()).select_from(DeclarationRecord))


def test_generate_read_download_submit_and_answer(world, client):
    paid_tenant(world)
    staff = world.headers("a", "advisor")
    made = client.post("/declarations", json={"type": "dmfa", "period": "2026-Q1"}, headers=staff)
    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["status"], body["version"], body["problems"]) == ("validated", 1, [])
    assert body["deadline"] == "2026-04-30"                        # last day of the month after the quarter
    listed = client.get("/declarations", headers=staff).json()
    assert [d["id"] for d in listed] == [body["id"]]
    file = client.get(f"/declarations/{body['id']}/file", headers=staff)
    assert file.status_code == 200 and body["filename"] in file.headers["content-disposition"]
    assert xsd_problems(file.content, corpus("schemas", "be", "DmfAOriginal_20223.xsd")) == []
    sent = client.post(f"/declarations/{body['id']}/submitted", json={"reference": "DMFA-2026-0001"},
                       headers=staff)
    assert (sent.status_code, sent.json()["status"], sent.json()["receipt"]) == (200, "submitted", "DMFA-2026-0001")
    again = client.post(f"/declarations/{body['id']}/submitted", json={"reference": "X"}, headers=staff)
    assert again.status_code == 409                                 # already submitted
    done = client.post(f"/declarations/{body['id']}/answer", json={"accepted": True, "note": "ok"}, headers=staff)
    assert done.json()["status"] == "accepted"
    history = client.get(f"/declarations/{body['id']}", headers=staff).json()["events"]
    assert [e["event"] for e in history] == ["generate", "validate", "submit", "accept"]


def test_members_cannot_see_or_make_declarations(world, client):
    paid_tenant(world)
    member = world.headers("a", "member")
    assert client.get("/declarations", headers=member).status_code == 403
    assert client.post("/declarations", json={"type": "dmfa", "period": "2026-Q1"}, headers=member).status_code == 403


def test_bad_input_is_a_problem_naming_the_field_and_stores_nothing(world, client):
    paid_tenant(world)
    staff = world.headers("a", "advisor")
    unknown = client.post("/declarations", json={"type": "dsn", "period": "2026-03"}, headers=staff)
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "type", unknown.text
    period = client.post("/declarations", json={"type": "vat", "period": "March"}, headers=staff)
    assert period.status_code in (400, 422) and "period" in period.text
    drop_employer_facts(world.db, world.tenants["a"], "street", "email")
    missing = client.post("/declarations", json={"type": "vat", "period": "2026-03"}, headers=staff)
    assert missing.status_code == 400
    assert "payroll_settings.employer.street" in {e["field"] for e in missing.json()["errors"]}
    assert stored(world) == 0
    employer_facts(world.db, world.tenants["a"], street="Rue Coenraets 72", postcode="1060", city="Saint-Gilles",
                   email="tva@example.org", phone="025421080")
    assert client.post("/declarations", json={"type": "vat", "period": "2026-03"}, headers=staff).status_code == 201
    no_reference = client.post(f"/declarations/{client.get('/declarations', headers=staff).json()[0]['id']}/submitted",
                               json={"reference": ""}, headers=staff)
    assert no_reference.status_code in (400, 422)
