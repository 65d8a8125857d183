"""What payroll reads about the bound tenant (the root ``tenants`` table, through the metadata:
``core`` does not import the ``tenants`` package)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.base import load_models
from core.tenancy import require_tenant


@dataclass(frozen=True, slots=True)
class TenantFacts:
    id: uuid.UUID
    slug: str
    legal_name: str
    country: str
    branding: dict[str, Any] = field(default_factory=dict)
    locales: tuple[str, ...] = ()  # the first is the language of its documents
    company_number: str | None = None  # the employer's identifier (BCE/KBO, SIREN)


def tenant_facts(session: Session, tenant_id: uuid.UUID | None = None) -> TenantFacts:
    """Slug, legal name, country, branding and locales of ``tenant_id`` (default: the bound tenant)."""
    table = load_models().tables["tenants"]
    tenant_id = tenant_id or require_tenant("payroll")
    row = session.execute(select(table.c.slug, table.c.legal_name, table.c.country, table.c.branding,
                                 table.c.locales, table.c.company_number).where(table.c.id == tenant_id)).one()
    return TenantFacts(tenant_id, row.slug, row.legal_name, row.country, dict(row.branding or {}),
                       tuple(row.locales or ()), row.company_number)


def tenant_id_by_slug(session: Session, slug: str) -> uuid.UUID | None:
    table = load_models().tables["tenants"]
    return session.scalar(select(table.c.id).where(table.c.slug == slug))
