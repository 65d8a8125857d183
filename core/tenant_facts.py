"""What core knows about a tenant: one typed, read-only record, and one way to find a tenant.

Core does not import the ``tenants`` package (the layers point inward). The tenancy subsystem
supplies a `TenantDirectory` through the ``partage.tenant_directory`` entry point (ours is
``tenants = "partage.tenants.directory:DIRECTORY"``), found at first use; billing, payroll and declarations
(core and country plugins alike) read the tenant only as `TenantFacts`.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib.metadata import entry_points
from typing import Any, Protocol

from sqlalchemy.orm import Session

from partage.core.errors import FieldScopedError, NotFound
from partage.core.tenancy import require_tenant

DIRECTORY_GROUP = "partage.tenant_directory"


@dataclass(frozen=True, slots=True)
class TenantFacts:
    """The legal entity, country, money and document settings of one tenant."""

    id: uuid.UUID
    slug: str
    legal_name: str
    country: str
    company_number: str | None = None
    vat_number: str | None = None
    currency: str = "EUR"
    contribution_rate: Decimal = Decimal("0")
    locales: tuple[str, ...] = ()  # the first is the language of its documents
    branding: dict[str, Any] = field(default_factory=dict)
    modules: tuple[str, ...] = ()

    @property
    def default_locale(self) -> str:
        return self.locales[0] if self.locales else "en"


class UnknownTenant(FieldScopedError, NotFound, LookupError):
    """No tenant has this slug (or id); names the ``tenant`` field."""

    def __init__(self, slug: str) -> None:
        super().__init__("tenant", f"no tenant with slug {slug!r}")


class TenantDirectory(Protocol):
    """What the tenancy subsystem supplies to core."""

    def facts(self, session: Session, tenant_id: uuid.UUID) -> TenantFacts | None: ...

    def id_by_slug(self, session: Session, slug: str) -> uuid.UUID | None: ...


@lru_cache(maxsize=1)
def directory() -> TenantDirectory:
    """The one `TenantDirectory` registered under ``partage.tenant_directory``."""
    found = list(entry_points(group=DIRECTORY_GROUP))
    if len(found) != 1:
        names = ", ".join(sorted(ep.value for ep in found)) or "none"
        raise RuntimeError(f"exactly one {DIRECTORY_GROUP} entry point is needed, found: {names}")
    loaded: TenantDirectory = found[0].load()
    return loaded


def tenant_facts(session: Session, tenant_id: uuid.UUID | None = None) -> TenantFacts:
    """The facts of ``tenant_id`` (default: the bound tenant); `NotFound` when it does not exist."""
    tenant_id = tenant_id or require_tenant("tenant facts")
    facts = directory().facts(session, tenant_id)
    if facts is None:
        raise NotFound(f"no tenant {tenant_id}")
    return facts


def tenant_id_by_slug(session: Session, slug: str) -> uuid.UUID:
    """The id of the tenant ``slug`` (case and surrounding spaces ignored); `UnknownTenant` if none."""
    found = directory().id_by_slug(session, slug)
    if found is None:
        raise UnknownTenant(slug)
    return found
