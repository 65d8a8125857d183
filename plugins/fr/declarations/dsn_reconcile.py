"""DSN reconciliation, read back from the file: due (S21.G00.22) = Σ S21.G00.23 = Σ individual S21.G00.81.

Individual contributions count when their organisation (S21.G00.81.002) is the bordereau's
(S21.G00.22.001). The payment (S21.G00.20) must equal what is due, and all of it the sources.
"""
from __future__ import annotations

from typing import Iterable

from partage.core.declarations import Check, GeneratedFile, Reconciliation, reconcile
from partage.plugins.fr.declarations.dsn import ENCODING
from partage.plugins.fr.declarations.dsn_validate import LINE
from partage.plugins.fr.declarations.inputs import Employee


def cents(value: str) -> int:
    sign = -1 if value.startswith("-") else 1
    euros, _, hundredths = value.lstrip("-").partition(".")
    return sign * (int(euros) * 100 + int(hundredths or 0))


def rubric_rows(text: str) -> list[tuple[str, str, str]]:
    return [m.groups() for m in map(LINE.match, text.splitlines()) if m]


def blocks(text: str) -> dict[str, list[dict[str, str]]]:
    """Each block occurrence as {rubric: value}; a new occurrence when a rubric does not follow the last."""
    found: dict[str, list[dict[str, str]]] = {}
    last: tuple[str, str] = ("", "")
    for block, rubric, value in rubric_rows(text):
        if block != last[0] or rubric <= last[1]:
            found.setdefault(block, []).append({})
        found[block][-1][rubric] = value
        last = (block, rubric)
    return found


def declared(text: str) -> dict[str, int]:
    rows = rubric_rows(text)
    ops = next((v for b, r, v in rows if b == "S21.G00.22" and r == "001"), None)
    totals = {"S21.G00.20": 0, "S21.G00.22": 0, "S21.G00.23": 0, "S21.G00.81": 0}
    current_ops = None
    for block, rubric, value in rows:
        if block in ("S21.G00.20", "S21.G00.22", "S21.G00.23") and rubric == "005":
            totals[block] += cents(value)
        if block == "S21.G00.81" and rubric == "001":
            current_ops = None
        if block == "S21.G00.81" and rubric == "002":
            current_ops = value
        if block == "S21.G00.81" and rubric == "004" and current_ops == ops:
            totals[block] += cents(value)
    return totals


def reconcile_dsn(generated: GeneratedFile, employees: Iterable[Employee]) -> Reconciliation:
    found = declared(generated.content.decode(ENCODING))
    sources = sum(c.amount for e in employees for c in e.contributions if c.urssaf)
    return reconcile([
        Check("S21.G00.22 due vs sum of S21.G00.23", found["S21.G00.22"], found["S21.G00.23"]),
        Check("S21.G00.22 due vs sum of individual S21.G00.81", found["S21.G00.22"], found["S21.G00.81"]),
        Check("S21.G00.20 paid vs S21.G00.22 due", found["S21.G00.20"], found["S21.G00.22"]),
        Check("S21.G00.22 due vs payslip contributions", found["S21.G00.22"], sources),
    ])
