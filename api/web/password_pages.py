"""Choose a password from an e-mailed link (invitation or reset), and ask for a reset link.

Public pages: the link's token names its tenant, the lookup runs bound to it, and the token is
spent by its first use. Asking for a reset answers the same whether the account exists or not.
"""
from __future__ import annotations

import logging
from typing import Annotated

from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.enums import RequestEncodingType
from litestar.params import Body

from partage.tenants.directory import find_tenant
from partage.api.web.mails import send_link
from partage.api.web.forms import FormErrors, required
from partage.api.web.render import html, page_of
from partage.core.errors import PartageError
from partage.core.identity import tokens
from partage.core.identity.users import find_by_email, normalise_email
from partage.core.tenancy import bind_tenant
from partage.tenants.models import Tenant

PUBLIC = {"permission": "public"}
log = logging.getLogger("partage.web")
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


def _tenant(state: State, token: str) -> Tenant | None:
    tenant_id = tokens.tenant_of(token)
    if tenant_id is None:
        return None
    with state.db.session() as s:
        found = s.get(Tenant, tenant_id)
        if found is not None:
            s.expunge(found)
        return found


def _page(request: Request, tenant: Tenant | None):
    page = page_of(request)
    page.tenant = tenant
    if tenant is not None:
        from partage.api.web import i18n
        from partage.api.web.render import brand_of

        page.lang = i18n.choose(request.cookies.get(i18n.LANG_COOKIE), tenant.locales,
                                request.headers.get("accept-language", ""))
        page.brand = brand_of(tenant)
    return page


@get("/password", opt=PUBLIC, include_in_schema=False, sync_to_thread=True)
def password_form(request: Request, state: State) -> Response:
    token = request.query_params.get("token") or ""
    tenant = _tenant(state, token)
    page = _page(request, tenant)
    purpose = user = None
    if tenant is not None:
        with bind_tenant(tenant.id), state.db.session() as s:
            try:
                purpose, found = tokens.check(s, token)
                user = found.email
            except tokens.TokenRefused:
                pass
    if purpose is None:
        return html(request, None, "password.html", page=page, status=410, refused=True, errors=FormErrors(page.words))
    return html(request, None, "password.html", page=page, token=token, purpose=purpose, email=user,
                errors=FormErrors(page.words), refused=False)


@post("/password", opt=PUBLIC, include_in_schema=False, sync_to_thread=True, status_code=200)
def password_set(request: Request, state: State, data: Form) -> Response:
    token = data.get("token") or ""
    tenant = _tenant(state, token)
    page = _page(request, tenant)
    errors = FormErrors(page.words)
    if tenant is None:
        return html(request, None, "password.html", page=page, status=410, refused=True, errors=errors)
    with bind_tenant(tenant.id), state.db.session() as s:
        try:
            purpose, user = tokens.check(s, token)
            email = user.email
            tokens.redeem(s, token, data.get("password") or "", data.get("confirm") or "")
        except tokens.TokenRefused:
            return html(request, None, "password.html", page=page, status=410, refused=True, errors=errors)
        except PartageError as exc:
            errors.add_service_error(exc, ("password", "confirm"))
            return html(request, None, "password.html", page=page, token=token, purpose=purpose,
                        email=email, errors=errors, refused=False)
    return html(request, None, "password_done.html", page=page, tenant_slug=tenant.slug, email=email)


@get("/password/forgot", opt=PUBLIC, include_in_schema=False, sync_to_thread=False)
def forgot_form(request: Request) -> Response:
    page = page_of(request)
    return html(request, None, "password_forgot.html", page=page, errors=FormErrors(page.words),
                form={}, sent=False)


@post("/password/forgot", opt=PUBLIC, include_in_schema=False, sync_to_thread=True, status_code=200)
def forgot(request: Request, state: State, data: Form) -> Response:
    """Mail a reset link if the account exists and is active; the answer never tells which."""
    page = page_of(request)
    errors = FormErrors(page.words)
    form = {k: required(data, errors, k) for k in ("tenant", "email")}
    address = request.client.host if request.client else "?"
    if not errors and state.throttle.check_address(address):
        errors.add("_form", "Too many attempts; try again later")
    if errors:
        return html(request, None, "password_forgot.html", page=page, errors=errors, form=form, sent=False)
    with state.db.session() as s:
        tenant = find_tenant(s, form["tenant"])
        if tenant is not None:
            s.expunge(tenant)
    if tenant is not None:
        with bind_tenant(tenant.id), state.db.session() as s:
            user = find_by_email(s, normalise_email(form["email"]))
            if user is not None and user.active and user.password_hash:
                try:
                    with s.begin_nested():
                        send_link(s, state.settings, str(request.base_url), tenant, user, tokens.RESET,
                                  actor="system")
                except PartageError:
                    log.warning("password reset mail not sent for tenant %s", tenant.slug)
    return html(request, None, "password_forgot.html", page=page, errors=errors, form={}, sent=True)
