"""Money never moves twice: a run's payment order (its SEPA file) is issued once and stored; the
lifecycle refuses empty runs and months not started; late work goes to a supplementary run with a
payment order of its own; the bank's refusals open an item for payment again.

The SEPA files are checked against the pain.001.001.03 XSD (ISO 20022, the copy sepaxml ships);
the bank files are written here by hand after the ISO 20022 pain.002.001.03 and camt.054.001.02
message structures (element names and status codes from the standard: RJCT, AC04, MD07).
"""
from __future__ import annotations

import hashlib
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
import sqlalchemy.exc
from lxml import etree
from sqlalchemy import func, select

from partage.core.audit.models import AuditEvent
from partage.core.payroll.bank_status import apply_bank_file
from partage.core.payroll.errors import InvalidInput, InvalidState
from partage.core.payroll.execute import run_payroll
from partage.core.payroll.launch import launch_run
from partage.core.payroll.models import (PaymentOrder, PaymentOrderItem, Performance, PayrollRun, PayslipRecord,
                                 SalaryPayment, WorkerProfile)
from partage.core.payroll.orders import payment_order, reapprove_payments, refusals_of, reissue_order
from partage.core.payroll.paying import mark_paid
from partage.core.payroll.performances import PerformanceIn, declare_performance
from partage.core.payroll.runs import approve_run
from partage.core.tenancy import bind_tenant, cross_tenant
from tests.concurrency import at_once
from tests.payroll_runs.conftest import PERIOD, add_member, settings

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
DEBTOR = {"debtor_iban": "BE71096123456769", "debtor_bic": "GKCCBEBB"}
PAY_DAY = date(2025, 3, 28)


def declare(world, start: date = date(2025, 3, 10), gross: str = "2500.00", revenue: str = "20000.00"):
    member, activity = add_member(world, revenue=Decimal(revenue))
    with bind_tenant(world.tenant), world.db.session() as s:
        return declare_performance(s, world.country, PerformanceIn(
            member_id=member, activity_id=activity, start=start, end=start, gross=Decimal(gross), days=1,
            function="light technician", declaration_ref="DIMONA-1", declared_on=date(2025, 3, 1))).id


def approved_run(world, members: int = 2):
    for _ in range(members):
        declare(world)
    settings(world.db, world.tenant, **DEBTOR)
    with bind_tenant(world.tenant):
        run_id = run_payroll(world.db, PERIOD).run_id
        with world.db.session() as s:
            approve_run(s, run_id, "advisor")
    return run_id


def order(world, run_id, actor="advisor", **kw):
    with bind_tenant(world.tenant), world.db.session() as s:
        return payment_order(s, run_id, actor=actor, execution_date=kw.pop("execution_date", PAY_DAY), **kw)


def count(world, model, *where) -> int:
    with bind_tenant(world.tenant), world.db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_a_run_paid_twice_gives_one_order_and_the_same_bytes(world):
    run_id = approved_run(world)
    first = order(world, run_id)
    second = order(world, run_id, execution_date=date(2025, 4, 2))   # another day asked: the stored file
    assert not first.reused and second.reused
    assert second.document == first.document and second.msg_id == first.msg_id
    assert hashlib.sha256(first.document).hexdigest() == first.checksum
    assert count(world, PaymentOrder) == 1 and count(world, PaymentOrderItem) == 2
    doc = etree.fromstring(first.document)
    etree.XMLSchema(etree.parse(str(XSD))).assertValid(doc)
    assert doc.findtext(".//p:GrpHdr/p:MsgId", namespaces=NS) == first.msg_id
    assert len(doc.findall(".//p:CdtTrfTxInf", NS)) == 2
    assert doc.findtext(".//p:ReqdExctnDt", namespaces=NS) == "2025-03-28"
    with bind_tenant(world.tenant), world.db.session() as s:
        events = s.scalars(select(AuditEvent.action).where(AuditEvent.action == "payment_order_issued")).all()
    assert events == ["payment_order_issued"]   # asked twice, issued once


