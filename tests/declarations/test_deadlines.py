"""Deadline calendars of the plugins, against the published rules (belgium.md 2.2/2.4, france.md 5.1)."""
from __future__ import annotations

from datetime import date

import pytest

from partage.core.declarations import Period
from partage.core.plugins.contract import DeclarationRules, capabilities
from partage.plugins.be.declarations import BelgianDeclarations
from partage.plugins.fr.declarations import FrenchDeclarations


@pytest.fixture(scope="module")
def be():
    return BelgianDeclarations()


@pytest.fixture(scope="module")
def fr():
    return FrenchDeclarations()


def test_both_satisfy_the_contract(be, fr):
    assert isinstance(be, DeclarationRules) and isinstance(fr, DeclarationRules)
    for rules in (be, fr):
        assert all(rules.generator(t).code == t for t in rules.declaration_types)


@pytest.mark.parametrize("type_, period, due", [
    ("dmfa", "2025-Q1", date(2025, 4, 30)),     # during the month following the quarter
    ("dmfa", "2025-Q4", date(2026, 1, 31)),
    ("vat", "2025-03", date(2025, 4, 20)),      # monthly filer: the 20th (from 2025)
    ("vat", "2025-Q1", date(2025, 4, 25)),      # quarterly filer: the 25th (from 2025)
    ("vat", "2024-Q4", date(2025, 1, 20)),      # before 2025: the 20th
    ("dimona", "2025-03", None),
])
def test_belgian_deadlines(be, type_, period, due):
    assert be.deadline(type_, Period.parse(period)) == due


@pytest.mark.parametrize("period, headcount, due", [
    ("2026-01", 12, date(2026, 2, 16)),     # 15 Feb 2026 is a Sunday
    ("2026-01", 50, date(2026, 2, 5)),      # 50 employees or more: the 5th
    ("2025-09", 120, date(2025, 10, 6)),    # 5 Oct 2025 is a Sunday
    ("2025-07", 3, date(2025, 8, 18)),      # 15 Aug: Assumption (public holiday), then the weekend
    ("2026-04", 80, date(2026, 5, 5)),
    ("2025-04", 80, date(2025, 5, 5)),
    ("2024-04", 10, date(2024, 5, 15)),
    ("2026-04", 10, date(2026, 5, 15)),
])
def test_french_dsn_deadlines(fr, period, headcount, due):
    assert fr.deadline("dsn", Period.parse(period), {"headcount": headcount}) == due


def test_easter_based_holidays(fr):
    days = fr.holidays(2026)
    assert {date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25)} <= days   # Easter Monday, Ascension, Whit Monday
    assert date(2026, 7, 14) in days and len(days) == 11


def test_dsn_deadline_needs_the_headcount(fr):
    with pytest.raises(ValueError, match="headcount"):
        fr.deadline("dsn", Period.parse("2026-01"))


def test_unknown_type(be):
    with pytest.raises(KeyError, match="known: dimona, dmfa, vat, belcotax"):
        be.generator("dsn")


def test_belgian_schedule_and_overdue_warnings(be):
    from partage.core.declarations import Status, warnings
    from partage.core.declarations.calendar import schedule
    dues = schedule(be, date(2025, 1, 1), date(2025, 6, 30), {"vat_frequency": "quarter"})
    assert [(d.declaration_type, str(d.period), d.deadline) for d in dues] == [
        ("vat", "2025-Q1", date(2025, 4, 25)), ("dmfa", "2025-Q1", date(2025, 4, 30)),
        ("vat", "2025-Q2", date(2025, 7, 25)), ("dmfa", "2025-Q2", date(2025, 7, 31))]
    statuses = {("vat", Period.parse("2025-Q1")): Status.ACCEPTED}
    found = warnings(dues, statuses, today=date(2025, 7, 10))
    assert [(w.declaration_type, str(w.period), w.level) for w in found] == [("dmfa", "2025-Q1", "overdue")]
    found = warnings(dues, statuses, today=date(2025, 7, 24))
    assert [w.level for w in found] == ["overdue", "due_soon", "due_soon"]


def test_french_schedule_depends_on_headcount(fr):
    from partage.core.declarations.calendar import schedule
    small = schedule(fr, date(2026, 1, 1), date(2026, 3, 31), {"headcount": 12})
    large = schedule(fr, date(2026, 1, 1), date(2026, 3, 31), {"headcount": 60})
    assert [d.deadline.day for d in small] == [16, 16, 15] and [d.deadline.day for d in large] == [5, 5, 7]  # 5 Apr 2026: Easter Sunday, then Easter Monday


def test_registered_plugins_offer_declarations():
    from partage.core.plugins.conformance import check_plugin
    from partage.plugins.be import plugin as be_plugin
    from partage.plugins.fr import plugin as fr_plugin
    assert be_plugin.declarations.declaration_types == ("dimona", "dmfa", "vat", "belcotax")
    assert fr_plugin.declarations.declaration_types == ("dsn", "dpae", "ca3")
    for plugin in (be_plugin, fr_plugin):
        assert "declarations" in capabilities(plugin)
        assert check_plugin(plugin) == []
