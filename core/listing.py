"""Paged lists that stay fast at any size: keyset pagination, search, sort and totals.

A page is found by the sort key of the row before it (``after``) or after it (``before``), never by
an offset: page 5,000 costs what page 1 costs when an index covers ``(tenant_id, <sort key>, id)``.
The id closes every sort key, so the order is total and no row is skipped or repeated when
values tie. Cursors are opaque (URL-safe base64 of the key's values, typed).
"""
from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Sequence

from sqlalchemy import func, or_, select, tuple_
from sqlalchemy.orm import Session

from partage.core.errors import ValidationFailed

MAX_LIMIT = 200
MAX_QUERY = 100


@dataclass(frozen=True)
class SortKey:
    """A named order: its columns (the last must be unique, e.g. the id) and direction."""

    columns: tuple
    descending: bool = False


@dataclass
class Page:
    rows: list
    total: int
    after: str | None = None      # cursor of the next page (None: this is the last)
    before: str | None = None     # cursor of the previous page (None: this is the first)
    sort: str = ""
    q: str = ""
    sums: dict[str, Any] = field(default_factory=dict)


_TYPES = {"u": uuid.UUID, "d": date.fromisoformat, "t": datetime.fromisoformat, "n": Decimal,
          "i": int, "s": str}


def _tag(value: Any) -> list:
    if isinstance(value, uuid.UUID):
        return ["u", str(value)]
    if isinstance(value, datetime):
        return ["t", value.isoformat()]
    if isinstance(value, date):
        return ["d", value.isoformat()]
    if isinstance(value, Decimal):
        return ["n", str(value)]
    if isinstance(value, bool) or value is None:
        raise ValueError("a sort key value must not be empty")
    if isinstance(value, int):
        return ["i", value]
    return ["s", str(value)]


def encode(values: Sequence[Any]) -> str:
    raw = json.dumps([_tag(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, width: int, field_name: str = "after") -> list[Any]:
    """The key values in ``cursor``; a cursor that is not ours is refused naming ``field_name``."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        tagged = json.loads(raw)
        if not isinstance(tagged, list) or len(tagged) != width:
            raise ValueError
        return [_TYPES[tag](value) for tag, value in tagged]
    except (ValueError, KeyError, TypeError, binascii.Error, json.JSONDecodeError, ArithmeticError):
        raise ValidationFailed.field(field_name, "not a cursor of this list") from None


def search(query, columns: Sequence, text: str | None):
    """Rows where every word of ``text`` is in one of ``columns`` (case-insensitive)."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY:
        raise ValidationFailed.field("q", f"at most {MAX_QUERY} characters")
    for word in text.split()[:5]:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(*[func.lower(c).like(pattern.lower(), escape="\\") for c in columns]))
    return query


def _after(key: SortKey, values: list, forward: bool):
    row = tuple_(*key.columns)
    bound = tuple_(*values)
    return row < bound if key.descending == forward else row > bound


def _order(key: SortKey, forward: bool) -> list:
    descending = key.descending == forward
    return [c.desc() if descending else c.asc() for c in key.columns]


def _key_of(row, key: SortKey) -> list:
    return [getattr(row, c.key) for c in key.columns]


def keyset(session: Session, query, key: SortKey, *, limit: int = 50, after: str | None = None,
           before: str | None = None, sort: str = "", q: str = "",
           sums: dict[str, Any] | None = None) -> Page:
    """One page of ``query`` (a ``select`` of one entity, already filtered) in ``key``'s order.

    ``sums`` maps names to aggregate expressions computed over the whole filtered list (totals)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationFailed.field("limit", f"between 1 and {MAX_LIMIT}")
    counted = query.order_by(None)
    total = session.scalar(select(func.count()).select_from(counted.subquery())) or 0
    totals = {}
    if sums:
        sub = counted.subquery()
        found = session.execute(select(*[func.coalesce(func.sum(sub.c[col]), 0).label(name)
                                         for name, col in sums.items()])).one()
        totals = dict(found._mapping)
    forward = before is None
    cursor = after if forward else before
    paged = query
    if cursor:
        values = decode(cursor, len(key.columns), "after" if forward else "before")
        paged = paged.where(_after(key, values, forward))
    rows = list(session.scalars(paged.order_by(*_order(key, forward)).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    if not forward:
        rows.reverse()
    page = Page(rows=rows, total=int(total), sort=sort, q=q, sums=totals)
    if rows:
        has_next = more if forward else True
        has_prev = bool(cursor) if forward else more
        page.after = encode(_key_of(rows[-1], key)) if has_next else None
        page.before = encode(_key_of(rows[0], key)) if has_prev else None
    return page


__all__ = ["MAX_LIMIT", "Page", "SortKey", "decode", "encode", "keyset", "search"]
