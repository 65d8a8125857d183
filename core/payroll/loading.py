"""Reading a chunk's work: its performances with the worker profile, in one key lookup.

On PostgreSQL the keys travel as one array parameter (``= ANY(:ids)``): a thousand-id ``IN`` list
costs more to build and parse than the rows cost to read. Keys are read as text (rows go back to
the database by COPY; no `uuid.UUID` object is needed) and the worker profile's IBAN and national
number only as "present" flags: payment orders are drawn when the run is approved.
"""
from __future__ import annotations

import json
import uuid
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any, Iterator, NamedTuple, Sequence

from sqlalchemy import String, any_, bindparam, cast, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.types import Uuid

from partage.core.money import from_cents
from partage.core.payroll.models import Performance, PayrollChunk, WorkerProfile
from partage.core.tenancy import require_tenant

def _text(column):
    """A key read as text: rows are written back by COPY, so no `uuid.UUID` object is needed."""
    return cast(column, String).label(column.key)


PERF = (_text(Performance.id), _text(Performance.member_id), _text(Performance.activity_id),
        Performance.start, Performance.end, Performance.days, Performance.hours, Performance.kind,
        Performance.gross)
PROFILE = (_text(WorkerProfile.id).label("profile_id"),
           func.coalesce(WorkerProfile.national_number, "") != "",
           func.coalesce(WorkerProfile.iban, "") != "",
           WorkerProfile.birth_date, cast(WorkerProfile.profile, String))  # JSON text: parsed once


class Work(NamedTuple):
    """One performance to pay, with what computing its payslip needs of the worker."""

    id: str
    member_id: str
    activity_id: str
    start: date
    end: date
    days: int | None
    hours: Decimal | None
    kind: str
    gross: Decimal
    profile_id: str | None
    has_national_number: bool | None
    has_iban: bool | None
    birth_date: date | None
    profile: dict[str, Any] | None


def keyed(session: Session, column, keys: Sequence[str]):
    """``column IN keys`` (UUIDs as text): on PostgreSQL one array literal cast to ``uuid[]``
    (the server parses a thousand keys faster than the driver adapts a thousand `uuid.UUID`), a
    plain list elsewhere."""
    if session.get_bind().dialect.name == "postgresql":
        literal = "{" + ",".join(map(str, keys)) + "}"
        return column == any_(cast(bindparam("keys", literal, type_=String), ARRAY(Uuid())))
    return column.in_([uuid.UUID(str(k)) for k in keys])


@contextmanager
def key_lookups(session: Session) -> Iterator[None]:
    """Index scans and nested loops for key lookups on PostgreSQL, even before the tables are
    analysed: a run just after a bulk import would otherwise scan every row (or every row up to
    the chunk's members, in a merge join) once per chunk."""
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        session.execute(text("SET LOCAL enable_seqscan = off; SET LOCAL enable_mergejoin = off; "
                             "SET LOCAL enable_hashjoin = off"))
    try:
        yield
    finally:
        if postgres:
            session.execute(text("RESET enable_seqscan; RESET enable_mergejoin; RESET enable_hashjoin"))


def load_work(session: Session, performance_ids: Sequence[str]) -> list[Work]:
    """The chunk's performances, ordered by member then performance (a stable chunk order)."""
    with key_lookups(session):
        return _load(session, list(performance_ids))


def _load(session: Session, ids: list[str]) -> list[Work]:
    """One query: the performances and their worker profile (outer join: a member without one is
    reported as blocked). Plain Core rows, so the tenant is checked by row-level security on
    PostgreSQL and written in the query elsewhere. (On PostgreSQL a ``tenant_id =`` condition
    would lead the planner, before statistics exist, to read the tenant's every row and filter
    them, once per chunk.) Profiles are parsed once per distinct text: most workers share a
    handful of situations, and equal profiles share one dict."""
    tenant = require_tenant("payroll")
    same_member = WorkerProfile.member_id == Performance.member_id
    postgres = session.get_bind().dialect.name == "postgresql"
    query = (select(*PERF, *PROFILE)
             .outerjoin(WorkerProfile, same_member if postgres else same_member & (WorkerProfile.tenant_id == tenant))
             .where(keyed(session, Performance.id, ids)))  # sorted here: an ORDER BY walks an index
    if not postgres:
        query = query.where(Performance.tenant_id == tenant)
    parsed: dict[str | None, Any] = {None: None}
    work = [Work(*row[:8], _euros(row[8]), *row[9:-1], parsed[row[-1]] if row[-1] in parsed else
                 parsed.setdefault(row[-1], json.loads(row[-1])))
            for row in (fetch_raw(session, query) if postgres else _fetch(session, query))]
    return sorted(work, key=lambda w: (w.member_id, w.id))


def _euros(value: int | Decimal) -> Decimal:
    return from_cents(value) if type(value) is int else value


def _fetch(session: Session, query) -> list:
    return session.connection().execute(query).all()  # one fetch, not one per row


def fetch_raw(session: Session, query) -> list[tuple]:
    """The rows as the driver's plain tuples, without SQLAlchemy's result processing (a
    `Decimal` per amount through the `Cents` type, a `Row` per row: half the chunk's reading).
    Amounts come as integer cents; keys and JSON were cast to text in the query."""
    compiled = query.compile(dialect=session.get_bind().dialect)
    with session.connection().connection.driver_connection.cursor() as cursor:
        cursor.execute(str(compiled), compiled.params)
        return cursor.fetchall()


def locked_chunk(session: Session, run_id: uuid.UUID, number: int) -> PayrollChunk | None:
    return session.scalar(select(PayrollChunk).where(PayrollChunk.run_id == run_id,
                                                     PayrollChunk.number == number)
                          .with_for_update())
