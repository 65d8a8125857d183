"""Payslip documents: on demand (one PDF) and in bulk for a run (files, in the background)."""
from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path
from typing import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from partage.core.billing.models.parties import Member
from partage.core.db import Database
from partage.core.db.base import load_models
from partage.core.payroll.errors import NotFound
from partage.core.payroll.models import Performance, PayrollRun, PayrollSettings, PayslipRecord, WorkerProfile
from partage.core.payroll.pdf import Brand, SlipView, brand_of, render_batch, render_payslip
from partage.core.payroll.summary import summary_of
from partage.core.payroll.tenant import tenant_facts


def _query():
    return (select(PayslipRecord, Member.first_name, Member.last_name, Member.language,
                   WorkerProfile.national_number, WorkerProfile.iban, Performance.function,
                   Performance.days, Performance.hours, PayrollRun.sequence, PayrollRun.kind,
                   PayrollRun.paid_at)
            .join(PayrollRun, PayrollRun.id == PayslipRecord.run_id)
            .join(Member, Member.id == PayslipRecord.member_id)
            .join(Performance, Performance.id == PayslipRecord.performance_id)
            .outerjoin(WorkerProfile, WorkerProfile.member_id == PayslipRecord.member_id)
            .where(PayslipRecord.status == "computed"))


def _view(row, year_to_date: dict | None = None) -> SlipView:
    """A payslip's page; a correction run's payslip (differences only) says which correction."""
    slip = row[0]
    summary = summary_of(slip)  # the same numbers as the web page, the API and the CLI
    return SlipView(member_name=f"{row.first_name} {row.last_name}",
                    national_number=row.national_number or "", iban=row.iban or "",
                    period=f"{slip.period:%Y-%m}", function=row.function, gross=summary.gross,
                    net_to_pay=summary.net_to_pay, employer_cost=slip.employer_cost, lines=slip.lines,
                    correction=row.sequence - 1 if row.kind == "correction" else 0, language=row.language, net=slip.net,
                    withholding=slip.withholding_tax, days=row.days, hours=row.hours,
                    payment_date=row.paid_at.date() if row.paid_at else None,
                    year_to_date=(year_to_date or {}).get(slip.member_id))


def _year_to_date(session: Session, period, member_ids=None) -> dict:
    """member -> (gross, withholding, net to pay) of their computed payslips from January to ``period``."""
    query = (select(PayslipRecord.member_id, func.sum(PayslipRecord.gross),
                    func.sum(PayslipRecord.withholding_tax), func.sum(PayslipRecord.net_to_pay))
             .where(PayslipRecord.status == "computed", PayslipRecord.period >= period.replace(month=1, day=1),
                    PayslipRecord.period <= period).group_by(PayslipRecord.member_id))
    if member_ids is not None:
        query = query.where(PayslipRecord.member_id.in_(member_ids))
    return {m: (Decimal(g or 0), Decimal(w or 0), Decimal(n or 0)) for m, g, w, n in session.execute(query)}


def brand(session: Session) -> Brand:
    facts = tenant_facts(session)
    table = load_models().tables["tenants"]
    company = session.scalar(select(table.c.company_number).where(table.c.id == facts.id))
    employer = session.scalar(select(PayrollSettings.employer)) or {}
    return brand_of(facts.legal_name, facts.branding, facts.locales[0] if facts.locales else "en",
                    country=facts.country, company_number=company, employer=employer)


def payslip_pdf(session: Session, payslip_id: uuid.UUID) -> bytes:
    """The PDF of one payslip of the bound tenant (what a member downloads)."""
    row = session.execute(_query().where(PayslipRecord.id == payslip_id)).first()
    if row is None:
        raise NotFound("payslip_id", f"unknown payslip {payslip_id}")
    slip = row[0]
    return render_payslip(brand(session), _view(row, _year_to_date(session, slip.period, [slip.member_id])))


def _rows(session: Session, run_id: uuid.UUID) -> Iterator:
    yield from session.execute(_query().where(PayslipRecord.run_id == run_id)
                               .execution_options(yield_per=1000))


def render_run(db: Database, run_id: uuid.UUID, folder: Path, per_file: int = 500) -> int:
    """Write the run's computed payslips as ``folder/payslips-NNNN.pdf`` (``per_file`` pages each,
    fonts and logo embedded once per file); returns the number of payslips."""
    folder.mkdir(parents=True, exist_ok=True)
    count, batch = 0, []
    with db.session() as session:
        style = brand(session)
        run = session.get(PayrollRun, run_id)
        totals = _year_to_date(session, run.period) if run is not None else {}
        for row in _rows(session, run_id):
            batch.append(_view(row, totals))
            if len(batch) == per_file:
                count = _flush(folder, style, batch, count, per_file)
        return _flush(folder, style, batch, count, per_file)


def _flush(folder: Path, style: Brand, batch: list[SlipView], count: int, per_file: int) -> int:
    if batch:
        name = folder / f"payslips-{count // per_file:04d}.pdf"
        name.write_bytes(render_batch(style, batch, "Payslips"))
        count += len(batch)
        batch.clear()
    return count


def render_run_task(run_id: str) -> None:
    """Background job: the run's PDFs under ``<var>/payslips/<tenant>/<run>/``."""
    from partage.core.db import database
    from partage.core.settings import settings
    from partage.core.tenancy import require_tenant

    folder = settings().var_dir / "payslips" / str(require_tenant()) / run_id
    render_run(database(), uuid.UUID(run_id), folder)


__all__ = ["brand", "payslip_pdf", "render_run", "render_run_task"]
