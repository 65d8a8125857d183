"""Payslip rows of a computed chunk, built from `PayslipColumns` without a loop over
`Decimal` objects: amounts stay integer cents from the plugin's arrays to the database.

A payslip's ``lines`` is JSON text ``[[code, label, amount, side, base, rate], ...]`` with
``amount`` and ``base`` in integer cents (see `core.payroll.lines`); one template per group of
payslips that print the same lines, filled with ``%d``.
"""
from __future__ import annotations

import json
from functools import lru_cache
from dataclasses import dataclass
from datetime import date
from typing import Any, Sequence

import numpy as np

from partage.core.ids import uuid7_text
from partage.core.payroll.columns import TOTALS, LineColumn, PayslipColumns, SlipGroup, scaled

PAYSLIP_COLUMNS = ("id", "tenant_id", "run_id", "chunk_number", "performance_id", "member_id",
                   "activity_id", "period", "status", "error", *TOTALS, "lines")


@dataclass(frozen=True, slots=True)
class RunKeys:
    """What every row of a chunk shares."""

    tenant_id: str
    run_id: str
    chunk_number: int
    period: date


@lru_cache(maxsize=4096)
def _quoted(text: str) -> str:
    """``text`` as a JSON string in a template (codes and labels: a few hundred distinct ones)."""
    return json.dumps(text, ensure_ascii=False).replace("%", "%%")


def _numbers(values: np.ndarray, rows: np.ndarray, scale: int) -> tuple[str, list]:
    """A template slot and its values: cents as a JSON integer, other scales as a JSON string."""
    picked = values[rows].tolist()
    if scale == 2:
        return "%d", picked
    return '"%s"', [str(scaled(v, scale)) for v in picked]


def _rate_slot(col: LineColumn, rows: np.ndarray) -> tuple[str, list | None]:
    if col.rate_index is None:
        return ("null" if col.rate is None else _quoted(str(col.rate))), None
    texts = ["null" if r is None else json.dumps(str(r)) for r in col.row_rates]
    return "%s", [texts[k] for k in col.rate_index[rows].tolist()]


@dataclass(frozen=True, slots=True)
class Frame:
    """What surrounds a row's lines JSON: for a COPY line, the row's other fields (``head``, a
    %-template over ``lead``: one list per slot, indexed like the group's rows) and the newline;
    ``escape`` makes the JSON template a COPY text field."""

    head: str = ""
    lead: tuple[list, ...] = ()
    tail: str = ""
    escape: bool = False


JSON_ONLY = Frame()


def _fill(cols: Sequence[LineColumn], rows: np.ndarray, frame: Frame = JSON_ONLY) -> list[str]:
    """JSON text of ``rows`` of a group, printing the lines ``cols`` on every one of them (framed
    by ``frame``: a whole COPY line per row)."""
    parts, columns = [], []
    for col in cols:
        amount, values = _numbers(col.amount, rows, col.scale)
        columns.append(values)
        base = "null"
        if col.base is not None:
            base, values = _numbers(col.base, rows, col.base_scale)
            columns.append(values)
        rate, values = _rate_slot(col, rows)
        if values is not None:
            columns.append(values)
        parts.append(f"[{_quoted(col.code)},{_quoted(col.label)},{amount},{_quoted(col.side.value)},"
                     f"{base},{rate}]")
    template = "[" + ",".join(parts) + "]"
    if frame.escape:
        template = template.replace("\\", "\\\\")  # COPY text: a backslash is doubled
    template = frame.head + template + frame.tail
    if frame.lead:
        picked = rows.tolist()
        columns = [[lead[k] for k in picked] for lead in frame.lead] + columns
    if not columns:
        return [template] * len(rows)
    return [template % values for values in zip(*columns)]


