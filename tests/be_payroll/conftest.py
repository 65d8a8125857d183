"""Shared fixtures: the Belgian parameter tree and resolved parameters by period."""
from __future__ import annotations

from datetime import date
from typing import Callable

import pytest

from partage.plugins.be.payroll import BelgianPayroll
from partage.plugins.be.payroll.snapshot import BeParams


@pytest.fixture(scope="session")
def payroll() -> BelgianPayroll:
    return BelgianPayroll()


@pytest.fixture(scope="session")
def params_at(payroll: BelgianPayroll) -> Callable[[int, int], BeParams]:
    def resolve(year: int, month: int) -> BeParams:
        return payroll.resolve(payroll.tree(), date(year, month, 1))

    return resolve
