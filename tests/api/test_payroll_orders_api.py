"""Money never moves twice, over HTTP and in the web UI: the same run paid twice gives one payment
order and the same bytes (and says so); an empty run is refused with a message naming its period
(problem details; a message on the page, no 500); a bank's refusal over HTTP; the payslip summary
is the same on the member's page and in the API."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from partage.core.payroll.configuration import change_payroll_settings
from partage.core.payroll.models import PaymentOrder, PaymentOrderItem
from partage.core.tenancy import bind_tenant
from tests.api.conftest import PASSWORD, add_user, enable_modules
from tests.api.payroll_data import DEBTOR, declared, payroll_member
from tests.web.signin import post_sign_in

SEPA_NS = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"


@pytest.fixture
def books(world):
    enable_modules(world.db, world.tenants["a"], ["payroll"])
    with bind_tenant(world.tenants["a"]), world.db.session() as s:
        change_payroll_settings(s, {**DEBTOR, "review_sample_rate": "0"}, "test")
    return payroll_member(world.db, world.tenants["a"], "MEMBER@a.test")


def orders(world) -> tuple[int, int]:
    with bind_tenant(world.tenants["a"]), world.db.session() as s:
        return (s.scalar(select(func.count()).select_from(PaymentOrder)),
                s.scalar(select(func.count()).select_from(PaymentOrderItem)))


def approved(client, world, books) -> str:
    declared(world.db, world.tenants["a"], books)
    admin = world.headers("a", "tenant_admin")
    run = client.post("/payroll/runs", headers=admin, json={"period": "2025-03"}).json()
    assert client.post(f"/payroll/runs/{run['id']}/approve", headers=admin).status_code == 200
    return f"/payroll/runs/{run['id']}"


def test_the_same_run_paid_twice_over_the_api(world, client, books):
    url, admin = approved(client, world, books), world.headers("a", "tenant_admin")
    first = client.get(f"{url}/sepa?execution_date=2025-03-28", headers=admin)
    second = client.get(f"{url}/sepa?execution_date=2025-04-01", headers=admin)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert (first.headers["x-payment-order-reused"], second.headers["x-payment-order-reused"]) == ("false", "true")
    assert second.headers["x-payment-order-msgid"] == first.headers["x-payment-order-msgid"]
    issued = client.post(f"{url}/payment-order", headers=admin)
    assert issued.status_code == 200 and issued.json()["reused"] is True
    stored = client.get(issued.json()["document"], headers=admin)
    assert stored.content == first.content
    assert orders(world) == (1, 1)
    assert [o["status"] for o in client.get(f"{url}/payment-orders", headers=admin).json()] == ["issued"]


def test_an_empty_run_is_refused_with_problem_details(world, client, books):
    admin = world.headers("a", "tenant_admin")
    run = client.post("/payroll/runs", headers=admin, json={"period": "2025-04"}).json()
    refused = client.post(f"/payroll/runs/{run['id']}/approve", headers=admin)
    assert refused.status_code == 409 and refused.headers["content-type"].startswith("application/problem+json")
    assert "2025-04" in refused.json()["detail"]
    sepa = client.get(f"/payroll/runs/{run['id']}/sepa", headers=admin)
    assert sepa.status_code == 409 and "2025-04" in sepa.json()["detail"]
    today = date.today()
    next_month = f"{today.year + today.month // 12}-{today.month % 12 + 1:02d}"
    future = client.post("/payroll/runs", headers=admin, json={"period": next_month})
    assert future.status_code == 409 and "advance" in future.json()["detail"]
    beyond = client.post("/payroll/runs", headers=admin, json={"period": "2999-01"})   # outside 1900-2200
    assert beyond.status_code == 400 and beyond.json()["errors"][0]["field"] == "period"


def test_reissue_and_bank_refusal_over_http(world, client, books):
    url, admin = approved(client, world, books), world.headers("a", "tenant_admin")
    first = client.post(f"{url}/payment-order?execution_date=2025-03-28", headers=admin)
    assert first.status_code == 201 and first.json()["reused"] is False
    order = first.json()
    no_reason = client.post(f"/payroll/payment-orders/{order['id']}/reissue", headers=admin, json={"reason": ""})
    assert no_reason.status_code == 400
    new = client.post(f"/payroll/payment-orders/{order['id']}/reissue", headers=admin,
                      json={"reason": "rejected by the bank (FF01)"})
    assert new.status_code == 201 and new.json()["msg_id"] != order["msg_id"]
    statuses = [(o["status"], o["cancel_reason"]) for o in client.get(f"{url}/payment-orders", headers=admin).json()]
    assert statuses == [("cancelled", "rejected by the bank (FF01)"), ("issued", None)]
    report = f"""<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>
      <GrpHdr><MsgId>S1</MsgId><CreDtTm>2025-03-29T09:00:00</CreDtTm></GrpHdr>
      <OrgnlGrpInfAndSts><OrgnlMsgId>{new.json()['msg_id']}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>
      <GrpSts>RJCT</GrpSts><StsRsnInf><Rsn><Cd>AM05</Cd></Rsn></StsRsnInf></OrgnlGrpInfAndSts></CstmrPmtStsRpt></Document>"""
    refused = client.post("/payroll/bank-status", headers={**admin, "content-type": "application/xml"},
                          content=report.encode())
    assert refused.status_code == 200, refused.text
    assert [(r["status"], r["reason"]) for r in refused.json()["refused"]] == [("rejected", "AM05")]
    again = client.post(f"{url}/payment-order", headers=admin)
    assert again.status_code == 201 and again.json()["reused"] is False   # the refused item, paid again
    assert orders(world)[0] == 3


def web_client(client, world, email: str = "web-admin@a.test", roles=("tenant_admin",)):
    """The web UI signed in (a session cookie and its CSRF token)."""
    from partage.tenants.models import Tenant
    from partage.core.tenancy import cross_tenant

    add_user(world.db, world.tenants["a"], email, list(roles))
    with cross_tenant(actor="test", reason="test"), world.db.session() as s:
        slug = s.get(Tenant, world.tenants["a"]).slug
    signed = post_sign_in(client, slug, email, PASSWORD)
    assert signed.status_code in (200, 303), signed.text
    return {"x-csrf-token": client.cookies.get("partage_csrf"), "hx-request": "true"}


def test_the_same_run_paid_twice_in_the_web_ui(world, client, books):
    url = approved(client, world, books)
    run_id = url.rsplit("/", 1)[1]
    web = web_client(client, world)
    first = client.get(f"/app/staff/run/sepa?run_id={run_id}")
    second = client.get(f"/app/staff/run/sepa?run_id={run_id}")
    assert first.status_code == 200 and first.content.startswith(b"<?xml") and second.content == first.content
    assert second.headers["x-payment-order-reused"] == "true"
    page = client.get(f"/app/staff/run?run_id={run_id}", headers={"accept-language": "en"})
    assert page.status_code == 200 and first.headers["x-payment-order-msgid"] in page.text
    assert orders(world) == (1, 1)
    empty = client.post("/app/staff/payroll", data={"period": "2025-05"}, headers=web)
    assert empty.status_code == 200, empty.text
    empty_id = empty.headers["hx-redirect"].split("run_id=")[1]
    refused = client.post(f"/app/staff/run/act?run_id={empty_id}&action=approve", data={}, headers=web)
    assert refused.status_code == 200 and "2025-05" in refused.text and 'role="alert"' in refused.text
    download = client.get(f"/app/staff/run/sepa?run_id={empty_id}")
    assert download.status_code == 200 and "2025-05" in download.text   # the page with the message, no 500


def test_the_member_page_and_the_api_print_the_same_summary(world, client, books):
    """Gross, withholding tax and net to pay: the numbers of the API's summary on the member's
    page (before, the page showed the taxable pay as "Net" while the PDF showed the net to pay)."""
    from partage.api.web.render import money

    mine = payroll_member(world.db, world.tenants["a"], "web-member@a.test")
    declared(world.db, world.tenants["a"], mine, gross="3100.00")
    approved(client, world, books)
    staff = world.headers("a", "tenant_admin")
    slips = client.get("/payroll/payslips", headers=staff).json()
    slip = next(s for s in slips if s["member_id"] == str(mine["member_id"]))
    summary = slip["summary"]
    assert Decimal(summary["net_to_pay"]) < Decimal(summary["taxable"]) < Decimal(summary["gross"])
    assert Decimal(summary["withholding_tax"]) > 0
    assert (slip["net"], slip["net_to_pay"]) == (summary["taxable"], summary["net_to_pay"])
    web_client(client, world, "web-member@a.test", ("member",))
    page = client.get("/app/payslips")
    assert page.status_code == 200 and 'lang="fr"' in page.text and "Net à payer" in page.text
    for name in ("gross", "withholding_tax", "net_to_pay"):
        assert money("fr", Decimal(summary[name])) in page.text, name
    assert money("fr", Decimal(summary["taxable"])) not in page.text   # no second "net" to confuse
    # the bank rejects this member's transfer: the member reads why on the same page
    issued = client.post(f"/payroll/runs/{slip['run_id']}/payment-order", headers=staff).json()
    report = f"""<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>
      <GrpHdr><MsgId>S2</MsgId><CreDtTm>2025-03-29T09:00:00</CreDtTm></GrpHdr>
      <OrgnlGrpInfAndSts><OrgnlMsgId>{issued['msg_id']}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>
      </OrgnlGrpInfAndSts><OrgnlPmtInfAndSts><OrgnlPmtInfId>P</OrgnlPmtInfId><TxInfAndSts>
      <OrgnlEndToEndId>{mine['member_id'].hex}</OrgnlEndToEndId><TxSts>RJCT</TxSts>
      <StsRsnInf><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>Closed account</AddtlInf></StsRsnInf></TxInfAndSts>
      </OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>"""
    refused = client.post("/payroll/bank-status", headers={**staff, "content-type": "application/xml"},
                          content=report.encode()).json()
    assert [r["member_id"] for r in refused["refused"]] == [str(mine["member_id"])]
    assert "AC04: Closed account" in client.get("/app/payslips").text
