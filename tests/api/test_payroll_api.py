"""Payroll over HTTP: performances (declare, guardrails, approve), the review sample, runs (start,
poll, blocked members, approve, SEPA, paid), payslips and their PDF, correction runs; members see
only their own records and another tenant's records are 404."""
from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from partage.core.billing import create_client
from partage.core.payroll.configuration import change_payroll_settings
from partage.core.payroll.models import Performance, WorkerProfile
from partage.core.tenancy import bind_tenant
from tests.api.conftest import enable_modules
from tests.api.billing_data import BE_KBO
from tests.api.payroll_data import DEBTOR, declared, payroll_member, payroll_records, work
from tests.api.test_billing_api import fields


@pytest.fixture
def books(world):
    """Tenant A with payroll enabled, a paying account, and a member linked to the ``member``
    account (by email) with a funded activity."""
    enable_modules(world.db, world.tenants["a"], ["payroll"])
    with bind_tenant(world.tenants["a"]), world.db.session() as s:
        change_payroll_settings(s, {**DEBTOR, "review_sample_rate": "0"}, "test")
    return payroll_member(world.db, world.tenants["a"], "MEMBER@a.test")


def performances(world) -> int:
    with bind_tenant(world.tenants["a"]), world.db.session() as s:
        return s.scalar(select(func.count()).select_from(Performance))


def test_declare_then_guardrails_approve_or_wait_for_an_advisor(world, client, books):
    staff, member = world.headers("a", "advisor"), world.headers("a", "member")
    auto = client.post("/payroll/performances", headers=staff, json=work(books))
    assert auto.status_code == 201, auto.text
    created = auto.json()
    assert (created["status"], created["approval"], created["checks"]) == ("approved", "automatic", [])
    waiting = client.post("/payroll/performances", headers=member, json=work(books, declaration_ref=None))
    assert waiting.status_code == 201, waiting.text
    body = waiting.json()
    assert (body["status"], body["approval"]) == ("pending", "waiting") and "DIMONA" in body["checks"][0]
    url = f"/payroll/performances/{body['id']}/approve"
    assert client.post(url, headers=member).status_code == 403
    approved = client.post(url, headers=staff).json()
    assert (approved["status"], approved["approval"]) == ("approved", "advisor")
    again = client.post(url, headers=staff)
    assert again.status_code == 409 and again.json()["detail"].startswith("status:")
    assert client.get(f"/payroll/performances/{body['id']}", headers=member).json()["status"] == "approved"


@pytest.mark.parametrize("change, field", [
    ({"end": "2025-03-01"}, "end"),
    ({"gross": 2500.5}, "gross"),               # floats are refused: not exact
    ({"gross": "abc"}, "gross"),
    ({"gross": "-3"}, "gross"),
    ({"gross": "10.001"}, "gross"),
    ({"hours": "Infinity"}, "hours"),
    ({"kind": "astronaut"}, "kind"),
    ({"days": -1}, "days"),
    ({"start": "2025-02-30"}, "start"),
    ({"activity_id": str(uuid.uuid4())}, "activity_id"),
    ({"colour": "red"}, "colour"),
])
def test_bad_input_answers_a_problem_naming_the_field(world, client, books, change, field):
    before = performances(world)
    response = client.post("/payroll/performances", headers=world.headers("a", "advisor"),
                           json=work(books, **change))
    assert response.status_code == 400 and field in fields(response), response.text
    assert performances(world) == before


def test_a_member_without_iban_is_refused_naming_iban(world, client, books):
    with bind_tenant(world.tenants["a"]), world.db.session() as s:
        s.scalar(select(WorkerProfile).where(WorkerProfile.member_id == books["member_id"])).iban = None
    response = client.post("/payroll/performances", headers=world.headers("a", "member"), json=work(books))
    assert response.status_code == 400 and fields(response) == {"iban"}


def test_members_see_and_declare_only_their_own_work(world, client, books):
    other = payroll_member(world.db, world.tenants["a"], "someone@else.test")
    mine, theirs = declared(world.db, world.tenants["a"], books), declared(world.db, world.tenants["a"], other)
    member, member2 = world.headers("a", "member"), world.headers("a", "member2")
    assert [p["id"] for p in client.get("/payroll/performances", headers=member).json()] == [str(mine)]
    assert client.get(f"/payroll/performances/{theirs}", headers=member).status_code == 404
    assert client.get("/payroll/performances", headers=member2).json() == []
    assert client.get(f"/payroll/performances/{mine}", headers=member2).status_code == 404
    for_other = client.post("/payroll/performances", headers=member, json=work(other))
    assert for_other.status_code == 404 and for_other.json()["detail"].startswith("member_id:")
    staff = client.get("/payroll/performances", headers=world.headers("a", "advisor")).json()
    assert {p["id"] for p in staff} == {str(mine), str(theirs)}
    assert client.get("/payroll/runs", headers=member).status_code == 403


def run_march(client, world):
    return client.post("/payroll/runs", headers=world.headers("a", "tenant_admin"), json={"period": "2025-03"})


