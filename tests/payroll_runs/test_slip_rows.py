"""Payslip rows written from columns: the stored lines read back equal the plugin's `Payslip`
lines to the cent, and bulk ids are valid, unique, ordered UUIDv7."""
from __future__ import annotations

import json
import random
import uuid
from datetime import date
from decimal import Decimal

from partage.core.ids import uuid7, uuid7_text
from partage.core.payroll.columns import from_payslips
from partage.core.payroll.lines import stored_amount, stored_line
from partage.core.payroll.slip_rows import lines_json
from partage.plugins.be.payroll.batch import BelgianPayroll
from partage.plugins.be.payroll.inputs import ContractType, FamilyStatus, PayslipInput
from partage.plugins.fr.payroll.engine import FrenchPayroll
from partage.plugins.fr.payroll.inputs import FrPayslipInput


def _inputs(n: int) -> list[PayslipInput]:
    rng = random.Random(3)
    kinds = [ContractType.WHITE_COLLAR, ContractType.BLUE_COLLAR, ContractType.ARTIST]
    return [PayslipInput(period=date(rng.choice([2022, 2024, 2025]), rng.randint(1, 12), 1),
                         gross=Decimal(rng.randint(1, 1_200_000)) / 100, contract=rng.choice(kinds),
                         family=rng.choice(list(FamilyStatus)), children=rng.randint(0, 4),
                         arts_work_attestation=True)
            for _ in range(n)]


def _fr_inputs(n: int) -> list[FrPayslipInput]:
    rng = random.Random(5)
    return [FrPayslipInput(date(2026, rng.choice([1, 7]), 1), Decimal(rng.randint(150_000, 2_000_000)) / 100,
                           headcount=rng.choice([5, 20, 60]), at_rate=Decimal("0.0064"),
                           cadre=rng.random() < 0.3, pas_rate=rng.choice([None, Decimal("0.075")]))
            for _ in range(n)]


def _check(columns, slips) -> int:
    seen = 0
    for group in columns.groups:
        for j, text in zip(group.rows.tolist(), lines_json(group)):
            stored = [stored_line(raw) for raw in json.loads(text)]
            assert [(s.code, s.label, s.amount, s.side, s.base, s.rate) for s in stored] == \
                   [(l.code, l.label, l.amount, l.side.value, l.base, l.rate) for l in slips[j].lines]
            seen += 1
    return seen


def test_stored_lines_read_back_as_the_payslip_lines():
    slips = BelgianPayroll().compute_batch(_inputs(600))
    assert _check(from_payslips(slips), slips) == 600


def test_stored_lines_of_the_column_paths_read_back_as_the_scalar_payslip_lines():
    """Per-row rates (reduction coefficient, PAS) and bases with more decimals (CSG) included."""
    be, fr = _inputs(400), _fr_inputs(400)
    assert _check(BelgianPayroll().compute_columns(be), BelgianPayroll().compute_batch(be)) == 400
    assert _check(FrenchPayroll().compute_columns(fr), FrenchPayroll().compute_batch(fr)) == 400


def test_stored_amounts_are_cents_or_printed_decimals():
    assert stored_amount(12345) == Decimal("123.45")
    assert stored_amount(-5) == Decimal("-0.05")
    assert stored_amount("261.40") == Decimal("261.40")
    assert stored_amount("3.5") == Decimal("3.5")
    assert stored_amount(None) is None


def test_uuid7_text_is_valid_unique_and_ordered_with_uuid7():
    before = uuid7()
    texts = uuid7_text(10_000)  # more than 4,096: the counter borrows the next milliseconds
    after = uuid7()
    ids = [uuid.UUID(t) for t in texts]
    assert all(i.version == 7 and i.variant == uuid.RFC_4122 for i in ids)
    assert [str(i) for i in ids] == texts
    assert len(set(ids)) == len(ids)
    assert before < ids[0] and ids == sorted(ids) and ids[-1] < after
    assert uuid7_text(0) == []


def _decode_copy(text: str) -> list[tuple]:
    """PostgreSQL's COPY text format, as its documentation defines it: tab-separated fields, one
    row per line, ``\\N`` for NULL, a backslash escaping ``\\``, ``t``, ``n``, ``r``."""
    escapes = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", "v": "\v"}
    rows = []
    for line in text.split("\n")[:-1]:
        fields = []
        for raw in line.split("\t"):
            if raw == "\\N":
                fields.append(None)
                continue
            out, k = [], 0
            while k < len(raw):
                if raw[k] == "\\":
                    out.append(escapes[raw[k + 1]])
                    k += 2
                else:
                    out.append(raw[k])
                    k += 1
            fields.append("".join(out))
        rows.append(tuple(fields))
    return rows


def _as_text(row: tuple) -> tuple:
    return tuple(None if v is None else v.isoformat() if isinstance(v, date) else str(v) for v in row)


def test_copy_text_holds_the_same_rows_as_the_tuples():
    """Blocked rows with tabs, newlines and backslashes in their error, a label with ``%``, a
    backslash, quotes and a tab, computed rows of the Belgian column path: the COPY text decodes
    to the rows `payslip_rows` builds (ids apart: each call draws its own)."""
    from collections import namedtuple

    import numpy as np

    from partage.core.payroll.columns import LineColumn, PayslipColumns, SlipGroup
    from partage.core.payroll.slip_rows import RunKeys, copy_text, payslip_rows
    from partage.core.payroll.types import Side

    be = BelgianPayroll().compute_columns(_inputs(300))
    odd = LineColumn(code="x\\y", label='50 % "net"\tand \\ back', side=Side.EMPLOYEE,
                     amount=np.array([123, 0], dtype=np.int64), omit_zero=True)
    tricky = SlipGroup(period=date(2025, 3, 1), rows=np.array([300, 301]),
                       amounts={name: np.array([7, 8], dtype=np.int64) for name in be.groups[0].amounts},
                       lines=(odd,))
    result = PayslipColumns(size=303, groups=be.groups + (tricky,), errors={302: "gross:\tbad \\ value\nhere"})
    Work = namedtuple("Work", "id member_id activity_id")
    work = [Work(str(uuid7()), str(uuid7()), str(uuid7())) for _ in range(305)]
    blocked = {0: "iban: the member has no IBAN", 7: "national_number: a\\b\tc"}
    keys = RunKeys(str(uuid7()), str(uuid7()), 3, date(2025, 3, 1))
    rows, computed = payslip_rows(keys, work, result, blocked)
    text, computed_too = copy_text(keys, work, result, blocked)
    decoded = _decode_copy(text)
    assert computed_too == computed and len(decoded) == len(rows) == 305
    assert [r[1:] for r in decoded] == [_as_text(r)[1:] for r in rows]
    assert len({uuid.UUID(r[0]) for r in decoded}) == 305
    assert json.loads(decoded[-2][-1])[0][:3] == ["x\\y", '50 % "net"\tand \\ back', 123]
