"""Declarative tenant definitions (``tenants/presets/<slug>/tenant.yaml``), validated field by field."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import msgspec
import yaml

from partage.core.plugins import InvalidIdentifier, UnknownCountry, registry

KNOWN_LOCALES = ("fr", "nl", "en")
KNOWN_MODULES = ("billing", "payroll", "declarations", "expenses", "guarantee_fund", "einvoice")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class PresetError(ValueError):
    """A preset refused, naming the field."""

    def __init__(self, field: str, message: str, source: Path | None = None) -> None:
        self.field, self.message = field, message
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{field}: {message}")


class Branding(msgspec.Struct, forbid_unknown_fields=True):
    primary_color: str = "#1f4e79"
    secondary_color: str = "#f2a900"
    logo: str | None = None          # file name inside the preset folder (SVG or PNG)
    document_footer: str = ""


class Oidc(msgspec.Struct, forbid_unknown_fields=True):
    issuer: str | None = None
    client_id: str | None = None
    client_secret_env: str | None = None  # name of the env var holding the secret, never the secret


class Preset(msgspec.Struct, forbid_unknown_fields=True):
    slug: str
    legal_name: str
    country: str
    contribution_rate: str
    company_number: str | None = None
    vat_number: str | None = None
    locales: list[str] = msgspec.field(default_factory=lambda: ["en"])
    currency: str = "EUR"
    modules: list[str] = msgspec.field(default_factory=list)
    branding: Branding = msgspec.field(default_factory=Branding)
    oidc: Oidc = msgspec.field(default_factory=Oidc)


def _decode(path: Path) -> Preset:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PresetError("(file)", f"not valid YAML: {exc}", path) from exc
    try:
        return msgspec.convert(raw, Preset, strict=False)
    except msgspec.ValidationError as exc:
        field = re.search(r"`\$\.([\w.\[\]]+)`", str(exc)) or re.search(r"field `(\w+)`", str(exc))
        raise PresetError(field.group(1) if field else "(preset)", str(exc), path) from exc


def _check_identifiers(preset: Preset, plugin) -> None:
    rules = getattr(plugin, "identifiers", None)
    for field, kind in (("company_number", "company_kind"), ("vat_number", "vat_kind")):
        value = getattr(preset, field)
        if value is None or rules is None:
            continue
        try:
            setattr(preset, field, rules.validate(getattr(rules, kind), value))
        except InvalidIdentifier as exc:
            raise PresetError(field, str(exc)) from exc


def _check_fields(preset: Preset) -> None:
    if not SLUG.match(preset.slug):
        raise PresetError("slug", "lowercase letters, digits and dashes, 2-63 characters")
    try:
        rate = Decimal(preset.contribution_rate)
    except InvalidOperation as exc:
        raise PresetError("contribution_rate", "not a decimal number") from exc
    if not Decimal(0) <= rate < Decimal(1):
        raise PresetError("contribution_rate", "must be a fraction between 0 and 1 (0.065 = 6.5 %)")
    for locale in preset.locales:
        if locale not in KNOWN_LOCALES:
            raise PresetError("locales", f"unknown locale {locale!r}; known: {', '.join(KNOWN_LOCALES)}")
    for module in preset.modules:
        if module not in KNOWN_MODULES:
            raise PresetError("modules", f"unknown module {module!r}; known: {', '.join(KNOWN_MODULES)}")
    for field in ("primary_color", "secondary_color"):
        if not COLOUR.match(getattr(preset.branding, field)):
            raise PresetError(f"branding.{field}", "a colour like #1f4e79")


def load_preset(path: Path) -> Preset:
    """Read and validate a preset folder (or its ``tenant.yaml``); raises :class:`PresetError`."""
    folder = path if path.is_dir() else path.parent
    file = folder / "tenant.yaml" if path.is_dir() else path
    if not file.exists():
        raise PresetError("(file)", "no tenant.yaml in this folder", folder)
    preset = _decode(file)
    try:
        _check_fields(preset)
        try:
            plugin = registry().get(preset.country)
        except UnknownCountry as exc:
            raise PresetError("country", str(exc)) from exc
        _check_identifiers(preset, plugin)
        if preset.branding.logo and not (folder / preset.branding.logo).is_file():
            raise PresetError("branding.logo", f"file {preset.branding.logo!r} not found next to tenant.yaml")
    except PresetError as exc:
        raise PresetError(exc.field, exc.message, file) from None
    return preset
