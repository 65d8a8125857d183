"""Tenant settings a tenant admin may change (branding, modules, locales, contribution rate).

Validation reuses the preset rules (``tenants.preset``) so a tenant edited here stays valid as a preset.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from partage.core.audit import record
from partage.core.errors import FieldError, ValidationFailed
from partage.tenants.models import Tenant
from partage.tenants.preset import COLOUR, KNOWN_LOCALES, KNOWN_MODULES

LOGO = re.compile(r"^data:image/(png|svg\+xml|jpeg);base64,[A-Za-z0-9+/=]+$")
MAX_LOGO = 300_000
MAX_FOOTER = 500


def _check_branding(branding: dict) -> list[FieldError]:
    errors = []
    for key in ("primary_color", "secondary_color"):
        if key in branding and not COLOUR.match(branding[key]):
            errors.append(FieldError(f"branding.{key}", "a colour like #1f4e79"))
    logo = branding.get("logo_data_uri")
    if logo is not None and (len(logo) > MAX_LOGO or not LOGO.match(logo)):
        errors.append(FieldError("branding.logo_data_uri",
                                 f"a base64 PNG, JPEG or SVG data URI under {MAX_LOGO} characters"))
    if len(branding.get("document_footer") or "") > MAX_FOOTER:
        errors.append(FieldError("branding.document_footer", f"at most {MAX_FOOTER} characters"))
    return errors


def _check_lists(changes: dict) -> list[FieldError]:
    errors = []
    for field, known in (("modules", KNOWN_MODULES), ("locales", KNOWN_LOCALES)):
        for value in changes.get(field) or ():
            if value not in known:
                errors.append(FieldError(field, f"unknown {value!r}; known: {', '.join(known)}"))
    if changes.get("locales") == []:
        errors.append(FieldError("locales", "at least one locale"))
    return errors


def _rate(value: str) -> Decimal:
    try:
        rate = Decimal(value)
    except InvalidOperation:
        raise ValidationFailed.field("contribution_rate", "not a decimal number") from None
    if not rate.is_finite() or not Decimal(0) <= rate < Decimal(1) or rate != rate.quantize(Decimal("0.0001")):
        raise ValidationFailed.field("contribution_rate",
                                     "a fraction between 0 and 1 with at most 4 decimals (0.065 = 6.5 %)")
    return rate


def update_settings(session, tenant: Tenant, changes: dict, actor: str) -> Tenant:
    """Apply ``changes`` (only the keys given), all validated first; one audit event."""
    errors = _check_branding(changes.get("branding") or {}) + _check_lists(changes)
    if errors:
        raise ValidationFailed(errors)
    if changes.get("contribution_rate") is not None:
        tenant.contribution_rate = _rate(changes["contribution_rate"])
    if changes.get("branding"):
        tenant.branding = {**(tenant.branding or {}), **changes["branding"]}
    for field in ("modules", "locales"):
        if changes.get(field) is not None:
            setattr(tenant, field, list(dict.fromkeys(changes[field])))
    record(session, actor=actor, action="tenant.settings_updated", subject=f"tenant:{tenant.slug}",
           payload={"fields": sorted(k for k, v in changes.items() if v is not None)},
           tenant_id=tenant.id)
    return tenant