def test_the_employer_is_debtor_and_initiating_party(world):
    from partage.tenants.models import Tenant

    with cross_tenant(actor="test", reason="test fixture"), world.db.session() as s:
        tenant = s.get(Tenant, world.tenant)
        tenant.legal_name, tenant.company_number = "Smart Coop SC", "BE 0896.755.397"
    settings(world.db, world.tenant, debtor_name="Payroll account")
    doc = etree.fromstring(order(world, approved_run(world)).document)
    etree.XMLSchema(etree.parse(str(XSD))).assertValid(doc)
    for party in (".//p:GrpHdr/p:InitgPty", ".//p:PmtInf/p:Dbtr"):
        assert doc.findtext(f"{party}/p:Nm", namespaces=NS) == "Smart Coop SC"
        assert doc.findtext(f"{party}/p:Id/p:OrgId/p:Othr/p:Id", namespaces=NS) == "BE0896755397"
    assert b"Payroll account" not in etree.tostring(doc)


def test_the_database_keeps_an_item_in_one_open_order(world):
    """Whatever the code path: a second open item for the same payslip is refused by the index."""
    run_id = approved_run(world, members=1)
    issued = order(world, run_id)
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        with bind_tenant(world.tenant), world.db.session() as s:
            item = s.scalars(select(PaymentOrderItem)).one()
            s.add(PaymentOrderItem(order_id=issued.id, item_kind="payslip", item_id=item.item_id,
                                   member_id=item.member_id, end_to_end_id="x", amount=Decimal("1.00"),
                                   iban=item.iban, name="again", status="issued"))


def test_an_order_is_for_an_approved_run_only(world):
    declare(world)
    settings(world.db, world.tenant, **DEBTOR)
    with bind_tenant(world.tenant):
        run_id = run_payroll(world.db, PERIOD).run_id
    with pytest.raises(InvalidState) as refused:
        order(world, run_id)
    assert refused.value.field == "status" and "2025-03" in str(refused.value)


def test_an_empty_run_is_refused_naming_its_period(world):
    settings(world.db, world.tenant, **DEBTOR)
    with bind_tenant(world.tenant):
        run_id = run_payroll(world.db, "2025-04").run_id
        with world.db.session() as s:
            with pytest.raises(InvalidState) as refused:
                approve_run(s, run_id, "advisor")
            with pytest.raises(InvalidState):
                mark_paid(s, run_id, "advisor")
    assert refused.value.field == "payslips" and "2025-04" in str(refused.value)
    assert count(world, PayrollRun, PayrollRun.status == "computed") == 1


def test_a_month_not_started_needs_advance(world):
    with bind_tenant(world.tenant):
        with pytest.raises(InvalidState) as refused:
            launch_run(world.db, "2025-04", actor="advisor", today=date(2025, 3, 31))
        assert refused.value.field == "period" and "2025-04" in str(refused.value)
        assert count(world, PayrollRun) == 0
        run_id = launch_run(world.db, "2025-04", actor="advisor", advance=True, today=date(2025, 3, 31))
        launch_run(world.db, "2025-03", actor="advisor", today=date(2025, 3, 1))   # a started month
    with bind_tenant(world.tenant), world.db.session() as s:
        started = s.scalars(select(AuditEvent).where(AuditEvent.action == "payroll_run_started")
                            .order_by(AuditEvent.id)).all()
    assert [(e.actor, e.payload["advance"]) for e in started] == [("advisor", True), ("advisor", False)]
    assert started[0].subject == f"payroll_run:{run_id}"


