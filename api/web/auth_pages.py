"""Sign in and out of the web UI (session cookie + CSRF token, as the API's cookie login)."""
from __future__ import annotations

from typing import Annotated

from litestar import Request, Response, get, post
from litestar.datastructures import Cookie, State
from litestar.enums import RequestEncodingType
from litestar.params import Body

import secrets

from partage.api.security import CSRF_COOKIE, SESSION_COOKIE, csrf_token
from partage.core.identity.hashing import same
from partage.api.web.forms import FormErrors, required
from partage.api.web.render import html, page_of, redirect
from partage.core.identity import credentials, policy
from partage.core.identity.hashing import parse_token
from partage.core.identity.users import authenticate, normalise_email
from partage.core.tenancy import bind_tenant
from partage.tenants.directory import DIRECTORY

PUBLIC = {"permission": "public"}
LOGIN_COOKIE = "partage_login"     # double-submit token of the sign-in form (login CSRF)
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


@get("/", opt=PUBLIC, include_in_schema=False, sync_to_thread=False)
def root(request: Request) -> Response:
    """Where a visitor starts: sign-in, the ops console (platform ops only) or the dashboard."""
    principal = request.scope.get("user")
    if principal is None:
        target = "/login"
    elif policy.scope_for("web:member", principal.roles) is None and policy.PLATFORM_OPS in principal.roles:
        target = "/app/ops"
    else:
        target = "/app"
    return Response("", status_code=303, headers={"Location": target})


def login_form(request: Request, state: State, status: int = 200, **context) -> Response:
    """The sign-in page with a fresh form token, also set as a cookie (both must match)."""
    token = secrets.token_urlsafe(24)
    response = html(request, None, "login.html", status=status, login_token=token, **context)
    response.cookies.append(Cookie(key=LOGIN_COOKIE, value=token, httponly=True, samesite="lax",
                                   secure=state.settings.secure_cookies, path="/login", max_age=3600))
    return response


@get("/login", opt=PUBLIC, include_in_schema=False, sync_to_thread=False)
def login_page(request: Request, state: State) -> Response:
    if request.scope.get("user") is not None:
        return redirect(request, "/")
    return login_form(request, state, errors=FormErrors(page_of(request).lang), form={})


def _session_cookies(state: State, request: Request, user) -> list[Cookie]:
    with state.db.session() as s:
        token = credentials.open_session(s, user)
    secure, age = state.settings.secure_cookies, int(credentials.SESSION_TTL.total_seconds())
    return [Cookie(key=SESSION_COOKIE, value=token, httponly=True, samesite="lax", secure=secure,
                   max_age=age, path="/"),
            Cookie(key=CSRF_COOKIE, value=csrf_token(state.settings.secret_key, token), httponly=False,
                   samesite="lax", secure=secure, max_age=age, path="/")]


def _authenticate(state: State, form: dict):
    with state.db.session() as s:
        tenant_id = DIRECTORY.id_by_slug(s, form["tenant"])
    if tenant_id is None:
        return None
    with bind_tenant(tenant_id), state.db.session() as s:
        outcome = authenticate(s, form["email"], form["password"])
        if outcome.user is not None:
            s.expunge(outcome.user)
        return outcome.user


@post("/login", opt=PUBLIC, include_in_schema=False, sync_to_thread=True, status_code=200)
def login(request: Request, state: State, data: Form) -> Response:
    page = page_of(request)
    errors = FormErrors(page.lang)
    sent, expected = data.get("login_token") or "", request.cookies.get(LOGIN_COOKIE) or ""
    if not expected or not same(sent, expected):
        errors.add("_form", "The sign-in form expired; please sign in again")
    form = {k: required(data, errors, k) for k in ("tenant", "email", "password")}
    account = f"{form['tenant'].lower()}:{normalise_email(form['email'] or '-')}"
    if not errors and (state.throttle.check_address(request.client.host if request.client else "?")
                       or state.throttle.failure_wait(account)):
        errors.add("_form", "Too many attempts; try again later")
    user = None if errors else _authenticate(state, form)
    if user is None:
        if not errors:
            state.throttle.record_failure(account)
            errors.add("_form", "Wrong organisation, email or password")
        return login_form(request, state, page=page, errors=errors, form=form)
    state.throttle.record_success(account)
    with bind_tenant(user.tenant_id):
        cookies = _session_cookies(state, request, user)
    response = redirect(request, "/")
    response.cookies.extend(cookies)
    return response


@post("/logout", opt={"permission": "session:end"}, include_in_schema=False, sync_to_thread=True,
      status_code=200)
def logout(request: Request, state: State) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    parsed = parse_token(credentials.SESSION_PREFIX, token) if token else None
    if parsed is not None:
        with state.db.session() as s:
            credentials.close_session(s, parsed[1])
    response = redirect(request, "/login")
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)
    return response
