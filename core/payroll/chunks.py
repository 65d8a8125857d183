"""Compute one chunk of a run in one transaction: its payslips written in bulk (payment orders
are drawn when the run is approved, `core.payroll.payments`).

The chunk row is locked first (``FOR UPDATE`` on PostgreSQL; SQLite serialises writers) and a
chunk already ``done`` is skipped, so a retried or duplicated message never writes twice; the
unique keys on (tenant, run, performance) are the last line of defence.

Amounts travel as integer cents from the plugin's columns (`core.payroll.columns`) to the rows
(`core.payroll.slip_rows`); a plugin without a column path is computed one payslip at a time.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from partage.core.db import Database, utcnow
from partage.core.payroll.bulk import DuplicateRow, copy_lines, write_tuples
from partage.core.payroll.columns import PayslipColumns, from_payslips
from partage.core.payroll.facts import PayFacts, attempt
from partage.core.payroll.loading import Work, load_work, locked_chunk
from partage.core.payroll.models import PayrollChunk, PayrollRun, PayslipRecord
from partage.core.payroll.performances import payroll_settings
from partage.core.payroll.slip_rows import PAYSLIP_COLUMNS, RunKeys, copy_text, payslip_rows
from partage.core.payroll.tenant import tenant_facts
from partage.core.plugins import registry


def _blocker(work: Work) -> str | None:
    if work.profile_id is None:
        return "member_id: the member has no worker profile (national number, IBAN)"
    if not work.has_national_number:
        return "national_number: the member has no national number"
    if not work.has_iban:
        return "iban: the member has no IBAN"
    return None


def _facts(w: Work, run: PayrollRun, employer: dict) -> PayFacts:
    return PayFacts(period=run.period, gross=w.gross, kind=w.kind, start=w.start, end=w.end,
                    worker_id=str(w.member_id), days=w.days, hours=w.hours,
                    birth_date=w.birth_date, profile=w.profile or {}, employer=employer)


def one_by_one(payroll: Any, inputs: list) -> list:
    """The plugin's batch API; on a failing batch, one by one so only the culprit is blocked."""
    try:
        return payroll.compute_batch(inputs, None)
    except ValueError:
        out = []
        for item in inputs:
            try:
                out.append(payroll.compute_batch([item], None)[0])
            except ValueError as exc:
                out.append(exc)
        return out


def compute_columns(payroll: Any, inputs: list) -> PayslipColumns:
    """Payslips of ``inputs`` column-wise: the plugin's column path when it has one."""
    fast = getattr(payroll, "compute_columns", None)
    if fast is not None:
        return fast(inputs, None)
    return from_payslips(one_by_one(payroll, inputs))


def _inputs(payroll: Any, work: list[Work], run: PayrollRun, employer: dict) -> tuple[list, dict[int, str]]:
    """The plugin's inputs of the payable work, and the refused rows with their error."""
    blocked = {i: error for i, w in enumerate(work) if (error := _blocker(w)) is not None}
    payable = [i for i in range(len(work)) if i not in blocked]
    facts = [_facts(work[i], run, employer) for i in payable]
    many = getattr(payroll, "inputs_from", None)
    made = many(facts) if many is not None else [attempt(payroll.input_from, f) for f in facts]
    inputs = []
    for i, item in zip(payable, made):
        if isinstance(item, ValueError):
            blocked[i] = str(item)
        else:
            inputs.append(item)
    return inputs, blocked


@dataclass(frozen=True, slots=True)
class ChunkSlips:
    """A computed chunk, before its rows are built for the database that stores them."""

    keys: RunKeys
    work: list[Work]
    result: PayslipColumns
    blocked: dict[int, str]

    def rows(self) -> tuple[list[tuple], list[int]]:
        return payslip_rows(self.keys, self.work, self.result, self.blocked)

    def text(self) -> tuple[str, list[int]]:
        return copy_text(self.keys, self.work, self.result, self.blocked)


def chunk_slips(session: Session, run: PayrollRun, chunk: PayrollChunk) -> ChunkSlips:
    """The payslips of ``chunk`` (a blocked member's row will carry the error)."""
    payroll = registry().get(tenant_facts(session, run.tenant_id).country).payroll
    work = load_work(session, chunk.performance_ids)
    inputs, blocked = _inputs(payroll, work, run, payroll_settings(session).employer)
    keys = RunKeys(str(run.tenant_id), str(run.id), chunk.number, run.period)
    return ChunkSlips(keys, work, compute_columns(payroll, inputs), blocked)


def compute_chunk(db: Database, run_id: uuid.UUID, number: int) -> bool:
    """Compute chunk ``number`` of the run (the bound tenant's); False when it was already done.
    A failure is recorded on the chunk (attempts, error) before it propagates: the coordinator
    gives a chunk up after `core.payroll.runs.MAX_ATTEMPTS` failures and reports it."""
    try:
        return _compute(db, run_id, number)
    except Exception as exc:
        _record_failure(db, run_id, number, exc)
        raise


def _record_failure(db: Database, run_id: uuid.UUID, number: int, exc: Exception) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    with db.session() as session:
        session.execute(update(PayrollChunk).where(
            PayrollChunk.run_id == run_id, PayrollChunk.number == number, PayrollChunk.status != "done")
            .values(attempts=PayrollChunk.attempts + 1, error=error)
            .execution_options(synchronize_session=False))


def _write(session: Session, slips: ChunkSlips) -> tuple[int, int]:
    """The chunk's payslips, inserted as new rows: the chunk is locked and not done, and its
    payslips commit with its state, so none exists (``ON CONFLICT`` would cost about a fifth of
    the write). Should some exist all the same (a chunk state set back by hand), the unique keys
    refuse them and the rows are written again, those skipped. (computed, blocked) counts.
    On PostgreSQL the rows go as one COPY text built from templates (`slip_rows.copy_text`)."""
    table = PayslipRecord.__table__
    if session.get_bind().dialect.name == "postgresql":
        text, computed = slips.text()
        write = partial(copy_lines, session, table, PAYSLIP_COLUMNS, text)
    else:
        rows, computed = slips.rows()
        write = partial(write_tuples, session, table, PAYSLIP_COLUMNS, rows)
    try:
        with session.begin_nested():
            write(skip_existing=False)
    except DuplicateRow:
        write()
    return len(computed), len(slips.work) - len(computed)


def _compute(db: Database, run_id: uuid.UUID, number: int) -> bool:
    with db.session() as session:
        chunk = locked_chunk(session, run_id, number)
        if chunk is None or chunk.status == "done":
            return False
        run = session.get(PayrollRun, run_id)
        chunk.computed, chunk.blocked = _write(session, chunk_slips(session, run, chunk))
        chunk.status, chunk.done_at = "done", utcnow()
        chunk.error = None
        return True
