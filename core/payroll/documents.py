"""Payslip documents: on demand (one PDF) and in bulk for a run (files, in the background)."""
from __future__ import annotations

import uuid
from pathlib import Path
from typing import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.billing.models.parties import Member
from core.db import Database
from core.payroll.errors import NotFound
from core.payroll.models import Performance, PayrollRun, PayslipRecord, WorkerProfile
from core.payroll.pdf import Brand, SlipView, brand_of, render_batch, render_payslip
from core.payroll.summary import summary_of
from core.payroll.tenant import tenant_facts


def _query():
    return (select(PayslipRecord, Member.first_name, Member.last_name, Member.language,
                   WorkerProfile.national_number, WorkerProfile.iban, Performance.function,
                   PayrollRun.sequence, PayrollRun.kind)
            .join(PayrollRun, PayrollRun.id == PayslipRecord.run_id)
            .join(Member, Member.id == PayslipRecord.member_id)
            .join(Performance, Performance.id == PayslipRecord.performance_id)
            .outerjoin(WorkerProfile, WorkerProfile.member_id == PayslipRecord.member_id)
            .where(PayslipRecord.status == "computed"))


def _view(row) -> SlipView:
    """A payslip's page; a correction run's payslip (differences only) says which correction."""
    slip = row[0]
    summary = summary_of(slip)  # the same numbers as the web page, the API and the CLI
    return SlipView(member_name=f"{row.first_name} {row.last_name}",
                    national_number=row.national_number or "", iban=row.iban or "",
                    period=f"{slip.period:%Y-%m}", function=row.function, gross=summary.gross,
                    net_to_pay=summary.net_to_pay, employer_cost=slip.employer_cost, lines=slip.lines,
                    correction=row.sequence - 1 if row.kind == "correction" else 0,
                    language=row.language)


def brand(session: Session) -> Brand:
    facts = tenant_facts(session)
    return brand_of(facts.legal_name, facts.branding, facts.locales[0] if facts.locales else "en")


def payslip_pdf(session: Session, payslip_id: uuid.UUID) -> bytes:
    """The PDF of one payslip of the bound tenant (what a member downloads)."""
    row = session.execute(_query().where(PayslipRecord.id == payslip_id)).first()
    if row is None:
        raise NotFound("payslip_id", f"unknown payslip {payslip_id}")
    return render_payslip(brand(session), _view(row))


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
        for row in _rows(session, run_id):
            batch.append(_view(row))
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
    from core.db import database
    from core.settings import settings
    from core.tenancy import require_tenant

    folder = settings().var_dir / "payslips" / str(require_tenant()) / run_id
    render_run(database(), uuid.UUID(run_id), folder)


__all__ = ["brand", "payslip_pdf", "render_run", "render_run_task"]
