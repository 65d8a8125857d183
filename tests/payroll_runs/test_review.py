"""The random review sample ("Objectif 5%") and the payroll settings that configure it."""
from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from partage.core.audit.models import AuditEvent
from partage.core.payroll.configuration import change_payroll_settings
from partage.core.payroll.errors import InvalidInput, InvalidState
from partage.core.payroll.models import DEFAULT_CHUNK_SIZE
from partage.core.payroll.performances import PerformanceIn, declare_performance, payroll_settings
from partage.core.payroll.review import in_sample, mark_reviewed
from partage.core.tenancy import bind_tenant
from tests.payroll_runs.conftest import add_member, settings

IDS = [uuid.uuid5(uuid.NAMESPACE_URL, f"performance/{i}") for i in range(4000)]


def test_the_draw_is_deterministic_and_close_to_the_rate():
    sampled = [i for i in IDS if in_sample(i, Decimal("0.05"))]
    assert 150 <= len(sampled) <= 250                           # 5 % of 4000 is 200
    assert sampled == [i for i in IDS if in_sample(i, Decimal("0.05"))]
    wider = {i for i in IDS if in_sample(i, Decimal("0.10"))}
    assert set(sampled) <= wider                                # a higher rate keeps the sample
    assert not any(in_sample(i, Decimal(0)) for i in IDS)
    assert all(in_sample(i, Decimal(1)) for i in IDS)


def declare(world, **changes):
    member, activity = add_member(world)
    data = dict(member_id=member, activity_id=activity, start=date(2025, 3, 10), end=date(2025, 3, 14),
                gross=Decimal("2500.00"), declaration_ref="DIMONA-1", declared_on=date(2025, 3, 1))
    data.update(changes)
    with bind_tenant(world.tenant), world.db.session() as s:
        perf = declare_performance(s, world.country, PerformanceIn(**data))
        return perf.id, perf.status, perf.review


def test_automatic_approvals_are_sampled_at_the_tenants_rate(world):
    settings(world.db, world.tenant, review_sample_rate=Decimal("1"))
    _, status, review = declare(world)
    assert (status, review) == ("approved", "pending")           # still approved: paid by the run
    _, status, review = declare(world, declaration_ref=None)
    assert (status, review) == ("pending", None)                 # an advisor sees it anyway
    settings(world.db, world.tenant, review_sample_rate=Decimal("0"))
    assert declare(world)[2] is None


def test_an_advisor_marks_a_sampled_performance_reviewed(world):
    settings(world.db, world.tenant, review_sample_rate=Decimal("1"))
    perf_id, _, _ = declare(world)
    with bind_tenant(world.tenant), world.db.session() as s:
        perf = mark_reviewed(s, perf_id, "user:advisor")
        assert (perf.review, perf.reviewed_by) == ("done", "user:advisor") and perf.reviewed_at
        assert s.scalar(select(AuditEvent.action).where(AuditEvent.subject == f"performance:{perf_id}")) \
            == "performance_reviewed"
    with bind_tenant(world.tenant), world.db.session() as s, pytest.raises(InvalidState) as again:
        mark_reviewed(s, perf_id, "user:advisor")
    assert again.value.field == "review"


def test_the_default_rate_is_five_percent(world):
    with bind_tenant(world.tenant), world.db.session() as s:
        assert payroll_settings(s).review_sample_rate == Decimal("0.05")


@pytest.mark.parametrize("changes, field", [
    ({"review_sample_rate": "1.5"}, "review_sample_rate"),
    ({"review_sample_rate": "0.00001"}, "review_sample_rate"),
    ({"review_sample_rate": 0.05}, "review_sample_rate"),      # a float is not exact
    ({"chunk_size": 0}, "chunk_size"),
    ({"guarantee_limit_member": "-1"}, "guarantee_limit_member"),
    ({"debtor_iban": "BE71096123456768"}, "debtor_iban"),
    ({"debtor_bic": "GKC"}, "debtor_bic"),
    ({"colour": "red"}, "colour"),
])
def test_bad_settings_name_the_field_and_change_nothing(world, changes, field):
    with bind_tenant(world.tenant), world.db.session() as s, pytest.raises(InvalidInput) as bad:
        change_payroll_settings(s, {"chunk_size": 50, **changes}, "admin")
    assert bad.value.field == field
    with bind_tenant(world.tenant), world.db.session() as s:
        assert payroll_settings(s).chunk_size == DEFAULT_CHUNK_SIZE  # the 50 asked with the bad field was not kept
        change_payroll_settings(s, {"review_sample_rate": "0.1", "debtor_iban": "BE71 0961 2345 6769"}, "admin")
    with bind_tenant(world.tenant), world.db.session() as s:
        row = payroll_settings(s)
        assert (row.review_sample_rate, row.debtor_iban) == (Decimal("0.1"), "BE71096123456769")
