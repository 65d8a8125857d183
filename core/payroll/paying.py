"""Paying a run: its payment order (the SEPA pain.001 file, issued once and stored:
``core.payroll.orders``), and marking the run paid, which debits each activity with its payslips'
cost in one bulk insert of ledger rows (read as plain tuples, money as the stored integer cents).
"""
from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.db import utcnow
from partage.core.ids import uuid7_text
from partage.core.ledger import LedgerEntry
from partage.core.money import from_cents
from partage.core.payroll.bulk import write_tuples
from partage.core.payroll.errors import InvalidState
from partage.core.payroll.models import PayslipRecord, SalaryPayment
from partage.core.payroll.orders import payment_order
from partage.core.payroll.payments import as_text, cents
from partage.core.payroll.runs import lock_run, mark_performances_paid
from partage.core.payroll.sepa import SEPA_SCHEMA, check_sepa  # noqa: F401 - re-exported

PAYABLE = ("approved", "paid")


def sepa_file(session: Session, run_id: uuid.UUID, execution_date: date, *, validate: bool = True,
              actor: str = "payroll") -> bytes:
    """The run's pain.001.001.03: its payment order's stored bytes (issued on the first call)."""
    return payment_order(session, run_id, actor=actor, execution_date=execution_date,
                         validate=validate).document


def _label(run) -> str:
    """The ledger text: a correction run posts the cost difference; a supplementary run pays
    work approved after the period's run."""
    if run.kind == "correction":
        return f"salary {run.period:%Y-%m}, correction {run.sequence - 1}"
    if run.kind == "supplementary":
        return f"salary {run.period:%Y-%m}, supplementary {run.sequence - 1}"
    return f"salary {run.period:%Y-%m}"


LEDGER_COLUMNS = ("id", "tenant_id", "activity_id", "entry_date", "kind", "amount", "source_type",
                  "source_id", "invoice_id", "description", "created_at")


def _driver_value(session: Session, column: str, value):
    """``value`` as the column's type hands it to this database's driver (a date or timestamp
    is text on SQLite): what an ORM insert would write."""
    dialect = session.get_bind().dialect
    process = LedgerEntry.__table__.c[column].type.dialect_impl(dialect).bind_processor(dialect)
    return value if process is None else process(value)


def _ledger_rows(session: Session, run) -> list[tuple]:
    """One debit (cents < 0) per computed payslip with a cost, in ``LEDGER_COLUMNS`` order."""
    slips = session.execute(select(as_text(PayslipRecord.id), as_text(PayslipRecord.activity_id),
                                   cents(PayslipRecord.employer_cost))
                            .where(PayslipRecord.run_id == run.id, PayslipRecord.status == "computed",
                                   PayslipRecord.employer_cost != 0)).all()
    now = utcnow()
    entry_date = _driver_value(session, "entry_date", now.date())
    created_at = _driver_value(session, "created_at", now)
    label = _label(run)
    return [(row_id, run.tenant_id, activity_id, entry_date, "salary_cost", -cost, "payslip", slip_id,
             None, label, created_at)
            for row_id, (slip_id, activity_id, cost) in zip(uuid7_text(len(slips)), slips)]


def mark_paid(session: Session, run_id: uuid.UUID, actor: str) -> int:
    """approved -> paid: ledger debits (bulk), payments and performances marked paid. Returns
    the number of ledger rows posted."""
    run = lock_run(session, run_id)  # a concurrent "paid" waits here, then sees "paid"
    if run.status != "approved":
        raise InvalidState("status", f"only an approved run can be marked paid (the run of "
                                     f"{run.period:%Y-%m} is {run.status})")
    rows = _ledger_rows(session, run)
    # fresh ids and no other unique key: nothing to skip (the run lock keeps "paid" single)
    write_tuples(session, LedgerEntry.__table__, LEDGER_COLUMNS, rows, skip_existing=False)
    session.execute(update(SalaryPayment).where(SalaryPayment.run_id == run_id).values(paid=True),
                    execution_options={"synchronize_session": False})
    mark_performances_paid(session, run_id)
    run.status, run.paid_at = "paid", utcnow()
    total = from_cents(-sum(row[5] for row in rows)) if rows else Decimal(0)
    record(session, actor=actor, action="payroll_run_paid", subject=f"payroll_run:{run.id}",
           payload={"period": run.period.isoformat(), "payslips": len(rows), "cost": str(total)})
    return len(rows)
