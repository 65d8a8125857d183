"""A demo world for the browser tests: two preset tenants, each with a member who can sign in
(linked to a member record with an activity, a worker profile and revenue), an admin, an ops user,
and a few other members with approved performances for a payroll run."""
from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from partage.core.billing import create_activity, create_member
from partage.core.db import Database
from partage.core.identity.policy import ROLES
from partage.core.identity.users import create_user
from partage.core.ledger import post
from partage.core.migrate import upgrade
from partage.core.payroll.performances import PerformanceIn, declare_performance, set_worker_profile
from partage.core.tenancy import bind_tenant
from partage.tenants import demo_people as people
from partage.tenants.demo_payroll import seed_payroll
from partage.tenants.provisioning import apply_preset, tenant_by_slug

PRESETS = Path(__file__).resolve().parents[2] / "tenants" / "presets"
PASSWORD = "correct horse battery"
TENANTS = ("smart-be", "coop-lumen")


@dataclass
class TenantSeed:
    slug: str
    tenant_id: uuid.UUID
    country: str
    activity: str
    member_email: str
    admin_email: str


@dataclass
class World:
    url: str
    tenants: dict[str, TenantSeed] = field(default_factory=dict)


def _member(session, t, country: str, rng: random.Random) -> str:
    member = create_member(session, {"first_name": "Alex", "last_name": f"Martin {t.slug}",
                                     "email": f"member@{t.slug}.test"}, actor="seed")
    activity = create_activity(session, member.id, f"Studio {t.slug}", actor="seed")
    born = date(1990, 5, 17)
    iban, bic = people.iban(country, rng)
    set_worker_profile(session, country, member.id, national_number=people.national_number(country, born, rng),
                       iban=iban, bic=bic, birth_date=born,
                       profile={"family": "single", "children": 0} if country == "be" else {"cadre": False})
    today = date.today()
    for months, amount in ((3, "900.00"), (2, "1500.00"), (1, "-400.00")):
        post(session, activity_id=activity.id, entry_date=today - timedelta(days=30 * months), kind="revenue",
             amount=Decimal(amount), description="seed")
    start = today.replace(day=1)   # paid by this month's run: the member gets a payslip
    declare_performance(session, country, PerformanceIn(
        member_id=member.id, activity_id=activity.id, start=start, end=start, gross=Decimal("650.00"),
        function="Technician", days=1, declaration_ref="DIMONA-000000001", declared_on=start - timedelta(days=1)))
    return activity.name


def _users(session, slug: str) -> None:
    for email, roles in ((f"member@{slug}.test", ["member"]),
                         (f"admin@{slug}.test", ["tenant_admin", "advisor"]),
                         (f"ops@{slug}.test", ["platform_ops"])):
        create_user(session, email=email, display_name=email.split("@")[0].title(), roles=roles,
                    password=PASSWORD, actor="seed", grantable=ROLES)


def build(path: Path) -> World:
    url = f"sqlite:///{path}"
    upgrade(url)
    db = Database(url)
    world = World(url=url)
    rng = random.Random(42)
    for slug in TENANTS:
        apply_preset(db, PRESETS / slug / "tenant.yaml", actor="seed")
        t = tenant_by_slug(db, slug)
        seed_payroll(db, t.id, t.country, 3, date.today().replace(day=1))
        with bind_tenant(t.id), db.session() as s:
            _users(s, slug)
            activity = _member(s, t, t.country, rng)
        world.tenants[slug] = TenantSeed(slug, t.id, t.country, activity, f"member@{slug}.test",
                                         f"admin@{slug}.test")
    db.dispose()
    return world
