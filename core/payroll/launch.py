"""Starting a run without waiting for it (what the API does), and polling it.

* Embedded default (in-process broker): the run is computed before ``launch_run`` returns.
* Redis broker: the run is planned, its pending chunks are sent to the Dramatiq workers, and
  ``launch_run`` returns at once; ``poll`` reports progress and moves the run to ``computed``
  once every chunk is done. Launching again re-sends the chunks not done (a worker died):
  a duplicate message finds its chunk done and writes nothing.
"""
from __future__ import annotations

import uuid
from datetime import date

import dramatiq
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import Database
from core.jobs import is_inline, setup_broker
from core.payroll.errors import NotFound
from core.payroll.execute import run_payroll, start_run
from core.payroll.models import PayrollRun
from core.payroll.runs import RunProgress, finish, pending_chunks, progress


def launch_run(db: Database, period: date | str, broker: dramatiq.Broker | None = None) -> uuid.UUID:
    """Start (or resume) the bound tenant's run of ``period``; returns its id."""
    broker = broker or setup_broker()
    if is_inline(broker):
        return run_payroll(db, period, broker=broker).run_id
    from core.payroll.jobs import actor_on

    run_id = start_run(db, period)
    with db.session() as session:
        pending = pending_chunks(session, run_id)
    actor = actor_on(broker)
    for number in pending:
        actor.send(str(run_id), number)
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
