"""Helpers to build French payslip inputs in tests."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from partage.plugins.fr.payroll import FrPayslipInput

JAN_2026 = date(2026, 1, 1)


def slip_input(gross: str, period: date = JAN_2026, **kw) -> FrPayslipInput:
    """A non-cadre, 20-employee, AT/MP 0.64 % input (the oracle's defaults)."""
    kw.setdefault("headcount", 20)
    kw.setdefault("at_rate", Decimal("0.0064"))
    return FrPayslipInput(period, Decimal(gross), **kw)