def test_a_run_is_started_polled_approved_and_paid(world, client, books):
    other = payroll_member(world.db, world.tenants["a"], "no-iban@a.test")
    declared(world.db, world.tenants["a"], books)
    declared(world.db, world.tenants["a"], other)
    with bind_tenant(world.tenants["a"]), world.db.session() as s:   # the IBAN is lost after declaring
        s.scalar(select(WorkerProfile).where(WorkerProfile.member_id == other["member_id"])).iban = None
    admin = world.headers("a", "tenant_admin")
    bad = client.post("/payroll/runs", headers=admin, json={"period": "2025-13"})
    assert bad.status_code == 400 and fields(bad) == {"period"}
    started = run_march(client, world)
    assert started.status_code == 200, started.text              # embedded default: computed inline
    run = started.json()
    names = ("status", "chunks_total", "chunks_done", "performances", "payslips", "blocked")
    counts = {k: run[k] for k in names}
    assert counts == {"status": "computed", "chunks_total": 1, "chunks_done": 1, "performances": 2,
                      "payslips": 1, "blocked": 1}
    url = f"/payroll/runs/{run['id']}"
    assert started.headers["location"] == url and client.get(url, headers=admin).json() == run
    blocked = client.get(f"{url}/blocked", headers=admin).json()
    assert [(b["member_id"], b["field"]) for b in blocked] == [(str(other["member_id"]), "iban")]
    pages = [client.get(f"{url}/payslips?limit=1&offset={n}", headers=admin).json() for n in range(3)]
    assert [len(p) for p in pages] == [1, 1, 0]
    assert len(client.get(f"{url}/payslips?status=blocked", headers=admin).json()) == 1
    assert client.post(f"{url}/paid", headers=admin).status_code == 409
    assert client.post(f"{url}/approve", headers=admin).json()["status"] == "approved"
    sepa = client.get(f"{url}/sepa?execution_date=2025-03-28", headers=admin)
    assert sepa.status_code == 200 and sepa.content.count(b"<CdtTrfTxInf>") == 1
    assert "attachment" in sepa.headers["content-disposition"]
    paid = client.post(f"{url}/paid", headers=admin).json()
    assert paid["status"] == "paid" and paid["paid_at"]
    assert [r["id"] for r in client.get("/payroll/runs?period=2025-03", headers=admin).json()] == [run["id"]]


def test_payslips_and_their_pdf_for_the_member_only(world, client, books):
    declared(world.db, world.tenants["a"], books)
    run_march(client, world)
    member, member2 = world.headers("a", "member"), world.headers("a", "member2")
    slips = client.get("/payroll/payslips", headers=member).json()
    assert len(slips) == 1 and slips[0]["gross"] == "2500.00"
    assert {line["side"] for line in slips[0]["lines"]} <= {"employee", "employer", "info"}
    url = f"/payroll/payslips/{slips[0]['id']}"
    assert client.get(url, headers=member).json() == slips[0]
    pdf = client.get(f"{url}/document", headers=member)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf.headers["content-type"] == "application/pdf"
    assert client.get("/payroll/payslips", headers=member2).json() == []
    assert client.get(f"{url}/document", headers=member2).status_code == 404


def test_another_tenants_run_and_payslips_are_not_found(world, client, books):
    enable_modules(world.db, world.tenants["b"], ["payroll"])
    theirs = payroll_records(world.db, world.tenants["b"])
    admin = world.headers("a", "tenant_admin")
    run = f"/payroll/runs/{theirs['run_id']}"
    for path in (run, f"{run}/blocked", f"{run}/payslips", f"{run}/sepa",
                 f"/payroll/payslips/{theirs['payslip_id']}",
                 f"/payroll/payslips/{theirs['payslip_id']}/document",
                 f"/payroll/performances/{theirs['performance_id']}"):
        assert client.get(path, headers=admin).status_code == 404, path
    for path in (f"{run}/approve", f"{run}/paid", f"/payroll/performances/{theirs['performance_id']}/approve"):
        assert client.post(path, headers=admin).status_code == 404, path
    assert client.get("/payroll/runs", headers=admin).json() == []
    assert client.get(run, headers=world.headers("b", "tenant_admin")).json()["status"] == "computed"


def test_the_review_sample_over_http(world, client, books):
    admin, advisor = world.headers("a", "tenant_admin"), world.headers("a", "advisor")
    refused = client.patch("/payroll/settings", headers=advisor, json={"review_sample_rate": "1"})
    assert refused.status_code == 403
    bad = client.patch("/payroll/settings", headers=admin, json={"review_sample_rate": "1.5"})
    assert bad.status_code == 400 and fields(bad) == {"review_sample_rate"}
    changed = client.patch("/payroll/settings", headers=admin, json={"review_sample_rate": "1"})
    assert changed.json()["review_sample_rate"] == "1" and changed.json()["debtor_bic"] == "GKCCBEBB"
    perf = client.post("/payroll/performances", headers=advisor, json=work(books)).json()
    assert (perf["status"], perf["review"]) == ("approved", "pending")
    queue = client.get("/payroll/performances?review=pending", headers=advisor).json()
    assert [p["id"] for p in queue] == [perf["id"]]
    done = client.post(f"/payroll/performances/{perf['id']}/reviewed", headers=advisor).json()
    assert done["review"] == "done" and done["reviewed_by"].startswith("user:")
    again = client.post(f"/payroll/performances/{perf['id']}/reviewed", headers=advisor)
    assert again.status_code == 409 and again.json()["detail"].startswith("review:")
    assert client.get("/payroll/performances?review=pending", headers=advisor).json() == []


