"""Running a payroll run end to end: one function for every scale.

* Embedded default (in-process broker): chunks are computed here, one after the other.
* Redis broker: chunks are sent to Dramatiq workers (``partage worker``, any number of processes
  or machines) and this coordinator waits, reporting progress. If no chunk completes for
  ``stall_seconds`` (a worker died), the chunks not done are sent again: a duplicate is harmless
  (a chunk done is skipped), so a crashed run is resumed by calling this again.
"""
from __future__ import annotations

import contextvars
import multiprocessing as mp
import os
import threading
import time
import uuid
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import Callable

import dramatiq

from partage.core.db import Database
from partage.core.jobs import is_inline, setup_broker
from partage.core.payroll.chunks import compute_chunk
from partage.core.payroll.errors import InvalidState
from partage.core.payroll.runs import RunProgress, finish, open_run, pending_chunks, plan, progress
from partage.core.tenancy import bind_tenant, require_tenant

Progress = Callable[[RunProgress], None]


def start_run(db: Database, period: date | str, *, actor: str = "payroll", advance: bool = True,
              today: date | None = None) -> uuid.UUID:
    """Create (or find) the period's run, or its supplementary run (``core.payroll.runs.open_run``),
    and plan its chunks. ``advance`` false refuses a month not started yet."""
    with db.session() as session:
        run = open_run(session, period, actor=actor, advance=advance, today=today)
        plan(session, run)
        return run.id


def _status(db: Database, run_id: uuid.UUID) -> RunProgress:
    with db.session() as session:
        return progress(session, run_id)


def _pending(db: Database, run_id: uuid.UUID, *, retry_failed: bool = True) -> list[int]:
    with db.session() as session:
        return pending_chunks(session, run_id, retry_failed=retry_failed)


class RunIncomplete(InvalidState):
    """Chunks failed for good (the others are done); the run stays ``computing`` and running it
    again retries them."""

    def __init__(self, status: RunProgress) -> None:
        shown = "; ".join(status.failed[:3]) + (f"; and {len(status.failed) - 3} more"
                                                 if len(status.failed) > 3 else "")
        super().__init__("chunks", f"payroll run {status.run_id}: {len(status.failed)} chunk(s) failed: {shown}")
        self.status = status


def _attempt(db: Database, run_id: uuid.UUID, number: int) -> None:
    """One chunk in-process; its failure is recorded on the chunk and the others go on."""
    try:
        compute_chunk(db, run_id, number)
    except Exception:  # noqa: BLE001 - recorded on the chunk by compute_chunk, reported at the end
        pass


def default_threads(db: Database) -> int:
    """Chunks computed at once in-process: PostgreSQL does its share of a chunk (COPY, indexes,
    row-level security checks) in its own server process, so two chunks keep two cores busy;
    SQLite has one writer."""
    if db.engine.dialect.name != "postgresql":
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def _forkable() -> bool:
    """Worker processes may be forked from this one: a POSIX fork, and no other thread running
    (a fork copies the calling thread only; a lock another thread holds would stay held)."""
    return "fork" in mp.get_all_start_methods() and threading.active_count() == 1


_FORKED: Database | None = None  # the parent's database, inherited by the forked workers


def _forked_init() -> None:
    """In a forked worker: leave the parent's pooled connections to the parent."""
    _FORKED.engine.dispose(close=False)


def _forked_attempt(tenant: uuid.UUID, run_id: uuid.UUID, number: int) -> None:
    with bind_tenant(tenant):
        _attempt(_FORKED, run_id, number)


def _in_processes(db: Database, run_id: uuid.UUID, pending: list[int], on_progress: Progress | None,
                  workers: int) -> None:
    """Chunks in ``workers`` forked processes: each computes its chunks in its own interpreter
    (no lock shared with the others) over its own connections. A worker that dies leaves its
    chunk pending; the caller computes what is left here."""
    global _FORKED
    _FORKED, tenant = db, require_tenant("payroll")
    context = mp.get_context("fork")
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_forked_init) as pool:
            futures = [pool.submit(_forked_attempt, tenant, run_id, number) for number in pending]
            for future in as_completed(futures):
                if future.exception() is None and on_progress:
                    on_progress(_status(db, run_id))
    except BrokenProcessPool:
        pass  # the chunks not done are still pending
    finally:
        _FORKED = None


