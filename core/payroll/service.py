"""One call for a whole run (what the CLI and the demo use): compute, then optionally approve,
write the SEPA file and mark paid; the same for a period's correction run."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core.db import Database
from core.payroll.errors import NotFound
from core.payroll.execute import Progress, run_payroll
from core.payroll.paying import mark_paid, sepa_file
from core.payroll.corrections import start_correction
from core.payroll.runs import RunProgress, approve_run, blocked_payslips, progress
from core.payroll.tenant import tenant_id_by_slug
from core.tenancy import bind_tenant


@dataclass
class RunSummary:
    progress: RunProgress
    seconds: float  # float ok: elapsed seconds, not money
    blocked: list[tuple[str, str]] = field(default_factory=list)  # (member id, error)
    status: str = ""
    sepa: Path | None = None

    def lines(self) -> list[str]:
        p = self.progress
        rate = p.payslips / self.seconds if self.seconds else 0
        out = [f"run {p.run_id}: {self.status or p.status}, {p.payslips} payslips, {p.blocked} blocked, "
               f"{p.chunks_total} chunks, {self.seconds:.2f} s ({rate:,.0f} payslips/s)"]
        out += [f"  blocked member {member}: {error}" for member, error in self.blocked[:20]]
        if len(self.blocked) > 20:
            out.append(f"  ... and {len(self.blocked) - 20} more blocked")
        if self.sepa:
            out.append(f"SEPA credit transfer (pain.001): {self.sepa}")
        return out


def _finish(db: Database, summary: RunSummary, approve: bool, sepa: Path | None, paid: bool) -> None:
    run_id = summary.progress.run_id
    with db.session() as session:
        summary.blocked = [(str(b.member_id), b.error or "") for b in blocked_payslips(session, run_id)]
        run = approve_run(session, run_id, actor="cli") if approve and summary.progress.status == "computed" else None
        if sepa is not None:
            sepa.parent.mkdir(parents=True, exist_ok=True)
            sepa.write_bytes(sepa_file(session, run_id, date.today()))
            summary.sepa = sepa
        if paid and run is not None:
            mark_paid(session, run_id, actor="cli")
        summary.status = run.status if run is not None else summary.progress.status


def _tenant(db: Database, slug: str) -> uuid.UUID:
    with db.session() as session:
        tenant_id = tenant_id_by_slug(session, slug)
    if tenant_id is None:
        raise NotFound("tenant", f"no tenant with slug {slug!r}")
    return tenant_id


def run_for_slug(db: Database, slug: str, period: str | date, *, on_progress: Progress | None = None,
                 approve: bool = False, sepa: Path | None = None, paid: bool = False) -> RunSummary:
    """Compute (resume) the run of ``period`` for the tenant ``slug`` and report it."""
    import time

    tenant_id = _tenant(db, slug)
    with bind_tenant(tenant_id):
        start = time.perf_counter()
        progress = run_payroll(db, period, on_progress=on_progress)
        summary = RunSummary(progress, time.perf_counter() - start)
        _finish(db, summary, approve, sepa, paid)
    return summary


def correct_for_slug(db: Database, slug: str, period: str | date, *, approve: bool = False,
                     sepa: Path | None = None, paid: bool = False) -> RunSummary:
    """The correction run of ``period`` for the tenant ``slug`` (differences of the amended
    performances, see ``core.payroll.corrections``), then optionally approve, SEPA, paid."""
    import time

    with bind_tenant(_tenant(db, slug)):
        start = time.perf_counter()
        with db.session() as session:
            run_id = start_correction(session, period, actor="cli").id
        with db.session() as session:
            summary = RunSummary(progress(session, run_id), time.perf_counter() - start)
        _finish(db, summary, approve, sepa, paid)
    return summary
