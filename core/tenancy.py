"""The current tenant, carried in a ``ContextVar`` (per request, per job, per CLI command).

Every tenant-owned query needs a bound tenant. Work across tenants goes through exactly one
path, :func:`cross_tenant`, which requires a reason and is recorded in the audit trail.
"""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator


class TenantNotSet(RuntimeError):
    """A tenant-owned table was touched with no tenant bound."""

    def __init__(self, what: str = "query") -> None:
        super().__init__(f"no tenant bound for this {what}; bind one with bind_tenant() "
                         "or use the audited cross_tenant() path")


class TenantMismatch(RuntimeError):
    """A row of another tenant was about to be written."""


@dataclass(frozen=True, slots=True)
class CrossTenantGrant:
    actor: str
    reason: str


_tenant: ContextVar[uuid.UUID | None] = ContextVar("partage_tenant", default=None)
_cross: ContextVar[CrossTenantGrant | None] = ContextVar("partage_cross_tenant", default=None)


def current_tenant_id() -> uuid.UUID | None:
    return _tenant.get()


def require_tenant(what: str = "query") -> uuid.UUID:
    tenant_id = _tenant.get()
    if tenant_id is None:
        raise TenantNotSet(what)
    return tenant_id


def cross_tenant_grant() -> CrossTenantGrant | None:
    return _cross.get()


@contextmanager
def bind_tenant(tenant_id: uuid.UUID | str) -> Iterator[uuid.UUID]:
    """Bind ``tenant_id`` for the enclosed block (and leave a cross-tenant grant)."""
    value = tenant_id if isinstance(tenant_id, uuid.UUID) else uuid.UUID(str(tenant_id))
    token, cross_token = _tenant.set(value), _cross.set(None)
    try:
        yield value
    finally:
        _cross.reset(cross_token)
        _tenant.reset(token)


@contextmanager
def cross_tenant(*, actor: str, reason: str) -> Iterator[CrossTenantGrant]:
    """THE audited path for work across tenants (platform ops, migrations, audit verification).

    Every database transaction begun under it records a ``cross_tenant`` audit event with the
    actor and the reason (see ``core.db.session``).
    """
    if not actor or not reason.strip():
        raise ValueError("cross_tenant() needs an actor and a reason")
    grant = CrossTenantGrant(actor=actor, reason=reason)
    token, tenant_token = _cross.set(grant), _tenant.set(None)
    try:
        yield grant
    finally:
        _tenant.reset(tenant_token)
        _cross.reset(token)