def _in_threads(db: Database, run_id: uuid.UUID, pending: list[int], on_progress: Progress | None,
                threads: int) -> None:
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="payroll-chunk") as pool:
        # each task runs in a copy of this context: the bound tenant goes with it
        futures = [pool.submit(contextvars.copy_context().run, _attempt, db, run_id, number)
                   for number in pending]
        for future in as_completed(futures):
            future.result()
            if on_progress:
                on_progress(_status(db, run_id))


def _inline(db: Database, run_id: uuid.UUID, on_progress: Progress | None, threads: int) -> None:
    """Chunks here: one after the other, or ``threads`` at once (forked processes on PostgreSQL
    when this process can fork, threads otherwise)."""
    pending = _pending(db, run_id)
    if threads > 1 and db.engine.dialect.name == "postgresql" and _forkable():
        _in_processes(db, run_id, pending, on_progress, threads)
        pending = _pending(db, run_id)  # what a dead worker left
    if threads <= 1:
        for number in pending:
            _attempt(db, run_id, number)
            if on_progress:
                on_progress(_status(db, run_id))
        return
    _in_threads(db, run_id, pending, on_progress, threads)


def _fan_out(db: Database, run_id: uuid.UUID, broker: dramatiq.Broker, on_progress: Progress | None,
             stall_seconds: float, poll: float, timeout: float) -> None:  # float ok: seconds, not money
    from partage.core.payroll.jobs import actor_on

    actor, deadline = actor_on(broker), time.monotonic() + timeout
    pending = _pending(db, run_id)
    for number in pending:
        actor.send(str(run_id), number)
    last_change = time.monotonic()
    while pending:
        if time.monotonic() > deadline:
            raise TimeoutError(f"payroll run {run_id}: {len(pending)} chunks not done in {timeout}s")
        time.sleep(poll)
        now = _pending(db, run_id, retry_failed=False)
        if len(now) < len(pending):
            last_change = time.monotonic()
            if on_progress:
                on_progress(_status(db, run_id))
        elif now and time.monotonic() - last_change > stall_seconds:
            for number in now:  # a worker died: send again (duplicates are skipped)
                actor.send(str(run_id), number)
            last_change = time.monotonic()
        pending = now


def run_payroll(db: Database, period: date | str, *, broker: dramatiq.Broker | None = None,
                on_progress: Progress | None = None, stall_seconds: float = 10.0, poll: float = 0.1,  # float ok: seconds, not money
                timeout: float = 3600.0,  # float ok: seconds, not money
                threads: int | None = None) -> RunProgress:
    """Compute the bound tenant's run of ``period`` (draft -> computing -> computed); resumable.
    ``threads``: chunks computed at once in-process (default: `default_threads`)."""
    return compute_run(db, start_run(db, period), broker=broker, on_progress=on_progress,
                       stall_seconds=stall_seconds, poll=poll, timeout=timeout, threads=threads)


def compute_run(db: Database, run_id: uuid.UUID, *, broker: dramatiq.Broker | None = None,
                on_progress: Progress | None = None, stall_seconds: float = 10.0, poll: float = 0.1,  # float ok: seconds, not money
                timeout: float = 3600.0,  # float ok: seconds, not money
                threads: int | None = None) -> RunProgress:
    """Compute a planned run's pending chunks and wait for them: in-process on the embedded
    default, on the Dramatiq workers with Redis (this coordinator reports progress)."""
    broker = broker or setup_broker()
    if is_inline(broker):
        _inline(db, run_id, on_progress, default_threads(db) if threads is None else threads)
    else:
        _fan_out(db, run_id, broker, on_progress, stall_seconds, poll, timeout)
    with db.session() as session:
        finish(session, run_id)
    status = _status(db, run_id)
    if on_progress:
        on_progress(status)
    if status.status == "computing" and _pending(db, run_id):
        raise RunIncomplete(status)
    return status