def test_a_correction_run_over_http(world, client, books):
    perf = declared(world.db, world.tenants["a"], books)
    admin = world.headers("a", "tenant_admin")
    amend = f"/payroll/performances/{perf}/amend"
    early = client.post(amend, headers=admin, json={"gross": "3000.00", "reason": "more days"})
    assert early.status_code == 409 and early.json()["detail"].startswith("status:")
    run = run_march(client, world).json()
    for step in ("approve", "paid"):
        client.post(f"/payroll/runs/{run['id']}/{step}", headers=admin)
    bad = client.post(amend, headers=admin, json={"gross": "3000.001", "reason": "more days"})
    assert bad.status_code == 400 and fields(bad) == {"gross"}
    by_member = client.post(amend, headers=world.headers("a", "member"), json={"gross": "1.00", "reason": "x"})
    assert by_member.status_code == 403
    amended = client.post(amend, headers=admin, json={"gross": "3000.00", "reason": "more days"})
    assert amended.json()["status"] == "amended" and amended.json()["amended_at"]
    correction = client.post("/payroll/corrections", headers=admin, json={"period": "2025-03"})
    assert correction.status_code == 201, correction.text
    body = correction.json()
    assert (body["sequence"], body["status"], body["payslips"]) == (2, "computed", 1)
    again = client.post("/payroll/corrections", headers=admin, json={"period": "2025-03"})
    assert again.json()["id"] == body["id"]
    [difference] = client.get(f"/payroll/runs/{body['id']}/payslips", headers=admin).json()
    [original] = client.get(f"/payroll/runs/{run['id']}/payslips", headers=admin).json()
    assert difference["gross"] == "500.00" and original["gross"] == "2500.00"
    pdf = client.get(f"/payroll/payslips/{difference['id']}/document", headers=world.headers("a", "member"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    for step in ("approve", "paid"):
        assert client.post(f"/payroll/runs/{body['id']}/{step}", headers=admin).status_code == 200
    nothing = client.post("/payroll/corrections", headers=admin, json={"period": "2025-03"})
    assert nothing.status_code == 409 and nothing.json()["detail"].startswith("period:")
    assert len(client.get("/payroll/payslips", headers=world.headers("a", "member")).json()) == 2


def test_module_not_enabled_is_404(world, client):
    assert client.get("/payroll/performances", headers=world.headers("a", "advisor")).status_code == 404


def test_the_statement_shows_the_guarantee_advance_and_its_repayment(world, client, books):
    """Work declared before the client paid is advanced by the guarantee fund; the client's
    payment repays it first. Staff read both lines, labelled, and what is still owed."""
    enable_modules(world.db, world.tenants["a"], ["billing", "payroll"])
    admin, staff = world.headers("a", "tenant_admin"), world.headers("a", "advisor")
    limits = {"guarantee_limit_member": "5000.00", "guarantee_limit_total": "50000.00"}
    assert client.patch("/payroll/settings", headers=admin, json=limits).status_code == 200
    ids = payroll_member(world.db, world.tenants["a"], "lent@a.test", revenue=Decimal("1000.00"))
    advanced = client.post("/payroll/performances", headers=staff, json=work(ids))
    assert advanced.status_code == 201, advanced.text
    lent = Decimal(advanced.json()["guarantee"])
    assert advanced.json()["status"] == "approved" and lent > 0
    with bind_tenant(world.tenants["a"]), world.db.session() as s:
        client_id = create_client(s, {"kind": "business", "name": "Client SA", "country": "BE",
                                      "company_number": BE_KBO}, actor="test").id
    draft = client.post("/billing/invoices", headers=staff, json={
        "activity_id": str(ids["activity_id"]), "client_id": str(client_id),
        "lines": [{"description": "Light", "quantity": "1", "unit_price": "100.00", "vat_code": "standard"}]})
    issued = client.post(f"/billing/invoices/{draft.json()['id']}/issue?on=2025-03-20", headers=staff).json()
    paid = client.post("/billing/payments", headers=staff, json={
        "amount": issued["totals"]["gross"], "received_on": "2025-03-25",
        "communication": issued["payment_reference"]})
    assert paid.status_code == 201, paid.text
    statement = client.get(f"/billing/activities/{ids['activity_id']}/statement", headers=staff).json()
    lines = {line["kind"]: line for line in statement["lines"]}
    assert lines["guarantee_advance"]["amount"] == str(lent)
    repaid = lines["guarantee_repayment"]   # issued: 100.00 less the 6.50 contribution
    assert repaid["amount"] == "-93.50" and "guarantee fund repayment" in repaid["description"]
    assert statement["guarantee_outstanding"] == str(lent - Decimal("93.50"))
    assert statement["lines"][-1]["balance"] == statement["closing"]
