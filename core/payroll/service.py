"""One call for a whole run (what the CLI and the demo use): start it (``core.payroll.launch``,
the same start as the API and the web UI), then optionally approve, issue its payment order (the
SEPA file, stored once: asked again, the same bytes) and mark paid; the same for a period's
correction run."""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from partage.core.db import Database
from partage.core.payroll.corrections import start_correction
from partage.core.payroll.errors import NotFound
from partage.core.payroll.execute import Progress
from partage.core.payroll.launch import launch_run
from partage.core.payroll.models import PayrollRun, PayslipRecord
from partage.core.payroll.orders import IssuedOrder, payment_order
from partage.core.payroll.paying import mark_paid
from partage.core.payroll.runs import RunProgress, approve_run, blocked_payslips, progress
from partage.core.payroll.summary import PayslipSummary, run_summary
from partage.core.payroll.tenant import tenant_id_by_slug
from partage.core.tenancy import bind_tenant


@dataclass
class RunSummary:
    progress: RunProgress
    seconds: float  # float ok: elapsed seconds, not money
    blocked: list[tuple[str, str]] = field(default_factory=list)  # (member id, error)
    status: str = ""
    sepa: Path | None = None
    order: IssuedOrder | None = None
    period: str = ""
    kind: str = "regular"
    totals: PayslipSummary | None = None

    def lines(self) -> list[str]:
        p = self.progress
        rate = p.payslips / self.seconds if self.seconds else 0
        kind = "" if self.kind == "regular" else f" ({self.kind})"
        out = [f"run {p.run_id} {self.period}{kind}: {self.status or p.status}, {p.payslips} payslips, "
               f"{p.blocked} blocked, {p.chunks_total} chunks, {self.seconds:.2f} s ({rate:,.0f} payslips/s)"]
        if self.totals is not None and p.payslips:
            out.append("  " + ", ".join(f"{label} {amount} EUR" for label, amount in self.totals.rows()))
        out += [f"  blocked member {member}: {error}" for member, error in self.blocked[:20]]
        if len(self.blocked) > 20:
            out.append(f"  ... and {len(self.blocked) - 20} more blocked")
        if self.order is not None:
            out.append(f"SEPA credit transfer (pain.001): {self.sepa}: {self.order.message()}")
        return out


def _finish(db: Database, summary: RunSummary, approve: bool, sepa: Path | None, paid: bool,
            actor: str = "cli") -> None:
    run_id = summary.progress.run_id
    with db.session() as session:
        run = session.get(PayrollRun, run_id)
        summary.period, summary.kind = f"{run.period:%Y-%m}", run.kind
        summary.blocked = [(str(b.member_id), b.error or "") for b in blocked_payslips(session, run_id)]
        summary.totals = run_summary(session, run_id)
        if approve and run.status == "computed":
            approve_run(session, run_id, actor=actor)
        if sepa is not None:
            summary.order = payment_order(session, run_id, actor=actor, execution_date=date.today())
        if paid and run.status == "approved":
            mark_paid(session, run_id, actor=actor)
        summary.status = run.status
    if summary.order is not None:  # written once the transaction holding the order committed
        sepa.parent.mkdir(parents=True, exist_ok=True)
        sepa.write_bytes(summary.order.document)
        summary.sepa = sepa


def _tenant(db: Database, slug: str) -> uuid.UUID:
    with db.session() as session:
        tenant_id = tenant_id_by_slug(session, slug)
    if tenant_id is None:
        raise NotFound("tenant", f"no tenant with slug {slug!r}")
    return tenant_id


def run_for_slug(db: Database, slug: str, period: str | date, *, on_progress: Progress | None = None,
                 approve: bool = False, sepa: Path | None = None, paid: bool = False,
                 advance: bool = False, actor: str = "cli") -> RunSummary:
    """Compute (resume) the run of ``period`` for the tenant ``slug`` (or its supplementary run,
    when the period's run is approved or paid and work was approved since) and report it."""
    tenant_id = _tenant(db, slug)
    with bind_tenant(tenant_id):
        start = time.perf_counter()
        run_id = launch_run(db, period, actor=actor, advance=advance, wait=True, on_progress=on_progress)
        with db.session() as session:
            summary = RunSummary(progress(session, run_id), time.perf_counter() - start)
        _finish(db, summary, approve, sepa, paid, actor)
    return summary


def correct_for_slug(db: Database, slug: str, period: str | date, *, approve: bool = False,
                     sepa: Path | None = None, paid: bool = False, actor: str = "cli") -> RunSummary:
    """The correction run of ``period`` for the tenant ``slug`` (differences of the amended
    performances, see ``core.payroll.corrections``), then optionally approve, SEPA, paid."""
    with bind_tenant(_tenant(db, slug)):
        start = time.perf_counter()
        with db.session() as session:
            run_id = start_correction(session, period, actor=actor).id
        with db.session() as session:
            summary = RunSummary(progress(session, run_id), time.perf_counter() - start)
        _finish(db, summary, approve, sepa, paid, actor)
    return summary


__all__ = ["RunSummary", "correct_for_slug", "run_for_slug", "PayslipRecord"]
