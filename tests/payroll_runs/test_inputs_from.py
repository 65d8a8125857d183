"""Bulk inputs (`inputs_from`, one validation per worker situation) equal the one-by-one
`input_from` of each performance, errors included, for every country plugin."""
from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest

from partage.core.payroll.facts import PayFacts
from partage.plugins.be.payroll import facts as be_facts
from partage.plugins.fr.payroll import facts as fr_facts

PROFILES = {
    "be": [{"family": "single"}, {"family": "married_one_income", "children": 2},
           {"family": "married_two_incomes", "children": 1, "part_time": "0.5"},
           {"family": "single", "arts_work_attestation": True}, {"family": "nobody"},
           {"children": -1}],
    "fr": [{"cadre": True}, {"pas_rate": "0.075"}, {"work_time_ratio": "0.5"}, {"region": "mars"},
           {}],
}
EMPLOYERS = {"be": [{}], "fr": [{"headcount": 20, "at_rate": "0.0064"}, {"headcount": 60, "at_rate": "0.012"},
                                 {"headcount": 5}]}
KINDS = ["employee", "worker", "artist", "student", "robot"]


def _facts(country: str, n: int) -> list[PayFacts]:
    rng = random.Random(11)
    out = []
    for k in range(n):
        period = date(2025, rng.randint(1, 12), 1)
        start = period.replace(day=rng.choice([1, 1, 10]))
        gross = rng.choice([Decimal(rng.randint(0, 900_000)) / 100, Decimal("-1.00"), Decimal("10.001")])
        out.append(PayFacts(period=period, gross=gross, kind=rng.choice(KINDS), start=start, end=period.replace(day=28),
                            worker_id=f"w{k}", hours=rng.choice([None, Decimal("20"), Decimal("-2")]),
                            profile=rng.choice(PROFILES[country]), employer=rng.choice(EMPLOYERS[country])))
    return out


def _outcome(item):
    return ("error", str(item)) if isinstance(item, ValueError) else ("input", item)


@pytest.mark.parametrize("country, module", [("be", be_facts), ("fr", fr_facts)])
def test_bulk_inputs_equal_one_by_one(country, module):
    facts = _facts(country, 3000)
    expected = []
    for f in facts:
        try:
            expected.append(_outcome(module.input_from(f)))
        except ValueError as exc:
            expected.append(_outcome(exc))
    got = [_outcome(item) for item in module.inputs_from(facts)]
    assert got == expected
    assert {kind for kind, _ in expected} == {"error", "input"}