def lines_json(group: SlipGroup, frame: Frame = JSON_ONLY) -> list[str]:
    """The ``lines`` JSON text of every payslip of ``group`` (or its framed row): one template per
    pattern of the lines printed only when not zero (``omit_zero``)."""
    optional = [k for k, col in enumerate(group.lines) if col.omit_zero]
    everything = np.arange(len(group))
    if not optional:
        return _fill(group.lines, everything, frame)
    shown = np.stack([group.lines[k].amount != 0 for k in optional], axis=1)
    patterns, which = np.unique(shown, axis=0, return_inverse=True)
    out: list[str] = [""] * len(group)
    for p, pattern in enumerate(patterns):
        hidden = {k for k, on in zip(optional, pattern.tolist()) if not on}
        rows = np.flatnonzero(which.ravel() == p)
        cols = [col for k, col in enumerate(group.lines) if k not in hidden]
        for j, text in zip(rows.tolist(), _fill(cols, rows, frame)):
            out[j] = text
    return out


def _order(work: Sequence, result: PayslipColumns, blocked: dict[int, str]) -> tuple[list[int], dict[int, str]]:
    """For each computed row of ``result`` its ``work`` index, and every refused row's error."""
    position = [i for i in range(len(work)) if i not in blocked]
    errors = {position[k]: message for k, message in result.errors.items()}
    return position, {**blocked, **errors}


def payslip_rows(keys: RunKeys, work: Sequence, result: PayslipColumns,
                 blocked: dict[int, str]) -> tuple[list[tuple], list[int]]:
    """Payslip rows in ``PAYSLIP_COLUMNS`` order, and for each computed one its ``work`` index.

    ``work[i]`` has ``id``, ``member_id`` and ``activity_id`` (text or UUID); ``blocked`` maps the
    work rows refused before computation to their error; ``result`` covers the others, in order.
    """
    ids = iter(uuid7_text(len(work)))
    rows, computed = [], []
    position, refused = _order(work, result, blocked)
    for i, message in refused.items():
        rows.append(_row(keys, next(ids), work[i], "blocked", message, (0,) * len(TOTALS), "[]"))
    for group in result.groups:
        amounts = zip(*(group.amounts[name].tolist() for name in TOTALS))
        for k, values, lines in zip(group.rows.tolist(), amounts, lines_json(group)):
            i = position[k]
            rows.append(_row(keys, next(ids), work[i], "computed", None, values, lines))
            computed.append(i)
    return rows, computed


def copy_text(keys: RunKeys, work: Sequence, result: PayslipColumns,
              blocked: dict[int, str]) -> tuple[str, list[int]]:
    """The same rows as `payslip_rows`, as the text of a PostgreSQL ``COPY ... FROM STDIN``: one
    %-template per group fills a whole line (no adaptation of each value by the driver)."""
    ids = uuid7_text(len(work))
    position, refused = _order(work, result, blocked)
    out = [copy_line(_row(keys, row_id, work[i], "blocked", message, (0,) * len(TOTALS), "[]"))
           for row_id, (i, message) in zip(ids, refused.items())]
    head = "\t".join(("%s", _literal(keys.tenant_id), _literal(keys.run_id), str(keys.chunk_number),
                      "%s", "%s", "%s", keys.period.isoformat(), "computed", "\\N", *("%d",) * len(TOTALS), ""))
    computed, start = [], len(refused)
    for group in result.groups:
        where = [position[k] for k in group.rows.tolist()]
        lead = (ids[start:start + len(where)], [work[i].id for i in where],  # keys: nothing to escape
                [work[i].member_id for i in where], [work[i].activity_id for i in where],
                *(group.amounts[name].tolist() for name in TOTALS))
        out.extend(lines_json(group, Frame(head, lead, "\n", escape=True)))
        computed.extend(where)
        start += len(where)
    return "".join(out), computed


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_field(value: Any) -> str:
    """One field of a COPY text line (``\\N`` for NULL)."""
    return "\\N" if value is None else str(value).translate(_COPY_ESCAPES)


def _literal(value: Any) -> str:
    """A constant field of a %-template line."""
    return _copy_field(value).replace("%", "%%")


def copy_line(row: tuple) -> str:
    """A row as a COPY text line."""
    return "\t".join(map(_copy_field, row)) + "\n"


def _row(keys: RunKeys, row_id: str, w, status: str, error: str | None, amounts: tuple,
         lines: str) -> tuple:
    return (row_id, keys.tenant_id, keys.run_id, keys.chunk_number, w.id, w.member_id, w.activity_id,
            keys.period, status, error, *amounts, lines)
