"""Fixtures for payroll runs: a tenant with members, activities, budgets and performances."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from partage.core.billing.models.parties import Activity, Member
from partage.core.db import Database
from partage.core.ledger import post
from partage.core.payroll.performances import payroll_settings, set_worker_profile
from partage.core.tenancy import bind_tenant
from partage.tenants.demo_payroll import seed_payroll
from tests.conftest import create_tenant

PERIOD = date(2025, 3, 1)


@dataclass
class World:
    db: Database
    tenant: uuid.UUID
    country: str


def settings(db: Database, tenant: uuid.UUID, **values) -> None:
    with bind_tenant(tenant), db.session() as s:
        row = payroll_settings(s)
        for key, value in values.items():
            setattr(row, key, value)


def add_member(world: World, *, iban: str | None = "BE68539007547034",
               national_number: str | None = "85073003328", revenue: Decimal = Decimal("5000.00"),
               ) -> tuple[uuid.UUID, uuid.UUID]:
    """A member with a worker profile and one activity holding ``revenue`` on its ledger."""
    with bind_tenant(world.tenant), world.db.session() as s:
        member = Member(first_name="Lotte", last_name="Peeters")
        s.add(member)
        s.flush()
        activity = Activity(member_id=member.id, name="Stage lighting")
        s.add(activity)
        s.flush()
        set_worker_profile(s, world.country, member.id, national_number=national_number, iban=iban,
                           profile={"family": "single"})
        if revenue:
            post(s, activity_id=activity.id, entry_date=date(2025, 2, 1), kind="revenue",
                 amount=revenue, description="client invoice")
        return member.id, activity.id


@pytest.fixture
def world(db) -> World:
    return World(db, create_tenant(db, country="be"), "be")


@pytest.fixture
def seeded(db) -> World:
    """A Belgian tenant with 60 members, one approved performance each, chunks of 25."""
    tenant = create_tenant(db, country="be")
    seed_payroll(db, tenant, "be", 60, PERIOD)
    settings(db, tenant, chunk_size=25)
    return World(db, tenant, "be")
