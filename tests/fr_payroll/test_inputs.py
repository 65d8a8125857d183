"""Bad input gets a clear error naming the field."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from partage.plugins.fr.payroll import FrPayslipInput, PayrollInputError

D = Decimal
OK = dict(period=date(2026, 1, 1), gross=D("3000.00"), headcount=20, at_rate=D("0.0064"))


@pytest.mark.parametrize("field, value", [
    ("period", date(2026, 1, 15)), ("gross", 3000.0), ("gross", D("-1")), ("gross", D("10.001")),
    ("gross", D("NaN")), ("headcount", 0), ("headcount", True), ("at_rate", D("0.64") * 2),
    ("pas_rate", D("7.5")), ("region", "corsica"), ("work_time_ratio", D("0")),
    ("work_time_ratio", D("1.2")), ("employment_days", 32), ("employment_days", 0),
])
def test_bad_field_is_named(field, value):
    with pytest.raises(PayrollInputError) as info:
        FrPayslipInput(**{**OK, field: value})
    assert info.value.field == field
    assert str(info.value).startswith(field)


def test_february_has_28_days():
    with pytest.raises(PayrollInputError):
        FrPayslipInput(**{**OK, "period": date(2026, 2, 1), "employment_days": 29})
    assert FrPayslipInput(**{**OK, "period": date(2026, 2, 1), "employment_days": 28}).whole_month
