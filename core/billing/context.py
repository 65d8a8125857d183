"""What a billing service needs about the bound tenant: the tenant, its settings, its country rules."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.billing.models import BillingSettings
from core.billing.rules import ParameterBillingRules
from core.plugins import registry
from core.tenancy import require_tenant


@dataclass(frozen=True)
class BillingContext:
    tenant: object  # tenants.models.Tenant (core does not import tenants)
    settings: BillingSettings
    rules: ParameterBillingRules

    @property
    def country(self) -> str:
        return self.tenant.country


def default_settings() -> BillingSettings:
    """The settings a tenant has before it saves its own (column defaults, not persisted)."""
    values = {c.key: c.default.arg for c in BillingSettings.__table__.columns
              if c.default is not None and not callable(c.default.arg)}
    return BillingSettings(**values)


def tenant_settings(session: Session) -> BillingSettings:
    found = session.scalars(select(BillingSettings)).first()
    return found or default_settings()


def billing_context(session: Session) -> BillingContext:
    """The bound tenant (from the ``tenants`` table), its billing settings and plugin rules."""
    tenant_id = require_tenant("billing")
    tenant = _tenant_row(session, tenant_id)
    rules = registry().get(tenant.country).billing
    return BillingContext(tenant, tenant_settings(session), rules)


def _tenant_row(session: Session, tenant_id):
    from core.db.base import Base

    tenant_cls = next(m.class_ for m in Base.registry.mappers if m.local_table.name == "tenants")
    return session.get(tenant_cls, tenant_id)
