"""Reading a chunk's work: its performances with member and worker profile, in three key lookups.

On PostgreSQL the keys travel as one array parameter (``= ANY(:ids)``): a thousand-id ``IN`` list
costs more to build and parse than the rows cost to read. No join: each table's row-level security
is checked on its own scan.
"""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any, Iterator, NamedTuple, Sequence

from sqlalchemy import String, any_, bindparam, cast, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.types import Uuid

from core.billing.models.parties import Member
from core.payroll.models import Performance, PayrollChunk, WorkerProfile

def _text(column):
    """A key read as text: rows are written back by COPY, so no `uuid.UUID` object is needed."""
    return cast(column, String).label(column.key)


PERF = (_text(Performance.id), _text(Performance.member_id), _text(Performance.activity_id),
        Performance.start, Performance.end, Performance.days, Performance.hours, Performance.kind,
        Performance.gross)
PROFILE = (_text(WorkerProfile.member_id), _text(WorkerProfile.id), WorkerProfile.national_number,
           WorkerProfile.iban, WorkerProfile.bic, WorkerProfile.birth_date, WorkerProfile.profile)
NO_PROFILE = (None,) * 6


class Work(NamedTuple):
    """One performance to pay, with what the run needs of its member."""

    id: str
    member_id: str
    activity_id: str
    start: date
    end: date
    days: int | None
    hours: Decimal | None
    kind: str
    gross: Decimal
    first_name: str
    last_name: str
    profile_id: str | None
    national_number: str | None
    iban: str | None
    bic: str | None
    birth_date: date | None
    profile: dict[str, Any] | None


def keyed(session: Session, column, keys: Sequence[uuid.UUID]):
    """``column IN keys``: one array parameter on PostgreSQL, a plain list elsewhere."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam("keys", list(keys), type_=ARRAY(Uuid())))
    return column.in_(list(keys))


@contextmanager
def key_lookups(session: Session) -> Iterator[None]:
    """Index scans for key lookups on PostgreSQL, even before the tables are analysed (a run just
    after a bulk import would otherwise scan every row once per chunk)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        session.execute(text("SET LOCAL enable_seqscan = off"))
    try:
        yield
    finally:
        if postgres:
            session.execute(text("RESET enable_seqscan"))


def load_work(session: Session, performance_ids: Sequence[str]) -> list[Work]:
    """The chunk's performances, ordered by member then performance (a stable chunk order)."""
    with key_lookups(session):
        return _load(session, [uuid.UUID(i) for i in performance_ids])


def _load(session: Session, ids: list[uuid.UUID]) -> list[Work]:
    perfs = session.execute(select(*PERF).where(keyed(session, Performance.id, ids))).all()
    members = list({uuid.UUID(p.member_id) for p in perfs})
    names = {r[0]: (r[1], r[2]) for r in session.execute(select(
        _text(Member.id), Member.first_name, Member.last_name).where(keyed(session, Member.id, members)))}
    profiles = {r[0]: tuple(r[1:]) for r in session.execute(
        select(*PROFILE).where(keyed(session, WorkerProfile.member_id, members)))}
    work = [Work(*p, *names[p[1]], *profiles.get(p[1], NO_PROFILE)) for p in perfs]
    return sorted(work, key=lambda w: (w.member_id, w.id))


def locked_chunk(session: Session, run_id: uuid.UUID, number: int) -> PayrollChunk | None:
    return session.scalar(select(PayrollChunk).where(PayrollChunk.run_id == run_id,
                                                     PayrollChunk.number == number)
                          .with_for_update())
