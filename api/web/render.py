"""Rendering: one Jinja environment, the page context (tenant branding, user, language, CSRF)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from partage.api.security import CSRF_COOKIE
from partage.api.web import i18n
from partage.core.errors import NotFound
from partage.core.identity import policy
from partage.core.identity.models import User
from partage.tenants.models import Tenant

ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                  autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
_COLOUR = re.compile(r"^#[0-9a-fA-F]{3,8}$")
DEFAULT_BRAND = {"primary": "#1f4e79", "secondary": "#333333"}
STAFF = {policy.ADVISOR, policy.TENANT_ADMIN}


@dataclass
class Page:
    """What every template sees about the request."""

    lang: str
    csrf: str = ""
    tenant: Tenant | None = None
    user: User | None = None
    roles: frozenset = frozenset()
    brand: dict = field(default_factory=lambda: dict(DEFAULT_BRAND))

    @property
    def words(self) -> str:
        """The catalog: the language, in the tenant country's own vocabulary (``fr_FR``)."""
        return i18n.dialect(self.lang, self.tenant.country if self.tenant else None)

    @property
    def modules(self) -> frozenset:
        return frozenset(self.tenant.modules or ()) if self.tenant else frozenset()

    def may(self, permission: str) -> bool:
        """Whether the user's roles give ``permission`` (the menu shows only what opens)."""
        return policy.scope_for(permission, self.roles) is not None

    @property
    def staff(self) -> bool:
        return bool(self.roles & STAFF)

    @property
    def admin(self) -> bool:
        return policy.TENANT_ADMIN in self.roles

    @property
    def ops(self) -> bool:
        return policy.PLATFORM_OPS in self.roles


def _luminance(colour: str) -> float:
    hexa = colour.lstrip("#")
    hexa = "".join(c * 2 for c in hexa[:3]) if len(hexa) in (3, 4) else hexa[:6]
    channels = [int(hexa[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def text_on(colour: str) -> str:
    """Black or white, whichever contrasts more with ``colour`` (WCAG relative luminance)."""
    light = _luminance(colour)
    return "#000000" if (light + 0.05) / 0.05 > 1.05 / (light + 0.05) else "#ffffff"


def brand_of(tenant: Tenant | None) -> dict:
    """Colours (checked: only ``#rgb``-style values reach the CSS) and logo (data: image URIs)."""
    branding = (tenant.branding if tenant else None) or {}
    brand = dict(DEFAULT_BRAND)
    for key in ("primary", "secondary"):
        value = str(branding.get(f"{key}_color") or "")
        if _COLOUR.match(value):
            brand[key] = value
    brand["on_primary"], brand["on_secondary"] = text_on(brand["primary"]), text_on(brand["secondary"])
    logo = str(branding.get("logo_data_uri") or "")
    brand["logo"] = logo if logo.startswith("data:image/") else ""
    brand["footer"] = branding.get("document_footer") or ""
    brand["name"] = tenant.legal_name if tenant else "Partage"
    return brand


def page_of(request: Request, session: Any = None) -> Page:
    principal = request.scope.get("user")
    tenant = user = None
    if principal is not None and session is not None:
        tenant = session.get(Tenant, principal.tenant_id)
        user = session.get(User, principal.user_id) if principal.user_id else None
    chosen = request.cookies.get(i18n.LANG_COOKIE) or (user.language if user is not None else None)
    lang = i18n.choose(chosen, tenant.locales if tenant else None, request.headers.get("accept-language", ""))
    return Page(lang=lang, csrf=request.cookies.get(CSRF_COOKIE, ""), tenant=tenant, user=user,
                roles=frozenset(principal.roles) if principal else frozenset(), brand=brand_of(tenant))


def module_enabled(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """Pages of a module the tenant has not enabled answer 404 (checked after the permission)."""
    module = handler.opt.get("web_module")
    principal = connection.scope.get("user")
    if module and principal is not None and module not in principal.modules:
        raise NotFound("module not enabled for this tenant")


def money(lang: str, value: Decimal | int | float | None) -> str:
    return format_decimal(Decimal(value or 0), format="#,##0.00", locale=lang)


def html(request: Request, session: Any, template: str, status: int = 200,
         headers: dict | None = None, **context: Any) -> Response:
    """Render ``template`` with the page context; ``_`` translates into the page's language."""
    page = context.pop("page", None) or page_of(request, session)
    body = ENV.get_template(template).render(
        page=page, _=lambda m: i18n.translate(page.words, m), money=lambda v: money(page.lang, v),
        number=lambda v: format_decimal(Decimal(v or 0).normalize(), locale=page.lang),
        request=request, **context)
    return Response(body, media_type="text/html; charset=utf-8", status_code=status,
                    headers={"Cache-Control": "no-store", **(headers or {})})


def redirect(request: Request, to: str) -> Response:
    """A redirect HTMX follows (``HX-Redirect``) and a browser follows (303)."""
    if request.headers.get("hx-request"):
        return Response("", status_code=200, headers={"HX-Redirect": to})
    return Response("", status_code=303, headers={"Location": to})
