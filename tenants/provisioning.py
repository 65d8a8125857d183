"""Create or update a tenant from a preset, idempotently, in one audited transaction."""
from __future__ import annotations

import base64
import mimetypes
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import msgspec
from sqlalchemy import select

from partage.core.audit import record
from partage.core.db import Database
from partage.core.tenancy import cross_tenant
from partage.tenants import directory
from partage.tenants.models import Tenant
from partage.tenants.preset import Preset, load_preset


@dataclass(frozen=True)
class ApplyResult:
    slug: str
    created: bool
    changed: tuple[str, ...]


def _logo_data_uri(folder: Path, logo: str | None) -> str | None:
    if not logo:
        return None
    mime = mimetypes.guess_type(logo)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode((folder / logo).read_bytes()).decode()}"


def tenant_values(preset: Preset, folder: Path) -> dict:
    """Column values of the tenant described by ``preset``."""
    branding = msgspec.to_builtins(preset.branding)
    branding["logo_data_uri"] = _logo_data_uri(folder, preset.branding.logo)
    return {
        "legal_name": preset.legal_name, "country": preset.country,
        "company_number": preset.company_number, "vat_number": preset.vat_number,
        "locales": list(preset.locales), "currency": preset.currency,
        "contribution_rate": Decimal(preset.contribution_rate), "modules": list(preset.modules),
        "branding": branding, "oidc": msgspec.to_builtins(preset.oidc),
    }


def _update(tenant: Tenant, values: dict) -> tuple[str, ...]:
    changed = tuple(k for k, v in values.items() if getattr(tenant, k) != v)
    for key in changed:
        setattr(tenant, key, values[key])
    return changed


def apply_preset(db: Database, path: Path, actor: str = "cli") -> ApplyResult:
    """Validate then write; nothing is written when validation fails."""
    preset = load_preset(path)
    folder = path if path.is_dir() else path.parent
    values = tenant_values(preset, folder)
    with cross_tenant(actor=actor, reason=f"apply tenant preset {preset.slug}"), db.session() as s:
        tenant = directory.find_tenant(s, preset.slug)
        created = tenant is None
        if created:
            tenant = Tenant(slug=preset.slug, **values)
            s.add(tenant)
            s.flush()
            changed = tuple(values)
        else:
            changed = _update(tenant, values)
        if changed:
            record(s, actor=actor, action="tenant.created" if created else "tenant.updated",
                   subject=f"tenant:{preset.slug}", payload={"fields": sorted(changed)},
                   tenant_id=tenant.id)
    return ApplyResult(slug=preset.slug, created=created, changed=changed)


def list_tenants(db: Database) -> list[Tenant]:
    """Tenants are the root of tenancy, not tenant-owned data: listing them needs no grant."""
    with db.session() as s:
        return list(s.scalars(select(Tenant).order_by(Tenant.slug)))


def tenant_by_slug(db: Database, slug: str) -> Tenant:
    """`tenants.directory.tenant_by_slug` in its own transaction (`UnknownTenant` is a LookupError)."""
    with db.session() as s:
        return directory.tenant_by_slug(s, slug)
