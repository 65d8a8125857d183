"""Reference table B (OpenFisca-France, gaps fixed / modele-social): every published value to the cent."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from plugins.fr.payroll.payslip import compute_payslip
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


@pytest.mark.parametrize("period, gross, inputs, column, expected", list(_params()))
def test_oracle_value(rates_at, period, gross, inputs, column, expected):
    payslip = compute_payslip(slip_input(gross, period, **inputs), rates_at(period))
    assert payslip.totals[column] == Decimal(expected)


def test_case_files_exist():
    assert list(CASES.glob("oracle_*.yaml")), "no oracle case file"
