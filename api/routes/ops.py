"""Platform ops: tenants across the platform, always through the audited ``cross_tenant`` path."""
from __future__ import annotations

import tempfile
from contextlib import AbstractContextManager
import uuid
from datetime import datetime
from pathlib import Path
from typing import Annotated

import msgspec
import yaml
from litestar import get, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody
from msgspec import Meta, Struct
from sqlalchemy import select

from partage.api.deps import Caller
from partage.api.principal import Principal
from partage.api.timefmt import utc
from partage.core.errors import Conflict, NotFound, ValidationFailed
from partage.core.tenancy import cross_tenant
from partage.tenants.directory import find_tenant, tenant_by_slug
from partage.tenants.models import Tenant
from partage.tenants.preset import PresetError
from partage.tenants.provisioning import apply_preset

TAGS = ["ops"]


class TenantOut(Struct):
    id: uuid.UUID
    slug: str
    legal_name: str
    country: str
    company_number: str | None
    vat_number: str | None
    locales: list[str]
    currency: str
    contribution_rate: str
    modules: list[str]
    created_at: datetime

    @classmethod
    def of(cls, t: Tenant) -> "TenantOut":
        return cls(id=t.id, slug=t.slug, legal_name=t.legal_name, country=t.country,
                   company_number=t.company_number, vat_number=t.vat_number, locales=list(t.locales),
                   currency=t.currency, contribution_rate=str(t.contribution_rate),
                   modules=list(t.modules), created_at=utc(t.created_at))


class BrandingIn(Struct, forbid_unknown_fields=True, omit_defaults=True):
    primary_color: Annotated[str, Meta(max_length=7)] = "#1f4e79"
    secondary_color: Annotated[str, Meta(max_length=7)] = "#f2a900"
    document_footer: Annotated[str, Meta(max_length=500)] = ""


class TenantCreate(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """The fields of a tenant preset (``tenants/presets/*/tenant.yaml``), validated the same way."""

    slug: Annotated[str, Meta(min_length=2, max_length=63)]
    legal_name: Annotated[str, Meta(min_length=1, max_length=200)]
    country: Annotated[str, Meta(min_length=2, max_length=2)]
    contribution_rate: Annotated[str, Meta(max_length=12, description="fraction, e.g. 0.065")]
    company_number: Annotated[str, Meta(max_length=40)] | None = None
    vat_number: Annotated[str, Meta(max_length=40)] | None = None
    locales: list[str] = msgspec.field(default_factory=lambda: ["en"])
    currency: Annotated[str, Meta(min_length=3, max_length=3)] = "EUR"
    modules: list[str] = msgspec.field(default_factory=list)
    branding: BrandingIn | None = None


def _reason(principal: Principal, what: str) -> AbstractContextManager:
    return cross_tenant(actor=principal.actor, reason=f"ops: {what}")


@get("/ops/tenants", opt={"permission": "ops:tenants:read"}, sync_to_thread=True, tags=TAGS)
def list_tenants(state: State, principal: Caller) -> list[TenantOut]:
    with _reason(principal, "list tenants"), state.db.session() as s:
        return [TenantOut.of(t) for t in s.scalars(select(Tenant).order_by(Tenant.slug))]


@get("/ops/tenants/{tenant_id:uuid}", opt={"permission": "ops:tenants:read"}, sync_to_thread=True,
     tags=TAGS)
def get_tenant(tenant_id: FromPath[uuid.UUID], state: State, principal: Caller) -> TenantOut:
    with _reason(principal, f"read tenant {tenant_id}"), state.db.session() as s:
        tenant = s.get(Tenant, tenant_id)
        if tenant is None:
            raise NotFound("no such tenant")
        return TenantOut.of(tenant)


def _provision(state: State, data: TenantCreate, actor: str) -> None:
    """Write the request as a preset file and apply it: one validation path for CLI and API."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tenant.yaml"
        path.write_text(yaml.safe_dump(msgspec.to_builtins(data)), encoding="utf-8")
        try:
            apply_preset(state.db, path, actor=actor)
        except PresetError as exc:
            raise ValidationFailed.field(exc.field, exc.message) from None


@post("/ops/tenants", opt={"permission": "ops:tenants:write"}, sync_to_thread=True, tags=TAGS)
def create_tenant(data: JSONBody[TenantCreate], state: State, principal: Caller) -> TenantOut:
    """Create a tenant from preset fields (country rules check the company and VAT numbers)."""
    with _reason(principal, f"create tenant {data.slug}"), state.db.session() as s:
        if find_tenant(s, data.slug) is not None:
            raise Conflict(f"a tenant with slug {data.slug!r} already exists")
    _provision(state, data, principal.actor)
    with _reason(principal, f"read tenant {data.slug}"), state.db.session() as s:
        return TenantOut.of(tenant_by_slug(s, data.slug))
