"""Bulk row writers: COPY on PostgreSQL (psycopg 3 ``cursor.copy``), executemany elsewhere.

PostgreSQL refuses ``COPY FROM`` into a table with row-level security, so rows are copied into a
temporary table (dropped at commit) and moved with one ``INSERT ... SELECT``, which the tenant
policy checks; ``ON CONFLICT DO NOTHING`` keeps a replay harmless behind the unique keys.
Rows are dicts keyed by column name; money columns (``Cents``) take ``Decimal`` euros.
"""
from __future__ import annotations

import json
import uuid
from typing import Any, Iterable, Sequence

from sqlalchemy import JSON, Table, insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from core.db import Cents
from core.ids import uuid7
from core.money import to_cents


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
    """COPY ``rows`` into ``table`` inside the session's transaction (PostgreSQL only)."""
    raw = session.connection().connection.driver_connection
    cols = ", ".join(f'"{c}"' for c in columns)
    target = table.name
    with raw.cursor() as cur:
        if via_temp:
            target = f"tmp_{table.name}_{uuid.uuid4().hex[:8]}"
            cur.execute(f'CREATE TEMP TABLE "{target}" (LIKE "{table.name}") ON COMMIT DROP')
        with cur.copy(f'COPY "{target}" ({cols}) FROM STDIN') as copy:
            for values in _tuples(table, columns, rows):
                copy.write_row(values)
        if via_temp:
            cur.execute(f'INSERT INTO "{table.name}" ({cols}) SELECT {cols} FROM "{target}" '
                        "ON CONFLICT DO NOTHING")
            cur.execute(f'DROP TABLE "{target}"')


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
