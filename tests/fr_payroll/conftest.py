"""Shared fixtures: the French parameter tree and helpers to build inputs."""
from __future__ import annotations

from datetime import date

import pytest

from partage.core.params import load_parameters
from partage.plugins.fr.payroll.engine import PARAMETERS
from partage.plugins.fr.payroll.rates import FrRates, build_rates


@pytest.fixture(scope="session")
def tree():
    return load_parameters(PARAMETERS)


@pytest.fixture(scope="session")
def rates_at(tree):
    cache: dict[date, FrRates] = {}

    def get(day: date) -> FrRates:
        if day not in cache:
            cache[day] = build_rates(tree.at_date(day))
        return cache[day]
    return get

