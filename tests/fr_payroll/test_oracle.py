"""Reference table B (OpenFisca-France, gaps fixed / modele-social): every published value to the cent.

One named exception, `LINE_TOTALS`: table B's net and employer totals are the exact sums rounded once;
ours are the sums of the printed lines, each rounded half up to the cent (docs/countries/fr.md,
"Rounding"), so the printed lines add up to the printed totals. For those columns our total must be
exactly the sum of our printed lines and within half a cent per summed line (plus one final rounding)
of the table; every other column is compared to the cent.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from partage.core.payroll.types import Payslip, Side
from partage.plugins.fr.payroll.payslip import compute_payslip
from tests.fr_payroll.helpers import slip_input

CASES = Path(__file__).parent / "cases"


def _params():
    for path in sorted(CASES.glob("oracle_*.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        year, month = (int(x) for x in case["period"].split("-"))
        inputs = {k: (Decimal(v) if isinstance(v, str) else v) for k, v in case["inputs"].items()}
        ties = case.get("known_ties", {})
        for row in case["rows"]:
            for column, expected in zip(case["columns"][1:], row[1:]):
                marks = ()
                key = f"{row[0]}/{column}"
                if key in ties:
                    marks = pytest.mark.xfail(reason=ties[key], strict=True)
                yield pytest.param(date(year, month, 1), row[0], inputs, column, expected,
                                   id=f"{path.stem}-{key}", marks=marks)


HALF_CENT = Decimal("0.005")
EMPLOYER_TOTALS = ("employer_contributions_before_reduction", "employer_contributions", "labour_cost")
LINE_TOTALS = ("net",) + EMPLOYER_TOTALS


def summed_lines(payslip: Payslip, column: str) -> list[Decimal]:
    """The printed lines that make up ``column`` (signed so that their sum gives the total's change)."""
    if column == "net":
        return [line.amount for line in payslip.lines
                if line.side is Side.EMPLOYEE and line.code not in ("withholding_tax",)]
    return [line.amount for line in payslip.lines if line.side is Side.EMPLOYER and line.code != "general_reduction"]


def check_total(payslip: Payslip, column: str, expected: str) -> None:
    """``column`` of ``payslip`` against table B (see `LINE_TOTALS`)."""
    value, want = payslip.totals[column], Decimal(expected)
    if column not in LINE_TOTALS:
        assert value == want
        return
    lines = summed_lines(payslip, column)
    if column == "net":
        assert value == payslip.gross - sum(lines)
    else:
        reduction = payslip.totals["general_reduction"] if column != EMPLOYER_TOTALS[0] else Decimal(0)
        gross = payslip.gross if column == "labour_cost" else Decimal(0)
        assert value == gross + sum(lines) - reduction
    assert abs(value - want) <= HALF_CENT * (len(lines) + 1), (value, want)


@pytest.mark.parametrize("period, gross, inputs, column, expected", list(_params()))
def test_oracle_value(rates_at, period, gross, inputs, column, expected):
    payslip = compute_payslip(slip_input(gross, period, **inputs), rates_at(period))
    check_total(payslip, column, expected)


def test_case_files_exist():
    assert list(CASES.glob("oracle_*.yaml")), "no oracle case file"
