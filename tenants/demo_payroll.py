"""The demo's main job: realistic members, performances and a month's payroll run for each demo
tenant, with its country's rules (``partage demo --members N``; also used by the benchmarks)."""
from __future__ import annotations

import random
import uuid
from contextlib import nullcontext
from datetime import date, timedelta
from decimal import Decimal

from rich.console import Console
from rich.table import Table

from partage.core.billing.models.parties import Activity, Member
from partage.core.db import Database, utcnow
from partage.core.ids import uuid7
from partage.core.ledger import LedgerEntry
from partage.core.payroll.bulk import insert_rows
from partage.core.payroll.facts import PayFacts
from partage.core.payroll.models import Performance, WorkerProfile
from partage.core.payroll.performances import payroll_settings
from partage.core.plugins import registry
from partage.core.tenancy import bind_tenant
from partage.tenants import demo_people as people
from partage.tenants.provisioning import list_tenants

KINDS = ["employee"] * 6 + ["worker"] * 2 + ["artist", "student"]
# Employer facts the declarations need (demonstration values in the official formats).
EMPLOYER = {
    "be": {"onss_number": "197200032", "joint_committee": "200", "street": "Coupure Rechts 88", "postcode": "9000",
           "city": "Gent", "email": "declarations@example.org", "phone": "+32 9 000 00 00"},
    "fr": {"headcount": 250, "at_rate": "0.0120", "nic": "00074", "naf": "7022Z",
           "urssaf_id": "78861779300013", "street": "10 rue des Coopératives", "postcode": "75011",
           "city": "Paris", "email": "paie@example.org", "phone": "0102030405",
           "idcc": "1486", "at_risk_code": "742CB"},
}
# Each employer has its own registration: a tenant's facts win over its country's. The ONSS
# numbers keep the check digits of the first (96 - (first 7 digits x 100) mod 96).
TENANT_EMPLOYER = {
    "coop-lumen": {"onss_number": "197200128", "street": "Rue de la Lumière 12", "postcode": "1000",
                   "city": "Bruxelles", "email": "sociaal@lumen.example.org", "phone": "+32 2 000 00 00"},
}
DECLARATION = {"be": "DIMONA", "fr": "DPAE"}


def employer_of(country: str, slug: str | None = None) -> dict:
    """The demo employer facts of a tenant: its country's, then its own."""
    return {**EMPLOYER.get(country, {}), **TENANT_EMPLOYER.get(slug or "", {})}


def _person(country: str, tenant_id: uuid.UUID, rng: random.Random) -> tuple[dict, dict, dict]:
    first, last = people.name(country, rng)
    born = people.birth_date(rng)
    member = {"id": uuid7(), "tenant_id": tenant_id, "first_name": first, "last_name": last,
              "email": f"{first}.{last}.{rng.randrange(10**6)}@example.org".lower().replace(" ", ""),
              "created_at": utcnow()}
    iban, bic = people.iban(country, rng)
    family = rng.choice(["single", "married_two_incomes", "married_one_income"])
    profile = {"id": uuid7(), "tenant_id": tenant_id, "member_id": member["id"],
               "national_number": people.national_number(country, born, rng), "iban": iban,
               "bic": bic, "birth_date": born,
               "profile": {"family": family, "children": rng.choice([0, 0, 1, 2, 3])}
               if country == "be" else {"cadre": rng.random() < 0.2}}
    if country == "fr":
        profile["profile"]["birthplace"] = people.birthplace(profile["national_number"])
    profile.update(people.home(country, last))
    activity = {"id": uuid7(), "tenant_id": tenant_id, "member_id": member["id"],
                "name": rng.choice(people.ACTIVITIES), "status": "active", "created_at": utcnow()}
    return member, profile, activity


def _performance(country: str, person: tuple, period: date, rng: random.Random) -> dict:
    member, profile, activity = person
    start = period + timedelta(days=rng.randrange(0, 20))
    kind = rng.choice(KINDS)
    gross = Decimal(rng.randrange(60_000, 450_000)) / 100 if kind == "student" else \
        Decimal(rng.randrange(180_000, 520_000)) / 100
    return {"id": uuid7(), "tenant_id": member["tenant_id"], "member_id": member["id"],
            "activity_id": activity["id"], "start": start, "end": start + timedelta(days=rng.randrange(0, 8)),
            "days": rng.randrange(1, 9), "hours": Decimal(rng.randrange(8, 60)) if kind == "student" else None,
            "function": activity["name"], "kind": kind, "gross": gross, "guarantee": Decimal(0),
            "declaration_ref": f"{DECLARATION.get(country, 'DECL')}-{rng.randrange(10**9):09d}",
            "declared_on": start - timedelta(days=rng.randrange(1, 6)), "status": "approved",
            "checks": [], "created_at": utcnow()}


