"""Every published case in cases/*.yaml, to the cent unless the case names a tolerance."""
from __future__ import annotations

from decimal import Decimal

import pytest

from partage.plugins.be.payroll import BelgianPayroll, EmployerProfile, PayslipInput
from tests.be_payroll.cases import Case, load_cases

CASES = load_cases()


def _param(case: Case):
    marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
    return pytest.param(case, id=f"{case.file}:{case.name}", marks=marks)


def computed(case: Case) -> dict[str, Decimal]:
    """Totals and line amounts of the payslip computed for ``case``."""
    payroll = BelgianPayroll(EmployerProfile(**case.employer))
    worker = PayslipInput(period=case.period, **case.input)
    payslip = payroll.compute_batch([worker])[0]
    values = {line.code: line.amount for line in payslip.lines}
    values.update(payslip.totals)  # named totals win over signed line amounts
    return values


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_published_case(case: Case) -> None:
    values = computed(case)
    wrong = {
        key: (str(expected), str(values.get(key)))
        for key, expected in case.output.items()
        if key not in values or abs(values[key] - expected) > case.tolerance
    }
    assert not wrong, f"{case.name}: (expected, computed) {wrong}"


def test_cases_are_loaded() -> None:
    assert len(CASES) >= 19
    assert sum(1 for c in CASES if c.file == "fgtb_2021_single.yaml") == 10
