"""Bulk row writers: COPY on PostgreSQL (psycopg 3 ``cursor.copy``), executemany elsewhere.

PostgreSQL refuses ``COPY FROM`` into a table with row-level security, so rows are copied into a
temporary table (dropped at commit) and moved with one ``INSERT ... SELECT``, which the tenant
policy checks; ``ON CONFLICT DO NOTHING`` keeps a replay harmless behind the unique keys.
Rows are dicts keyed by column name; money columns (``Cents``) take ``Decimal`` euros.
"""
from __future__ import annotations

import json
import uuid
from typing import Any, Callable, Iterable, Sequence

from psycopg.errors import UniqueViolation
from sqlalchemy import JSON, Boolean, Table, Uuid, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from partage.core.db import Cents
from partage.core.ids import uuid7
from partage.core.money import to_cents


class DuplicateRow(Exception):
    """A row's unique key exists already (`write_tuples` without ``skip_existing``)."""


def _converter(column) -> Any:
    if isinstance(column.type, Cents):
        return lambda v: None if v is None else to_cents(v)
    if isinstance(column.type, JSON):
        return lambda v: json.dumps(v, separators=(",", ":"))
    return None


def _tuples(table: Table, columns: Sequence[str], rows: Iterable[dict]) -> Iterable[tuple]:
    converters = [_converter(table.c[name]) for name in columns]
    for row in rows:
        yield tuple(row[name] if conv is None else conv(row[name])
                    for name, conv in zip(columns, converters))


def copy_rows(session: Session, table: Table, columns: Sequence[str], rows: Iterable[dict],
              *, via_temp: bool = True) -> None:
    """COPY ``rows`` (dicts, money as `Decimal`) into ``table`` (PostgreSQL only)."""
    copy_tuples(session, table, columns, _tuples(table, columns, rows), via_temp=via_temp)


def copy_tuples(session: Session, table: Table, columns: Sequence[str], rows: Iterable[tuple],
                *, via_temp: bool = True, skip_existing: bool = True) -> None:
    """COPY ready ``rows`` (tuples in ``columns`` order, money in cents) inside the session's
    transaction; through a temporary table and ``INSERT ... SELECT`` when ``via_temp`` (then a
    row whose unique key exists is skipped if ``skip_existing``, an error otherwise)."""
    def feed(copy) -> None:
        for values in rows:
            copy.write_row(values)

    _copy(session, table, columns, feed, via_temp=via_temp, skip_existing=skip_existing)


def copy_lines(session: Session, table: Table, columns: Sequence[str], text: str,
              *, skip_existing: bool = True) -> None:
    """COPY rows already written as COPY text lines (``columns`` order), as `copy_tuples` does."""
    _copy(session, table, columns, lambda copy: copy.write(text), via_temp=True, skip_existing=skip_existing)


def _copy(session: Session, table: Table, columns: Sequence[str], feed: Callable[[Any], None],
          *, via_temp: bool, skip_existing: bool) -> None:
    raw = session.connection().connection.driver_connection
    cols = ", ".join(f'"{c}"' for c in columns)
    target = table.name
    with raw.cursor() as cur:
        if via_temp:
            target = f"tmp_{table.name}_{uuid.uuid4().hex[:8]}"
            # defaults included: a column the copy does not name (one added later, e.g. members.status)
            # takes its default instead of failing the temporary table's NOT NULL
            cur.execute(f'CREATE TEMP TABLE "{target}" (LIKE "{table.name}" INCLUDING DEFAULTS) ON COMMIT DROP')
        with cur.copy(f'COPY "{target}" ({cols}) FROM STDIN') as copy:
            feed(copy)
        if via_temp:
            try:
                cur.execute(f'INSERT INTO "{table.name}" ({cols}) SELECT {cols} FROM "{target}"'
                            + (" ON CONFLICT DO NOTHING" if skip_existing else ""))
            except UniqueViolation as exc:
                raise DuplicateRow(str(exc)) from exc
            cur.execute(f'DROP TABLE "{target}"')


def _sqlite_value(kind: str):
    if kind == "uuid":
        return lambda v: None if v is None else (v.hex if isinstance(v, uuid.UUID) else v.replace("-", ""))
    if kind == "bool":
        return lambda v: None if v is None else int(v)
    return None


def _sqlite_tuples(table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> list[tuple]:
    kinds = ["uuid" if isinstance(table.c[c].type, Uuid) else
             "bool" if isinstance(table.c[c].type, Boolean) else "" for c in columns]
    adapt = [(k, f) for k, f in enumerate(map(_sqlite_value, kinds)) if f is not None]
    out = []
    for row in rows:
        row = list(row)
        for k, f in adapt:
            row[k] = f(row[k])
        out.append(tuple(row))
    return out


def write_tuples(session: Session, table: Table, columns: Sequence[str], rows: list[tuple],
                 *, skip_existing: bool = True) -> None:
    """Write ready ``rows`` (tuples in ``columns`` order: ids as UUID or text, money in integer
    cents, JSON as text) in bulk. A row whose unique key exists already is skipped, or, without
    ``skip_existing``, fails the transaction (for a writer that knows its rows are new: the
    speculative insertion of ``ON CONFLICT`` costs about a fifth of the write)."""
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        copy_tuples(session, table, columns, rows, skip_existing=skip_existing)
        return
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    verb = "INSERT OR IGNORE" if skip_existing else "INSERT"
    try:
        session.connection().exec_driver_sql(f'{verb} INTO "{table.name}" ({names}) VALUES ({marks})',
                                             _sqlite_tuples(table, columns, rows))
    except IntegrityError as exc:
        if "UNIQUE" not in str(exc.orig):
            raise
        raise DuplicateRow(str(exc.orig)) from exc


def insert_rows(session: Session, table: Table, rows: list[dict]) -> None:
    """Write ``rows`` in bulk: COPY on PostgreSQL, one executemany elsewhere; a row whose unique
    key exists already is skipped (a replay writes nothing twice)."""
    if not rows:
        return
    for row in rows:
        row.setdefault("id", uuid7())
    columns = list(rows[0])
    if session.get_bind().dialect.name == "postgresql":
        copy_rows(session, table, columns, rows)
    elif session.get_bind().dialect.name == "sqlite":
        session.execute(sqlite_insert(table).on_conflict_do_nothing(), rows)
    else:
        session.execute(insert(table), rows)
