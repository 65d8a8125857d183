"""Performances: bad input is refused naming the field; guardrails approve or hold for review."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from schwifty import IBAN
from sqlalchemy import select
from stdnum.be import nn

from partage.core.ledger import LedgerEntry, balance
from partage.core.payroll.errors import InvalidInput
from partage.core.payroll.performances import PerformanceIn, approve_performance, declare_performance, set_worker_profile
from partage.core.tenancy import bind_tenant
from tests.payroll_runs.conftest import add_member, settings

START = date(2025, 3, 10)


def declare(world, member, activity, **changes):
    data = dict(member_id=member, activity_id=activity, start=START, end=date(2025, 3, 14),
                gross=Decimal("2500.00"), kind="employee", function="light technician",
                declaration_ref="DIMONA-123", declared_on=date(2025, 3, 1))
    data.update(changes)
    with bind_tenant(world.tenant), world.db.session() as s:
        perf = declare_performance(s, world.country, PerformanceIn(**data))
        return perf.status, list(perf.checks), perf.guarantee


@pytest.mark.parametrize("changes, field", [
    ({"end": date(2025, 3, 9)}, "end"),
    ({"kind": "astronaut"}, "kind"),
    ({"gross": Decimal("-1")}, "gross"),
])
def test_bad_input_names_the_field(world, changes, field):
    member, activity = add_member(world)
    with pytest.raises(InvalidInput) as error:
        declare(world, member, activity, **changes)
    assert error.value.field == field


def test_unknown_activity_and_activity_of_another_member(world):
    member, _ = add_member(world)
    _, other_activity = add_member(world)
    import uuid
    with pytest.raises(InvalidInput, match="unknown activity") as error:
        declare(world, member, uuid.uuid4())
    assert error.value.field == "activity_id"
    with pytest.raises(InvalidInput, match="another member"):
        declare(world, member, other_activity)


@pytest.mark.parametrize("missing", ["iban", "national_number"])
def test_member_without_iban_or_national_number(world, missing):
    member, activity = add_member(world, **{missing: None})
    with pytest.raises(InvalidInput) as error:
        declare(world, member, activity)
    assert error.value.field == missing


def test_profile_checks_iban_and_national_number(world):
    member, _ = add_member(world)
    bad_iban = "BE68539007547035"  # one digit changed: schwifty rejects the check digits
    with pytest.raises(ValueError):  # schwifty's InvalidChecksumDigits
        IBAN(bad_iban)
    with bind_tenant(world.tenant), world.db.session() as s:
        with pytest.raises(InvalidInput) as error:
            set_worker_profile(s, "be", member, national_number="85073003328", iban=bad_iban)
        assert error.value.field == "iban"
    assert not nn.is_valid("85073003329")
    with bind_tenant(world.tenant), world.db.session() as s:
        with pytest.raises(InvalidInput) as error:
            set_worker_profile(s, "be", member, national_number="85073003329", iban="BE68539007547034")
        assert error.value.field == "national_number"


def test_all_guardrails_pass_approves_automatically(world):
    member, activity = add_member(world)
    assert declare(world, member, activity)[0] == "approved"


@pytest.mark.parametrize("changes", [{"declaration_ref": None},
                                     {"declared_on": date(2025, 3, 11)}])
def test_missing_or_late_dimona_waits_for_an_advisor(world, changes):
    member, activity = add_member(world)
    status, checks, _ = declare(world, member, activity, **changes)
    assert status == "pending"
    assert any("DIMONA" in c for c in checks)


def test_guarantee_fund_advances_within_limits_and_posts_to_the_ledger(world):
    settings(world.db, world.tenant, guarantee_limit_member=Decimal("3000"),
             guarantee_limit_total=Decimal("10000"))
    member, activity = add_member(world, revenue=Decimal("1000.00"))
    status, checks, guarantee = declare(world, member, activity)
    assert status == "approved" and guarantee > 0
    with bind_tenant(world.tenant), world.db.session() as s:
        advances = s.scalars(select(LedgerEntry.amount).where(LedgerEntry.kind == "guarantee_advance")).all()
        assert advances == [guarantee]
        assert balance(s, activity) == Decimal("1000.00") + guarantee


def test_over_the_guarantee_limit_waits_then_an_advisor_approves(world):
    settings(world.db, world.tenant, guarantee_limit_member=Decimal("100"),
             guarantee_limit_total=Decimal("10000"))
    member, activity = add_member(world, revenue=Decimal("1000.00"))
    status, checks, guarantee = declare(world, member, activity)
    assert status == "pending" and guarantee == 0
    assert any("per member" in c for c in checks)
    with bind_tenant(world.tenant), world.db.session() as s:
        from partage.core.payroll.models import Performance
        perf = s.scalar(select(Performance))
        assert approve_performance(s, perf.id).status == "approved"


def test_total_guarantee_limit(world):
    settings(world.db, world.tenant, guarantee_limit_member=Decimal("5000"),
             guarantee_limit_total=Decimal("50"))
    member, activity = add_member(world, revenue=Decimal("0"))
    status, checks, _ = declare(world, member, activity)
    assert status == "pending" and any("total limit" in c for c in checks)
