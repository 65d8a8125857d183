"""Country-neutral reads of stored rows that declarations need (payroll runs, payslips, invoices).

Every function runs in a tenant-bound session; the country's ``sources`` module maps the rows
to its generator inputs.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from partage.core.billing.models import Client, CreditNote, Invoice, Member
from partage.core.declarations.errors import Problems
from partage.core.declarations.period import Period
from partage.core.declarations.sources import InvoiceVat, VatLine
from partage.core.money import to_cents
from partage.core.payroll.models import PayrollRun, PayrollSettings, PayslipRecord, Performance, WorkerProfile
from partage.core.payroll.types import Payslip, PayslipLine, Side
from partage.core.payroll.lines import stored_line

CLOSED_RUNS = ("approved", "paid")


@dataclass(frozen=True, slots=True)
class StoredSlip:
    """One computed payslip of a closed run, with its member, profile and performance."""

    record: PayslipRecord
    member: Member
    profile: WorkerProfile | None
    performance: Performance

    @property
    def who(self) -> str:
        return f"{self.member.first_name} {self.member.last_name} ({self.member.id})"


def runs_of(session: Session, period: Period) -> list[PayrollRun]:
    return list(session.scalars(select(PayrollRun).where(
        PayrollRun.period >= period.start, PayrollRun.period <= period.end).order_by(PayrollRun.period)))


def open_runs(runs: list[PayrollRun]) -> tuple[str, ...]:
    return tuple(f"{run.period:%Y-%m} #{run.sequence} ({run.status})" for run in runs
                 if run.status not in CLOSED_RUNS)


def stored_slips(session: Session, runs: list[PayrollRun]) -> list[StoredSlip]:
    closed = [run.id for run in runs if run.status in CLOSED_RUNS]
    rows = session.execute(
        select(PayslipRecord, Member, WorkerProfile, Performance)
        .join(Member, Member.id == PayslipRecord.member_id)
        .join(Performance, Performance.id == PayslipRecord.performance_id)
        .outerjoin(WorkerProfile, WorkerProfile.member_id == PayslipRecord.member_id)
        .where(PayslipRecord.run_id.in_(closed), PayslipRecord.status == "computed")
        .order_by(PayslipRecord.period, Member.last_name, PayslipRecord.id))
    return [StoredSlip(*row) for row in rows]


def national_number(problems: Problems, slip: StoredSlip) -> str:
    """The member's national number, or a problem naming the member and the missing field."""
    number = slip.profile.national_number if slip.profile is not None else None
    problems.require(bool(number), f"worker_profiles[{slip.who}].national_number",
                     "missing: the member has no national number")
    return number or ""


def payslip(record: PayslipRecord) -> Payslip:
    """The stored row as a `Payslip` (lines JSON: code, label, amount, side, base, rate)."""
    lines = tuple(PayslipLine(line.code, line.label, line.amount, Side(line.side), line.base, line.rate)
                  for line in map(stored_line, record.lines))
    return Payslip(record.period, record.gross, record.net, record.withholding_tax, record.net_to_pay,
                   record.employer_contributions, record.employer_cost, lines)


def employer_facts(session: Session) -> dict:
    settings = session.scalar(select(PayrollSettings))
    return dict(settings.employer or {}) if settings is not None else {}


def _vat(doc, credit_note: bool, client_country: str, operation: str) -> InvoiceVat:
    lines = tuple(VatLine((row.get("codes") or [row["category"]])[0], int(row["base"]), int(row["vat"]))
                  for row in doc.vat_breakdown)
    return InvoiceVat(doc.number or str(doc.id), doc.issue_date, lines, credit_note, client_country, operation)


def _dated(model, period: Period):
    return select(model).where(model.status != "draft", model.issue_date >= period.start,
                               model.issue_date <= period.end).order_by(model.issue_date, model.number)


def issued_vat(session: Session, period: Period) -> tuple[InvoiceVat, ...]:
    """Issued invoices and credit notes dated in ``period`` (drafts are not declared), each with its
    client's country and the invoice's operation (a credit note: those of the invoice it corrects)."""
    countries = dict(session.execute(select(Client.id, Client.country)).all())
    invoices = [_vat(doc, False, countries.get(doc.client_id, ""), doc.operation)
                for doc in session.scalars(_dated(Invoice, period))]
    notes = list(session.scalars(_dated(CreditNote, period)))
    credited = {i.id: i for i in session.scalars(select(Invoice).where(Invoice.id.in_({n.invoice_id for n in notes})))}
    credits = [_vat(doc, True, countries.get(credited[doc.invoice_id].client_id, ""),
                    credited[doc.invoice_id].operation) for doc in notes]
    return tuple(invoices + credits)


def issued_totals(session: Session, period: Period) -> tuple[int, int, int, int]:
    """(invoice net, invoice VAT, credit-note net, credit-note VAT) in cents, from the documents' totals."""
    out = []
    for model in (Invoice, CreditNote):
        docs = list(session.scalars(select(model).where(model.status != "draft", model.issue_date >= period.start,
                                                        model.issue_date <= period.end)))
        out += [sum(to_cents(d.total_net) for d in docs), sum(to_cents(d.total_vat) for d in docs)]
    return tuple(out)
