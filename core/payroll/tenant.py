"""What payroll reads about the bound tenant: `core.tenant_facts` (core does not import ``tenants``)."""
from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from partage.core.tenant_facts import TenantFacts, directory, tenant_facts

__all__ = ["TenantFacts", "tenant_facts", "tenant_id_by_slug"]


def tenant_id_by_slug(session: Session, slug: str) -> uuid.UUID | None:
    """The one tenant lookup (`tenants.directory`), None when no tenant has ``slug``."""
    return directory().id_by_slug(session, slug)
