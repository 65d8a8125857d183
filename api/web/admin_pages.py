"""Tenant settings (branding with a live preview, modules) and the user's profile (language)."""
from __future__ import annotations

from typing import Annotated

from litestar import Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.params import Body

from partage.api.deps import Caller, Session
from partage.api.tenant_settings import update_settings
from partage.api.web import i18n
from partage.api.web.forms import FormErrors
from partage.api.web.render import Page, brand_of, html, page_of, redirect
from partage.api.web.scope import member_of
from partage.core.errors import PartageError
from partage.tenants.preset import KNOWN_MODULES

ADMIN = {"permission": "tenant_settings:write"}
ME = {"permission": "me:read"}
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
BRAND_FIELDS = ("primary_color", "secondary_color", "logo_data_uri", "document_footer")


def _form_of(tenant) -> dict:
    branding = tenant.branding or {}
    form = {k: branding.get(k) or "" for k in BRAND_FIELDS}
    form.update({f"module_{m}": "on" for m in tenant.modules or ()})
    return form


def _settings_page(request, session, page: Page, errors, form) -> Response:
    preview = _preview_brand(page, form)
    return html(request, session, "settings.html", page=page, errors=errors, form=form,
                modules=KNOWN_MODULES, preview=preview)


def _preview_brand(page: Page, form: dict) -> dict:
    class Shadow:   # the tenant as it would look with the form's values
        legal_name = page.tenant.legal_name
        branding = {k: form.get(k) for k in BRAND_FIELDS}
    return brand_of(Shadow)


@get("/app/admin/settings", opt=ADMIN, include_in_schema=False, sync_to_thread=True)
def settings_page(request: Request, session: Session) -> Response:
    page = page_of(request, session)
    return _settings_page(request, session, page, FormErrors(page.lang), _form_of(page.tenant))


@get("/app/admin/settings/preview", opt=ADMIN, include_in_schema=False, sync_to_thread=True)
def settings_preview(request: Request, session: Session) -> Response:
    page = page_of(request, session)
    return html(request, session, "settings_preview.html", page=page,
                preview=_preview_brand(page, dict(request.query_params)))


@post("/app/admin/settings", opt=ADMIN, include_in_schema=False, sync_to_thread=True, status_code=200)
def settings_save(request: Request, session: Session, principal: Caller, data: Form) -> Response:
    page = page_of(request, session)
    errors = FormErrors(page.lang)
    branding = {k: (data.get(k) or "").strip() for k in BRAND_FIELDS}
    branding = {k: v for k, v in branding.items() if v or k == "document_footer"}
    changes = {"branding": branding, "modules": [m for m in KNOWN_MODULES if data.get(f"module_{m}")]}
    try:
        update_settings(session, page.tenant, changes, principal.actor)
        return redirect(request, "/app/admin/settings")
    except PartageError as exc:
        errors.add_service_error(exc, ("branding", "modules"))
        for err in getattr(exc, "errors", []):
            field = err.field.removeprefix("branding.")
            if field in BRAND_FIELDS:
                errors.pop("branding", None)
                errors.add(field, _colour_message(field))
    return _settings_page(request, session, page_of(request, session), errors, dict(data))


def _colour_message(field: str) -> str:
    return "Enter a colour like #1f4e79" if field.endswith("color") else "This value is not accepted"


@get("/app/profile", opt=ME, include_in_schema=False, sync_to_thread=True)
def profile(request: Request, session: Session) -> Response:
    page = page_of(request, session)
    return html(request, session, "profile.html", page=page, member=member_of(session, page.user),
                languages=[("", "—"), ("fr", "Français"), ("nl", "Nederlands"), ("en", "English")],
                chosen=request.cookies.get(i18n.LANG_COOKIE, ""))


@post("/app/profile", opt=ME, include_in_schema=False, sync_to_thread=False, status_code=200)
def profile_save(request: Request, data: Form) -> Response:
    lang = data.get("language") or ""
    response = redirect(request, "/app/profile")
    if lang in i18n.LANGUAGES:
        response.cookies.append(Cookie(key=i18n.LANG_COOKIE, value=lang, max_age=400 * 86400, path="/",
                                       samesite="lax", httponly=True))
    else:
        response.delete_cookie(i18n.LANG_COOKIE)
    return response
