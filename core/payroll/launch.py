"""Starting a run: the one way the CLI, the API and the web UI start (or resume) a run, and the
status poll.

``launch_run`` opens the period's run (``core.payroll.runs.open_run``: the regular run, or a
supplementary run for work approved after it; a month not started yet only with ``advance``),
audits who started it, plans its chunks and hands them to the job layer:

* embedded default (in-process broker): the chunks are computed before ``launch_run`` returns;
* Redis broker: the chunks are sent to the Dramatiq workers and ``launch_run`` returns at once
  (``wait``: it waits for them, reporting progress, as the CLI does); ``poll`` reads progress from
  the run's chunks and moves the run to ``computed`` once every chunk is done. Launching again
  re-sends the chunks not done (a worker died): a duplicate message finds its chunk done.
"""
from __future__ import annotations

import uuid
from datetime import date

import dramatiq
from sqlalchemy import select
from sqlalchemy.orm import Session

from partage.core.db import Database
from partage.core.jobs import is_inline, setup_broker
from partage.core.payroll.errors import NotFound
from partage.core.payroll.execute import Progress, compute_run, start_run
from partage.core.payroll.models import PayrollRun
from partage.core.payroll.runs import RunProgress, finish, pending_chunks, progress


def launch_run(db: Database, period: date | str, broker: dramatiq.Broker | None = None, *,
               actor: str = "payroll", advance: bool = False, today: date | None = None,
               wait: bool = False, on_progress: Progress | None = None) -> uuid.UUID:
    """Start (or resume) the bound tenant's run of ``period``; returns its id."""
    broker = broker or setup_broker()
    run_id = start_run(db, period, actor=actor, advance=advance, today=today)
    if is_inline(broker) or wait:
        compute_run(db, run_id, broker=broker, on_progress=on_progress)
        return run_id
    from partage.core.payroll.jobs import actor_on

    with db.session() as session:
        pending = pending_chunks(session, run_id)
    job = actor_on(broker)
    for number in pending:
        job.send(str(run_id), number)
    return run_id


def poll(session: Session, run_id: uuid.UUID) -> RunProgress:
    """The run's progress; the poll that finds every chunk done marks it computed (row locked,
    so two polls never both finish it)."""
    run = session.get(PayrollRun, run_id)
    if run is None:
        raise NotFound("run_id", f"unknown payroll run {run_id}")
    if run.status == "computing" and not pending_chunks(session, run_id):
        session.scalar(select(PayrollRun).where(PayrollRun.id == run_id).with_for_update()
                       .execution_options(populate_existing=True))
        finish(session, run_id)
    return progress(session, run_id)
