"""What a billing service needs about the bound tenant: the tenant, its settings, its country rules."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from partage.core.billing.models import BillingSettings
from partage.core.billing.rules import ParameterBillingRules
from partage.core.plugins import registry
from partage.core.tenant_facts import TenantFacts, tenant_facts


@dataclass(frozen=True)
class BillingContext:
    tenant: TenantFacts
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
    """The bound tenant's facts, its billing settings and plugin rules."""
    tenant = tenant_facts(session)
    rules = registry().get(tenant.country).billing
    return BillingContext(tenant, tenant_settings(session), rules)
