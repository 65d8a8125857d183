"""Overrides (per-tenant values) win from their start date; YAML applies before."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from partage.core.params import Bracket, Override, ParameterError, ParameterNotDefined

YAML = """
reference: coop statutes art. 12
values:
  2020-01-01: {value: 0.065}
  2026-01-01: {value: 0.07}
"""
TENANT = Override(name="coop.contribution", start=date(2025, 1, 1), value=Decimal("0.08"),
                  reference="tenant decision 2024-12")


@pytest.fixture
def tree(load_tree):
    return load_tree({"coop/contribution.yaml": YAML, "coop/scale.yaml": """
        reference: x
        brackets:
          - {threshold: {2020-01-01: {value: 0}}, rate: {2020-01-01: {value: 0.1}}}
    """})


@pytest.mark.parametrize(("day", "expected", "reference"), [
    (date(2024, 12, 31), "0.065", "coop statutes art. 12"),
    (date(2025, 1, 1), "0.08", "tenant decision 2024-12"),
    (date(2025, 6, 1), "0.08", "tenant decision 2024-12"),
    (date(2026, 1, 1), "0.08", "tenant decision 2024-12"),
])
def test_override_before_at_after_start(tree, day, expected, reference):
    resolved = tree.with_overrides([TENANT]).get("coop.contribution").resolve(day)
    assert (resolved.value, resolved.reference) == (Decimal(expected), reference)


def test_original_tree_is_unchanged(tree):
    tree.with_overrides([TENANT])
    assert tree.at("coop.contribution", date(2025, 1, 1)) == Decimal("0.065")


def test_later_override_wins_and_snapshot_uses_it(tree):
    later = Override("coop.contribution", date(2025, 7, 1), Decimal("0.09"), "tenant decision 2025-06")
    tree2 = tree.with_overrides([later]).with_overrides([TENANT])
    assert tree2.at("coop.contribution", date(2025, 6, 30)) == Decimal("0.08")
    snap = tree2.at_date(date(2025, 7, 1))
    assert snap["coop.contribution"] == Decimal("0.09")
    assert snap.resolved("coop.contribution").start == date(2025, 7, 1)


def test_null_override_means_not_defined(tree):
    tree2 = tree.with_overrides([Override("coop.contribution", date(2025, 1, 1), None, "decision")])
    with pytest.raises(ParameterNotDefined):
        tree2.at("coop.contribution", date(2025, 1, 1))


def test_scale_override(tree):
    brackets = [Bracket(Decimal(0), Decimal("0.2")), Bracket(Decimal(100), Decimal("0.3"))]
    tree2 = tree.with_overrides([Override("coop.scale", date(2025, 1, 1), brackets, "decision")])
    assert tree2.at("coop.scale", date(2024, 12, 31)).marginal(Decimal(200)) == Decimal("20.0")
    assert tree2.at("coop.scale", date(2025, 1, 1)).marginal(Decimal(200)) == Decimal("50.0")


@pytest.mark.parametrize(("override", "message"), [
    (Override("coop.nope", date(2025, 1, 1), Decimal(1), "x"), "unknown parameter 'coop.nope'"),
    (Override("coop.contribution", date(2025, 1, 1), 0.08, "x"), "value must be Decimal"),
    (Override("coop.contribution", date(2025, 1, 1), Decimal(1), " "), "reference is required"),
    (Override("coop.scale", date(2025, 1, 1), Decimal(1), "x"), "sequence of Bracket"),
])
def test_bad_overrides(tree, override, message):
    with pytest.raises(ParameterError, match=message):
        tree.with_overrides([override])


def test_two_overrides_same_start(tree):
    with pytest.raises(ParameterError, match="same date"):
        tree.with_overrides([TENANT, TENANT])
