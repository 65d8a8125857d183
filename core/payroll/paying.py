"""Paying a run: the SEPA credit transfer file (pain.001) of net salaries, and marking the run
paid, which debits each activity with its payslips' cost in one bulk insert of ledger rows.

Both read the run's rows as plain tuples with money as the stored integer cents (no ORM objects, no
`Decimal` round trip per row). The SEPA file is built by sepaxml and checked once, as a whole,
against the pain.001 schema sepaxml ships, with libxml2 (lxml): sepaxml's own check runs the
pure-Python ``xmlschema`` validator, which takes about 4 s per 10,000 transfers and refuses a file
of more than a million elements (some 66,000 transfers), so a 100,000-member run had no file.
"""
from __future__ import annotations

import gc
import threading
import uuid
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import sepaxml
from lxml import etree
from sepaxml import SepaTransfer
from sepaxml.validation import ValidationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.audit import record
from core.db import utcnow
from core.ids import uuid7_text
from core.ledger import LedgerEntry
from core.money import from_cents
from core.payroll.bulk import write_tuples
from core.payroll.errors import InvalidInput, InvalidState
from core.payroll.guardrails import check_iban
from core.payroll.models import PayslipRecord, SalaryPayment
from core.payroll.payments import as_text, cents, draw_payments
from core.payroll.performances import payroll_settings
from core.payroll.runs import get_run, mark_performances_paid

PAYABLE = ("computed", "approved", "paid")


def _per_member(session: Session, run_id: uuid.UUID) -> list[tuple]:
    """(member id, name, IBAN, BIC, total cents): one transfer per member and run (payment
    orders drawn first if the run was not approved yet), in member id order. A member paid by
    several orders is paid their sum, to the account of the order drawn last."""
    draw_payments(session, run_id)
    totals: dict[uuid.UUID, tuple] = {}
    for member_id, name, iban, bic, amount in session.execute(
            select(SalaryPayment.member_id, SalaryPayment.name, SalaryPayment.iban, SalaryPayment.bic,
                   cents(SalaryPayment.amount))
            .where(SalaryPayment.run_id == run_id).order_by(SalaryPayment.id)):
        before = totals.get(member_id)
        totals[member_id] = (name, iban, bic, amount if before is None else before[3] + amount)
    # UUIDs order as their canonical text does (fixed-width lower-case hex)
    return [(member, *values) for member, values in sorted(totals.items(), key=lambda kv: kv[0])]


SEPA_SCHEMA = "pain.001.001.03"
_SCHEMA_LOCK = threading.Lock()


@lru_cache(maxsize=None)
def _schema(name: str) -> etree.XMLSchema:
    """The XML Schema sepaxml ships for ``name`` (its ``schemas/`` folder), parsed once."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    xsd = Path(sepaxml.__file__).parent / "schemas" / f"{name}.xsd"
    return etree.XMLSchema(etree.parse(str(xsd), parser))


def check_sepa(xml: bytes, schema: str = SEPA_SCHEMA) -> None:
    """Raise sepaxml's ``ValidationError`` unless ``xml`` is valid against ``schema`` (the same
    XSD and error as ``SepaTransfer.export(validate=True)``, checked by libxml2)."""
    xml_schema = _schema(schema)
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    with _SCHEMA_LOCK:  # an XMLSchema keeps its error log: one validation at a time
        try:
            xml_schema.assertValid(etree.fromstring(xml, parser))
        except (etree.DocumentInvalid, etree.XMLSyntaxError) as exc:
            raise ValidationError(
                "The output SEPA file contains validation errors. This is likely due to an illegal "
                "value in one of your input fields.") from exc


@contextmanager
def _gc_paused():
    """No cyclic garbage collection while the transfers are read and sepaxml builds and
    serialises its element tree: these objects are not garbage, and the collector would walk the
    growing tree again and again (a quarter of the file's time at 100,000 transfers). The
    collector is switched back on after, unless it was off before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def sepa_file(session: Session, run_id: uuid.UUID, execution_date: date, *,
              validate: bool = True) -> bytes:
    """pain.001.001.03 paying each member's net salaries of the run once (built by sepaxml;
    checked against its XSD unless ``validate`` is false)."""
    run = get_run(session, run_id)
    if run.status not in PAYABLE:
        raise InvalidState("status", f"run is {run.status}: compute it first")
    settings = payroll_settings(session)
    iban = check_iban(settings.debtor_iban, "debtor_iban")
    if not settings.debtor_bic:
        raise InvalidInput("debtor_bic", "the paying account needs a BIC")
    sepa = SepaTransfer({"name": settings.debtor_name or "Payroll", "IBAN": iban,
                         "BIC": settings.debtor_bic, "batch": True, "currency": "EUR"},
                        schema=SEPA_SCHEMA, clean=True)
    label = f"Salary {run.period:%Y-%m}"
    with _gc_paused():
        for member_id, name, member_iban, bic, amount in _per_member(session, run_id):
            if amount <= 0:
                continue
            payment = {"name": name, "IBAN": member_iban, "amount": amount,
                       "execution_date": execution_date, "description": label,
                       "endtoend_id": member_id.hex[:35]}
            if bic:
                payment["BIC"] = bic
            sepa.add_payment(payment)
        xml = sepa.export(validate=False)
    if validate:
        check_sepa(xml)
    return xml


def _label(run) -> str:
    """The ledger text: a correction run (sequence > 1) posts the cost difference."""
    if run.sequence > 1:
        return f"salary {run.period:%Y-%m}, correction {run.sequence - 1}"
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
    run = get_run(session, run_id)
    session.flush()  # the refresh below reloads the run: keep pending changes
    session.refresh(run, with_for_update=True)  # a concurrent "paid" waits here, then sees "paid"
    if run.status != "approved":
        raise InvalidState("status", f"only an approved run can be marked paid (it is {run.status})")
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
