"""Paying a run: the SEPA credit transfer file (pain.001) of net salaries, and marking the run
paid, which debits each activity with its payslips' cost in one bulk insert of ledger rows."""
from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal

from sepaxml import SepaTransfer
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.audit import record
from core.db import utcnow
from core.ids import uuid7
from core.ledger import LedgerEntry
from core.money import to_cents
from core.payroll.bulk import insert_rows
from core.payroll.errors import InvalidInput, InvalidState
from core.payroll.guardrails import check_iban
from core.payroll.models import PayslipRecord, SalaryPayment
from core.payroll.payments import draw_payments
from core.payroll.performances import payroll_settings
from core.payroll.runs import get_run, mark_performances_paid

PAYABLE = ("computed", "approved", "paid")


def _per_member(session: Session, run_id: uuid.UUID) -> list[tuple]:
    """(member id, name, IBAN, BIC, total cents): one transfer per member and run (payment
    orders drawn first if the run was not approved yet)."""
    draw_payments(session, run_id)
    totals: dict[uuid.UUID, list] = defaultdict(lambda: ["", "", None, 0])
    for p in session.execute(select(SalaryPayment.member_id, SalaryPayment.name, SalaryPayment.iban,
                                    SalaryPayment.bic, SalaryPayment.amount)
                             .where(SalaryPayment.run_id == run_id)):
        entry = totals[p.member_id]
        entry[0], entry[1], entry[2] = p.name, p.iban, p.bic
        entry[3] += to_cents(p.amount)
    return [(member, *values) for member, values in sorted(totals.items(), key=lambda kv: str(kv[0]))]


def sepa_file(session: Session, run_id: uuid.UUID, execution_date: date, *,
              validate: bool = True) -> bytes:
    """pain.001.001.03 paying each member's net salaries of the run once (XSD-checked by sepaxml)."""
    run = get_run(session, run_id)
    if run.status not in PAYABLE:
        raise InvalidState("status", f"run is {run.status}: compute it first")
    settings = payroll_settings(session)
    iban = check_iban(settings.debtor_iban, "debtor_iban")
    if not settings.debtor_bic:
        raise InvalidInput("debtor_bic", "the paying account needs a BIC")
    sepa = SepaTransfer({"name": settings.debtor_name or "Payroll", "IBAN": iban,
                         "BIC": settings.debtor_bic, "batch": True, "currency": "EUR"}, clean=True)
    label = f"Salary {run.period:%Y-%m}"
    for member_id, name, member_iban, bic, cents in _per_member(session, run_id):
        if cents <= 0:
            continue
        payment = {"name": name, "IBAN": member_iban, "amount": cents, "execution_date": execution_date,
                   "description": label, "endtoend_id": member_id.hex[:35]}
        if bic:
            payment["BIC"] = bic
        sepa.add_payment(payment)
    return sepa.export(validate=validate)


def _label(run) -> str:
    """The ledger text: a correction run (sequence > 1) posts the cost difference."""
    if run.sequence > 1:
        return f"salary {run.period:%Y-%m}, correction {run.sequence - 1}"
    return f"salary {run.period:%Y-%m}"


def _ledger_rows(session: Session, run) -> list[dict]:
    entry_date = utcnow().date()
    return [{"id": uuid7(), "tenant_id": run.tenant_id, "activity_id": s.activity_id,
             "entry_date": entry_date, "kind": "salary_cost", "amount": -s.employer_cost,
             "source_type": "payslip", "source_id": s.id, "invoice_id": None,
             "description": _label(run), "created_at": utcnow()}
            for s in session.execute(select(PayslipRecord.id, PayslipRecord.activity_id,
                                            PayslipRecord.employer_cost)
                                     .where(PayslipRecord.run_id == run.id,
                                            PayslipRecord.status == "computed"))
            if s.employer_cost]


def mark_paid(session: Session, run_id: uuid.UUID, actor: str) -> int:
    """approved -> paid: ledger debits (bulk), payments and performances marked paid. Returns
    the number of ledger rows posted."""
    run = get_run(session, run_id)
    if run.status != "approved":
        raise InvalidState("status", f"only an approved run can be marked paid (it is {run.status})")
    rows = _ledger_rows(session, run)
    insert_rows(session, LedgerEntry.__table__, rows)
    session.execute(update(SalaryPayment).where(SalaryPayment.run_id == run_id).values(paid=True),
                    execution_options={"synchronize_session": False})
    mark_performances_paid(session, run_id)
    run.status, run.paid_at = "paid", utcnow()
    total = sum((-r["amount"] for r in rows), Decimal(0))
    record(session, actor=actor, action="payroll_run_paid", subject=f"payroll_run:{run.id}",
           payload={"period": run.period.isoformat(), "payslips": len(rows), "cost": str(total)})
    return len(rows)
