"""Demo-like stored data for the declaration service tests: tenants, a paid payroll run, invoices."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timezone

from sqlalchemy import select

from partage.core.db import Database
from partage.core.payroll.models import PayrollSettings
from partage.core.payroll.service import run_for_slug
from partage.core.tenancy import bind_tenant, cross_tenant
from partage.tenants.demo_payroll import seed_payroll
from partage.tenants.models import Tenant
from tests.conftest import create_tenant

AT = datetime(2026, 4, 14, 10, 0, tzinfo=timezone.utc)
MARCH = date(2026, 3, 1)
NUMBERS = {"be": ("0403019261", "BE0403019261"), "fr": ("732829320", "FR40732829320")}


def tenant(db: Database, country: str = "be", slug: str | None = None) -> tuple[uuid.UUID, str]:
    slug = slug or f"decl-{uuid.uuid4().hex[:8]}"
    tenant_id = create_tenant(db, slug, country)
    company, vat = NUMBERS[country]
    with cross_tenant(actor="test", reason="declaration fixture"), db.session() as s:
        row = s.get(Tenant, tenant_id)
        row.company_number, row.vat_number = company, vat
    return tenant_id, slug


def employer_facts(db: Database, tenant_id: uuid.UUID, **facts) -> None:
    from partage.core.payroll.performances import payroll_settings

    with bind_tenant(tenant_id), db.session() as s:
        settings = payroll_settings(s)
        settings.employer = {**(settings.employer or {}), **facts}


def drop_employer_facts(db: Database, tenant_id: uuid.UUID, *names: str) -> None:
    with bind_tenant(tenant_id), db.session() as s:
        settings = s.scalar(select(PayrollSettings))
        settings.employer = {k: v for k, v in (settings.employer or {}).items() if k not in names}


def paid_run(db: Database, country: str = "be", members: int = 6, period: date = MARCH,
             approve: bool = True) -> tuple[uuid.UUID, str]:
    """A tenant with ``members`` members, their performances and the month's run (paid if ``approve``)."""
    tenant_id, slug = tenant(db, country, f"demo-{country}-{members}")  # fixed slug: same seeded data
    seed_payroll(db, tenant_id, country, members, period)
    employer_facts(db, tenant_id, onss_number="197200032")
    run_for_slug(db, slug, period, approve=approve, paid=approve)
    return tenant_id, slug


# The VAT declarant's address and contact (Intervat Declarant block).
BE_DECLARANT = {"street": "Rue Coenraets 72", "postcode": "1060", "city": "Saint-Gilles",
                "email": "tva@example.org", "phone": "+32 2 542 10 80"}
FR_FACTS = {"nic": "00074", "naf": "7022Z", "urssaf_id": "78861779300013", "street": "10 rue des Coopératives",
            "postcode": "75011", "city": "Paris", "email": "paie@example.org", "phone": "0102030405",
            "idcc": "1486", "at_risk_code": "742CB", "at_rate": "0.0120"}


def paid_fr_run(db: Database, members: int = 6) -> tuple[uuid.UUID, str]:
    tenant_id, slug = paid_run(db, "fr", members)
    employer_facts(db, tenant_id, **FR_FACTS)
    return tenant_id, slug