def test_work_declared_after_its_month_was_paid_has_a_supplementary_run(world):
    run_id = approved_run(world, members=1)
    first = order(world, run_id)
    with bind_tenant(world.tenant), world.db.session() as s:
        mark_paid(s, run_id, "advisor")
    late = declare(world, start=date(2025, 3, 20), gross="1800.00")
    with bind_tenant(world.tenant):
        extra = launch_run(world.db, PERIOD, actor="advisor", today=date(2025, 4, 5))
        assert extra != run_id
        again = launch_run(world.db, PERIOD, actor="advisor", today=date(2025, 4, 5))
        assert again == extra   # computed, not approved yet: the same supplementary run
        with world.db.session() as s:
            run = s.get(PayrollRun, extra)
            assert (run.kind, run.sequence, run.status) == ("supplementary", 2, "computed")
            slips = s.scalars(select(PayslipRecord).where(PayslipRecord.run_id == extra)).all()
            assert [slip.performance_id for slip in slips] == [late]
            approve_run(s, extra, "advisor")
    own = order(world, extra)
    assert not own.reused and own.msg_id != first.msg_id and own.transfers == 1
    assert count(world, PaymentOrderItem, PaymentOrderItem.order_id == own.id) == 1
    with bind_tenant(world.tenant), world.db.session() as s:
        mark_paid(s, extra, "advisor")
        assert s.get(Performance, late).status == "paid"
    with bind_tenant(world.tenant):   # nothing late any more: the latest run, as it is
        assert launch_run(world.db, PERIOD, actor="advisor", today=date(2025, 4, 5)) == extra


def test_reissue_needs_a_reason_and_cancels_the_previous_order(world):
    run_id = approved_run(world)
    first = order(world, run_id)
    with bind_tenant(world.tenant), world.db.session() as s:
        with pytest.raises(InvalidInput) as missing:
            reissue_order(s, first.id, actor="advisor", reason=" ", execution_date=PAY_DAY)
    assert missing.value.field == "reason"
    with bind_tenant(world.tenant), world.db.session() as s:
        new = reissue_order(s, first.id, actor="advisor", reason="bank rejected the file (FF01)",
                            execution_date=date(2025, 3, 31))
    assert new.msg_id != first.msg_id and new.transfers == first.transfers and new.total == first.total
    with bind_tenant(world.tenant), world.db.session() as s:
        old = s.get(PaymentOrder, first.id)
        assert (old.status, old.cancel_reason, old.cancelled_by) == ("cancelled", "bank rejected the file (FF01)",
                                                                     "advisor")
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.action.like("payment_order_%"))
                            .order_by(AuditEvent.id)).all()
    assert actions == ["payment_order_issued", "payment_order_cancelled", "payment_order_issued"]
    assert order(world, run_id).msg_id == new.msg_id   # asked again: the new one, stored


def pain002(msg_id: str, end_to_end: str, code: str = "AC04", group: str = "PART") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>
 <GrpHdr><MsgId>BANK-STS-1</MsgId><CreDtTm>2025-03-29T09:00:00</CreDtTm></GrpHdr>
 <OrgnlGrpInfAndSts><OrgnlMsgId>{msg_id}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>
  <GrpSts>{group}</GrpSts></OrgnlGrpInfAndSts>
 <OrgnlPmtInfAndSts><OrgnlPmtInfId>P1</OrgnlPmtInfId>
  <TxInfAndSts><StsId>1</StsId><OrgnlEndToEndId>{end_to_end}</OrgnlEndToEndId><TxSts>RJCT</TxSts>
   <StsRsnInf><Rsn><Cd>{code}</Cd></Rsn><AddtlInf>Account closed</AddtlInf></StsRsnInf></TxInfAndSts>
 </OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>""".encode()


def camt054(end_to_end: str, code: str = "MD07") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn>
 <GrpHdr><MsgId>BANK-NTF-1</MsgId><CreDtTm>2025-04-02T09:00:00</CreDtTm></GrpHdr>
 <Ntfctn><Id>N1</Id><CreDtTm>2025-04-02T09:00:00</CreDtTm><Acct><Id><IBAN>BE71096123456769</IBAN></Id></Acct>
  <Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-04-02</Dt></BookgDt>
   <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>RRTN</SubFmlyCd></Fmly></Domn></BkTxCd>
   <NtryDtls><TxDtls><Refs><EndToEndId>{end_to_end}</EndToEndId></Refs>
    <RtrInf><Rsn><Cd>{code}</Cd></Rsn><AddtlInf>End customer deceased</AddtlInf></RtrInf>
   </TxDtls></NtryDtls></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>""".encode()


