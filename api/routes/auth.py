"""Local sign-in: access + refresh tokens for the API, an optional session cookie for the web UI."""
from __future__ import annotations

from typing import Annotated

from litestar import Request, Response, post
from litestar.datastructures import Cookie, State
from litestar.params import JSONBody
from msgspec import Meta, Struct

from partage.api.deps import Caller, Session
from partage.api.security import CSRF_COOKIE, SESSION_COOKIE, csrf_token
from partage.core.errors import TooManyRequests, Unauthenticated
from partage.core.identity import credentials
from partage.core.identity.access import ACCESS_TTL, issue_access
from partage.core.identity.hashing import parse_token, verify_password
from partage.core.identity.models import User
from partage.core.identity.throttle import LOCKOUT
from partage.core.identity.users import authenticate, normalise_email
from partage.core.tenancy import bind_tenant
from partage.tenants.directory import DIRECTORY

PUBLIC = {"permission": "public"}
WRONG = "wrong tenant, email or password"


class LoginRequest(Struct, forbid_unknown_fields=True):
    tenant: Annotated[str, Meta(min_length=1, max_length=63, description="tenant slug")]
    email: Annotated[str, Meta(min_length=3, max_length=254)]
    password: Annotated[str, Meta(min_length=1, max_length=1024)]
    cookie: bool = False   # also open a web session (cookie + CSRF token)


class TokenPair(Struct):
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "Bearer"
    csrf_token: str | None = None   # with ``cookie``: send it as X-CSRF-Token on unsafe requests


class RefreshRequest(Struct, forbid_unknown_fields=True):
    refresh_token: Annotated[str, Meta(min_length=1, max_length=200)]


class LogoutRequest(Struct, forbid_unknown_fields=True):
    refresh_token: Annotated[str, Meta(max_length=200)] | None = None


def issue_tokens(session, settings, user: User, secure: bool, cookie: bool) -> Response[TokenPair]:
    """Access + refresh tokens (and, with ``cookie``, a web session and its CSRF token)."""
    access = issue_access(settings.secret_key, user.id, user.tenant_id, list(user.roles))
    pair = TokenPair(access_token=access, refresh_token=credentials.issue_refresh(session, user),
                     expires_in=ACCESS_TTL)
    cookies = []
    if cookie:
        token = credentials.open_session(session, user)
        pair.csrf_token = csrf_token(settings.secret_key, token)
        age = int(credentials.SESSION_TTL.total_seconds())
        cookies = [Cookie(key=SESSION_COOKIE, value=token, httponly=True, samesite="lax",
                          secure=secure, max_age=age, path="/"),
                   Cookie(key=CSRF_COOKIE, value=pair.csrf_token, httponly=False, samesite="lax",
                          secure=secure, max_age=age, path="/")]
    return Response(pair, cookies=cookies, headers={"Cache-Control": "no-store"})


def _throttle(state: State, request: Request, account: str) -> None:
    address = request.client.host if request.client else "unknown"
    wait = state.throttle.check_address(address) or state.throttle.failure_wait(account)
    if wait:
        raise TooManyRequests("too many sign-in attempts; try again later", retry_after=wait)


def _tenant_id(state: State, slug: str):
    with state.db.session() as s:
        return DIRECTORY.id_by_slug(s, slug)


@post("/auth/login", opt=PUBLIC, status_code=200, sync_to_thread=True, tags=["auth"], security=[{}])
def login(data: JSONBody[LoginRequest], request: Request, state: State) -> Response[TokenPair]:
    """Sign in with a local account; rate-limited, accounts lock after repeated failures."""
    account = f"{data.tenant.strip().lower()}:{normalise_email(data.email)}"
    _throttle(state, request, account)
    tenant_id = _tenant_id(state, data.tenant)
    if tenant_id is None:
        verify_password(None, data.password)
        state.throttle.record_failure(account)
        raise Unauthenticated(WRONG)
    with bind_tenant(tenant_id):
        with state.db.session() as s:
            outcome = authenticate(s, data.email, data.password)
            if outcome.user is not None:
                state.throttle.record_success(account)
                return issue_tokens(s, state.settings, outcome.user,
                                    state.settings.secure_cookies, data.cookie)
    state.throttle.record_failure(account)
    if outcome.locked_until is not None:
        raise TooManyRequests("account locked after repeated failures; try again later",
                              retry_after=int(LOCKOUT.total_seconds()))
    raise Unauthenticated(WRONG)


@post("/auth/refresh", opt=PUBLIC, status_code=200, sync_to_thread=True, tags=["auth"], security=[{}])
def refresh(data: JSONBody[RefreshRequest], request: Request, state: State) -> Response[TokenPair]:
    """Trade a refresh token for a new pair; the old one is spent (reuse revokes the family)."""
    parsed = parse_token(credentials.REFRESH_PREFIX, data.refresh_token)
    if parsed is None:
        raise Unauthenticated("refresh token invalid or expired")
    with bind_tenant(parsed[0]):
        with state.db.session() as s:
            user, new_refresh = credentials.rotate_refresh(s, parsed[1])
            if user is not None:
                access = issue_access(state.settings.secret_key, user.id, user.tenant_id, list(user.roles))
                pair = TokenPair(access_token=access, refresh_token=new_refresh, expires_in=ACCESS_TTL)
                return Response(pair, headers={"Cache-Control": "no-store"})
    raise Unauthenticated("refresh token already used: every token of this sign-in is revoked")


@post("/auth/logout", opt={"permission": "session:end"}, status_code=204, sync_to_thread=True,
      tags=["auth"])
def logout(request: Request, session: Session, principal: Caller,
           data: JSONBody[LogoutRequest | None] = None) -> Response[None]:
    """End the web session (cookie) and revoke the given refresh token's whole sign-in."""
    if data is not None and data.refresh_token:
        parsed = parse_token(credentials.REFRESH_PREFIX, data.refresh_token)
        if parsed is not None and parsed[0] == principal.tenant_id:
            credentials.revoke_refresh(session, parsed[1], principal.user_id)
    token = request.cookies.get(SESSION_COOKIE)
    if principal.via_cookie and token:
        parsed = parse_token(credentials.SESSION_PREFIX, token)
        if parsed is not None:
            credentials.close_session(session, parsed[1])
    response: Response[None] = Response(None, status_code=204)
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)
    return response
