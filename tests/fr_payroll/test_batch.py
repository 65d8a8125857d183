"""Batch API: parameters resolved once per period, `Payslip` results, input checks."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from partage.core.payroll.types import Payslip, Side
from partage.plugins.fr.payroll import FrenchPayroll, PayrollInputError
from tests.fr_payroll.helpers import slip_input

D = Decimal


def test_batch_mixes_periods(tree):
    inputs = [slip_input("3000.00"), slip_input("2000.00", date(2026, 7, 1)), slip_input("2000.00", date(2025, 6, 1))]
    slips = FrenchPayroll().compute_batch(inputs, tree)
    assert all(isinstance(s, Payslip) for s in slips)
    assert slips[0].employer_cost == D("3957.48") and slips[0].net == D("2374.79")  # oracle table B
    assert slips[1].totals["general_reduction_coefficient"] == D("0.3147")
    assert slips[2].totals["ceiling"] == D("3925.00")


def test_batch_default_tree_and_snapshot(tree):
    slips = FrenchPayroll().compute_batch([slip_input("1900.00")])
    assert slips[0].totals["labour_cost"] == D("2014.49")
    snap = tree.at_date(date(2026, 1, 1))
    assert FrenchPayroll().compute_batch([slip_input("1900.00")], snap)[0].net == D("1504.04")
    with pytest.raises(PayrollInputError, match="period"):
        FrenchPayroll().compute_batch([slip_input("1900.00", date(2026, 2, 1))], snap)


def test_batch_rejects_foreign_input(tree):
    with pytest.raises(PayrollInputError, match=r"inputs\[1\]"):
        FrenchPayroll().compute_batch([slip_input("1900.00"), {"gross": "1900"}], tree)


def test_payslip_lines_add_up(tree):
    slip = FrenchPayroll().compute_batch([slip_input("5000.00")], tree)[0]
    employee = [l for l in slip.lines if l.side is Side.EMPLOYEE and l.code.endswith("_employee")]
    assert sum(l.amount for l in employee) == D("560.67")  # oracle table B
    reduction = next(l for l in slip.lines if l.code == "general_reduction")
    assert reduction.amount == D("-109.00") and reduction.rate == D("0.0218")
    assert all(l.reference for l in slip.lines)


def test_period_before_the_parameters_is_named(tree):
    with pytest.raises(PayrollInputError, match="period.*2023-01"):
        FrenchPayroll().compute_batch([slip_input("3000.00", date(2023, 1, 1))], tree)