def test_a_rejected_transfer_is_paid_again_by_a_new_order(world):
    run_id = approved_run(world)
    first = order(world, run_id)
    with bind_tenant(world.tenant), world.db.session() as s:
        item = s.scalars(select(PaymentOrderItem).order_by(PaymentOrderItem.member_id)).first()
        member, payslip = item.member_id, item.item_id
        result = apply_bank_file(s, pain002(first.msg_id, item.end_to_end_id), actor="bank")
    assert [(i.status, i.reason) for i in result.refused] == [("rejected", "AC04: Account closed")]
    with bind_tenant(world.tenant), world.db.session() as s:
        assert apply_bank_file(s, pain002(first.msg_id, member.hex), actor="bank").refused == []  # read twice
        assert refusals_of(s, [payslip]) == {payslip: ("rejected", "AC04: Account closed")}
        assert s.scalar(select(SalaryPayment.paid).where(SalaryPayment.payslip_id == payslip)) is False
        s.scalar(select(WorkerProfile).where(WorkerProfile.member_id == member)).iban = "BE62510007547061"
    with pytest.raises(InvalidState) as changed:   # the new account is not used silently
        order(world, run_id)
    assert changed.value.field == "iban"
    with bind_tenant(world.tenant), world.db.session() as s:
        assert reapprove_payments(s, run_id, actor="advisor", reason="new account given by the member") == 1
    again = order(world, run_id)
    doc = etree.fromstring(again.document)
    etree.XMLSchema(etree.parse(str(XSD))).assertValid(doc)
    assert not again.reused and again.transfers == 1 and again.msg_id != first.msg_id
    assert doc.findtext(".//p:CdtrAcct/p:Id/p:IBAN", namespaces=NS) == "BE62510007547061"
    with bind_tenant(world.tenant), world.db.session() as s:
        assert refusals_of(s, [payslip]) == {}
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "payroll_payments_reapproved")).one()
    assert event.payload["accounts"][str(member)] == {"before": "BE68...7034", "after": "BE62...7061"}
    assert order(world, run_id).reused   # and then nothing is left to pay


def test_a_returned_transfer_from_a_camt054(world):
    run_id = approved_run(world, members=1)
    first = order(world, run_id)
    with bind_tenant(world.tenant), world.db.session() as s:
        item = s.scalars(select(PaymentOrderItem)).one()
        result = apply_bank_file(s, camt054(item.end_to_end_id), actor="bank")
        assert [(i.status, i.reason) for i in result.refused] == [("returned", "MD07: End customer deceased")]
        with pytest.raises(InvalidInput) as bad:
            apply_bank_file(s, b"<Document><Other/></Document>", actor="bank")
        assert bad.value.field == "file"
    assert not order(world, run_id).reused and first.msg_id


def test_the_same_order_asked_at_the_same_moment(pg_db):
    """Two connections ask for the run's payment order together: one order, the same bytes."""
    from tests.conftest import create_tenant
    from tests.payroll_runs.conftest import World

    world = World(pg_db, create_tenant(pg_db, country="be"), "be")
    run_id = approved_run(world, members=3)
    documents = []

    def ask(s):
        documents.append(payment_order(s, run_id, actor="advisor", execution_date=PAY_DAY).document)

    @contextmanager
    def session():
        with bind_tenant(world.tenant), pg_db.session() as s:   # each thread binds the tenant
            yield s

    errors = at_once(session, [ask, ask])
    assert errors == [] and len(documents) == 2 and documents[0] == documents[1]
    assert count(world, PaymentOrder) == 1 and count(world, PaymentOrderItem) == 3