def _costs(country: str, perfs: list[dict], profiles: list[dict], period: date) -> None:
    """Estimated cost of each performance with the country's batch API (one call)."""
    payroll = registry().get(country).payroll
    inputs = [payroll.input_from(PayFacts(period=period, gross=p["gross"], kind=p["kind"],
                                          start=p["start"], end=p["end"], worker_id=str(p["member_id"]),
                                          hours=p["hours"], profile=w["profile"],
                                          employer=EMPLOYER.get(country, {})))
              for p, w in zip(perfs, profiles)]
    for perf, slip in zip(perfs, payroll.compute_batch(inputs, None)):
        perf["estimated_cost"] = slip.employer_cost


def _revenue(perfs: list[dict], rng: random.Random) -> list[dict]:
    """An invoice's worth of revenue on each activity, enough for its cost."""
    return [{"id": uuid7(), "tenant_id": p["tenant_id"], "activity_id": p["activity_id"],
             "entry_date": p["start"] - timedelta(days=20), "kind": "revenue",
             "amount": p["estimated_cost"] + Decimal(rng.randrange(0, 200_000)) / 100,
             "source_type": None, "source_id": None, "invoice_id": None,
             "description": "client invoices (demo)", "created_at": utcnow()} for p in perfs]


def seed_payroll(db: Database, tenant_id: uuid.UUID, country: str, members: int, period: date,
                 seed: int = 7, slug: str | None = None) -> None:
    """``members`` members with a profile, an activity, its revenue and one approved performance."""
    rng = random.Random(f"{seed}-{tenant_id}")
    with bind_tenant(tenant_id), db.session() as session:
        settings = payroll_settings(session)
        settings.employer = employer_of(country, slug)
        settings.guarantee_limit_member, settings.guarantee_limit_total = Decimal(2000), Decimal(100000)
        settings.debtor_iban, settings.debtor_bic = people.iban(country, rng)
        settings.debtor_name = "Payroll account"
        persons = [_person(country, tenant_id, rng) for _ in range(members)]
        perfs = [_performance(country, person, period, rng) for person in persons]
        _costs(country, perfs, [p[1] for p in persons], period)
        insert_rows(session, Member.__table__, [p[0] for p in persons])
        insert_rows(session, Activity.__table__, [p[2] for p in persons])
        insert_rows(session, WorkerProfile.__table__, [p[1] for p in persons])
        insert_rows(session, LedgerEntry.__table__, _revenue(perfs, rng))
        insert_rows(session, Performance.__table__, perfs)


def _run_one(db: Database, tenant, members: int, period: date, advance) -> list[str]:
    from partage.core.payroll.documents import render_run
    from partage.core.payroll.service import run_for_slug
    from partage.core.settings import settings

    seed_payroll(db, tenant.id, tenant.country, members, period, slug=tenant.slug)
    advance()
    var = settings().var_dir
    summary = run_for_slug(db, tenant.slug, period, approve=True, paid=True,
                           sepa=var / "demo" / f"sepa-{tenant.slug}-{period:%Y-%m}.xml")
    advance()
    with bind_tenant(tenant.id):
        pdfs = render_run(db, summary.progress.run_id, var / "demo" / f"payslips-{tenant.slug}")
    advance()
    p = summary.progress
    return [tenant.slug, tenant.country, str(p.payslips), str(p.blocked), summary.status,
            f"{summary.seconds:.2f} s", f"{p.payslips / summary.seconds:,.0f}/s" if summary.seconds else "",
            str(pdfs)]


def run_demo_payroll(db: Database, console: Console, members: int = 20, as_of: date | None = None,
                     phases=None) -> None:
    """Seed ``members`` members per demo tenant and pay the run of the month of ``as_of`` (default
    today) for each: members and performances, the run (paid, SEPA file), the payslip PDFs."""
    if members <= 0:
        console.print("[dim]payroll: no demo members requested[/]")
        return
    period = (as_of or date.today()).replace(day=1)
    table = Table("tenant", "country", "payslips", "blocked", "status", "time", "rate", "PDFs",
                  title=f"Payroll runs {period:%Y-%m} ({members} members per tenant)")
    tenants = [t for t in list_tenants(db) if getattr(registry().get(t.country), "payroll", None) is not None]
    with (phases.phase("payroll", 3 * len(tenants)) if phases else nullcontext(lambda *a, **k: None)) as advance:
        for tenant in tenants:
            table.add_row(*_run_one(db, tenant, members, period, advance))
    console.print(table)
    console.print("SEPA files and payslip PDFs are under var/demo/")
