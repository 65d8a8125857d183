"""The one tenant lookup: by slug (normalised here, once) or by id, and the facts core reads.

Every caller that turns a slug into a tenant (CLI ``--tenant``, sign-in forms, OIDC, ops, presets,
core's payroll run by slug) goes through `find_tenant` / `tenant_by_slug`; core reaches them through
`DIRECTORY`, registered under the ``partage.tenant_directory`` entry point.
"""
from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from partage.core.tenant_facts import TenantFacts, UnknownTenant
from partage.tenants.models import Tenant


def slug_key(slug: str) -> str:
    """A slug as stored: surrounding spaces dropped, lower case (``" Smart-BE "`` -> ``"smart-be"``)."""
    return slug.strip().lower()


def find_tenant(session: Session, slug: str) -> Tenant | None:
    return session.scalars(select(Tenant).where(Tenant.slug == slug_key(slug))).first()


def tenant_by_slug(session: Session, slug: str) -> Tenant:
    """The tenant ``slug``; `UnknownTenant` (naming the ``tenant`` field) when there is none."""
    tenant = find_tenant(session, slug)
    if tenant is None:
        raise UnknownTenant(slug)
    return tenant


def facts_of(tenant: Tenant) -> TenantFacts:
    return TenantFacts(
        id=tenant.id, slug=tenant.slug, legal_name=tenant.legal_name, country=tenant.country,
        company_number=tenant.company_number, vat_number=tenant.vat_number, currency=tenant.currency,
        contribution_rate=tenant.contribution_rate, locales=tuple(tenant.locales or ()),
        branding=dict(tenant.branding or {}), modules=tuple(tenant.modules or ()))


class Directory:
    """`core.tenant_facts.TenantDirectory` over the ``tenants`` table."""

    def facts(self, session: Session, tenant_id: uuid.UUID) -> TenantFacts | None:
        tenant = session.get(Tenant, tenant_id)
        return None if tenant is None else facts_of(tenant)

    def id_by_slug(self, session: Session, slug: str) -> uuid.UUID | None:
        return session.scalar(select(Tenant.id).where(Tenant.slug == slug_key(slug)))


DIRECTORY = Directory()
