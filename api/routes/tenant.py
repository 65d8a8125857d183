"""The caller's tenant: settings read by everyone in it, changed by its admins."""
from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import get, patch
from litestar.params import JSONBody
from msgspec import Meta, Struct

from partage.api.deps import Caller, Session
from partage.api.tenant_settings import update_settings
from partage.tenants.models import Tenant

TAGS = ["tenant"]


class Branding(Struct):
    primary_color: str | None = None
    secondary_color: str | None = None
    logo_data_uri: str | None = None
    document_footer: str | None = None


class TenantSettings(Struct):
    slug: str
    legal_name: str
    country: str
    locales: list[str]
    currency: str
    contribution_rate: str
    modules: list[str]
    branding: Branding

    @classmethod
    def of(cls, t: Tenant) -> "TenantSettings":
        known = {k: v for k, v in (t.branding or {}).items() if k in Branding.__struct_fields__}
        return cls(slug=t.slug, legal_name=t.legal_name, country=t.country, locales=list(t.locales),
                   currency=t.currency, contribution_rate=str(t.contribution_rate),
                   modules=list(t.modules), branding=Branding(**known))


class BrandingPatch(Struct, forbid_unknown_fields=True, omit_defaults=True):
    primary_color: Annotated[str, Meta(max_length=7)] | None = None
    secondary_color: Annotated[str, Meta(max_length=7)] | None = None
    logo_data_uri: str | None = None
    document_footer: Annotated[str, Meta(max_length=500)] | None = None


class SettingsPatch(Struct, forbid_unknown_fields=True):
    branding: BrandingPatch | None = None
    modules: list[str] | None = None
    locales: list[str] | None = None
    contribution_rate: Annotated[str, Meta(max_length=12, description="fraction, e.g. 0.065")] | None = None


@get("/tenant/settings", opt={"permission": "tenant_settings:read"}, sync_to_thread=True, tags=TAGS)
def read_settings(session: Session, principal: Caller) -> TenantSettings:
    """Branding, modules, locales and contribution rate of the caller's tenant."""
    return TenantSettings.of(session.get(Tenant, principal.tenant_id))


@patch("/tenant/settings", opt={"permission": "tenant_settings:write"}, sync_to_thread=True, tags=TAGS)
def change_settings(data: JSONBody[SettingsPatch], session: Session, principal: Caller) -> TenantSettings:
    """Change some settings; fields left out stay as they are."""
    changes = msgspec.to_builtins(data)
    if data.branding is not None:
        changes["branding"] = {k: v for k, v in msgspec.to_builtins(data.branding).items() if v is not None}
    tenant = update_settings(session, session.get(Tenant, principal.tenant_id), changes, principal.actor)
    return TenantSettings.of(tenant)
