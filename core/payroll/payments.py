"""Payment orders of a run: the net salary of each computed payslip, to the worker's IBAN.

They are drawn when the run is approved (or its SEPA file first asked for), not while it is
computed: computing writes payslips only, and the account paid is the one on the worker's profile
when payment is decided. Drawing again adds only what is missing (unique per run and
performance), so a retried approval never pays twice.
"""
from __future__ import annotations

import uuid

from sqlalchemy import BigInteger, String, cast, select, type_coerce
from sqlalchemy.orm import Session

from partage.core.billing.models.parties import Member
from partage.core.ids import uuid7_text
from partage.core.payroll.bulk import write_tuples
from partage.core.payroll.models import PayslipRecord, SalaryPayment, WorkerProfile

COLUMNS = ("id", "tenant_id", "run_id", "performance_id", "payslip_id", "member_id", "amount", "iban",
           "bic", "name", "paid")


def cents(column):
    """A money (``Cents``) column read as the stored integer cents, not converted to `Decimal`
    euros: bulk paths copy amounts unchanged, so they skip the round trip per row."""
    return type_coerce(column, BigInteger)


def as_text(column):
    """An id column read as text (what `write_tuples` takes): bulk paths copy ids unchanged into
    new rows, so no `uuid.UUID` is built and dumped again per value."""
    return cast(column, String)


def _undrawn(session: Session, run_id: uuid.UUID) -> list[tuple]:
    """(tenant, performance, payslip, member, net cents, IBAN, BIC, first name, last name) of
    each computed payslip of the run without a payment order: one query, plain tuples."""
    drawn = select(SalaryPayment.performance_id).where(SalaryPayment.run_id == run_id)
    return session.execute(
        select(as_text(PayslipRecord.tenant_id), as_text(PayslipRecord.performance_id),
               as_text(PayslipRecord.id), as_text(PayslipRecord.member_id),
               cents(PayslipRecord.net_to_pay), WorkerProfile.iban,
               WorkerProfile.bic, Member.first_name, Member.last_name)
        .join(WorkerProfile, WorkerProfile.member_id == PayslipRecord.member_id)
        .join(Member, Member.id == PayslipRecord.member_id)
        .where(PayslipRecord.run_id == run_id, PayslipRecord.status == "computed",
               PayslipRecord.performance_id.not_in(drawn))).all()


def draw_payments(session: Session, run_id: uuid.UUID) -> int:
    """Draw the payment orders of the run's computed payslips not drawn yet; returns how many."""
    found = _undrawn(session, run_id)
    ids = uuid7_text(len(found))
    rows = [(row_id, tenant_id, run_id, performance_id, payslip_id, member_id, net, iban, bic,
             f"{first} {last}"[:140], False)
            for row_id, (tenant_id, performance_id, payslip_id, member_id, net, iban, bic, first, last)
            in zip(ids, found)]
    write_tuples(session, SalaryPayment.__table__, COLUMNS, rows)
    return len(rows)
