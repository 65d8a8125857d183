"""Authentication middleware (binds the tenant for the request) and the one authorization guard."""
from __future__ import annotations

import uuid
from functools import partial
from http.cookies import SimpleCookie

import anyio
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.types import Receive, Scope, Send

from partage.api.middleware import HttpMiddleware
from partage.api.principal import Principal
from partage.core.db import Database
from partage.core.errors import NotFound, PermissionDenied, Unauthenticated
from partage.core.identity import credentials
from partage.core.identity.access import InvalidToken, decode_access
from partage.core.identity.hashing import hmac_hex, parse_token, same
from partage.core.identity.models import User
from partage.core.tenancy import bind_tenant
from partage.tenants.models import Tenant

SESSION_COOKIE, CSRF_COOKIE, CSRF_HEADER = "partage_session", "partage_csrf", "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def csrf_token(secret_key: str, session_token: str) -> str:
    return hmac_hex(secret_key, "csrf:" + session_token)


def _principal(session, tenant_id: uuid.UUID, **fields) -> Principal:
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise Unauthenticated("credentials not valid")
    return Principal(tenant_id=tenant_id, tenant_slug=tenant.slug,
                     modules=frozenset(tenant.modules or ()), **fields)


def _user_principal(session, user: User | None, via_cookie: bool = False) -> Principal:
    if user is None or not user.active:
        raise Unauthenticated("credentials not valid")
    return _principal(session, user.tenant_id, kind="user", user_id=user.id,
                      roles=frozenset(user.roles), via_cookie=via_cookie)


def from_jwt(db: Database, keys: tuple[str, ...], token: str) -> Principal:
    try:
        claims = decode_access(keys, token)
    except InvalidToken:
        raise Unauthenticated("access token invalid or expired") from None
    with bind_tenant(claims.tenant_id), db.session() as s:
        return _user_principal(s, s.get(User, claims.user_id))


def from_opaque(db: Database, prefix: str, token: str) -> Principal:
    parsed = parse_token(prefix, token)
    if parsed is None:
        raise Unauthenticated("credentials not valid")
    tenant_id, hashed = parsed
    with bind_tenant(tenant_id), db.session() as s:
        if prefix == credentials.SESSION_PREFIX:
            return _user_principal(s, credentials.session_user(s, hashed), via_cookie=True)
        key = credentials.key_for(s, hashed)
        if key is None:
            raise Unauthenticated("API key invalid or revoked")
        return _principal(s, tenant_id, kind="api_key", key_id=key.id,
                          key_permissions=frozenset(key.permissions))


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookie(headers: dict[str, str], name: str) -> str | None:
    jar = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # noqa: BLE001 - a malformed cookie header is no credential
        return None
    return jar[name].value if name in jar else None


def carries_credentials(scope: Scope) -> bool:
    headers = _headers(scope)
    return ("authorization" in headers or "x-api-key" in headers
            or SESSION_COOKIE in headers.get("cookie", ""))


def csrf_valid(keys: tuple[str, ...], session_token: str, sent: str) -> bool:
    """The CSRF token of ``session_token`` under any accepted key (rotation)."""
    return any(same(sent, csrf_token(key, session_token)) for key in keys)


def resolve(db: Database, keys: str | tuple[str, ...], scope: Scope) -> Principal | None:
    """The caller's principal, None when anonymous; bad credentials raise 401. ``keys``: the
    accepted secret keys, signing key first."""
    keys = (keys,) if isinstance(keys, str) else keys
    headers = _headers(scope)
    if "authorization" in headers:
        kind, _, credential = headers["authorization"].partition(" ")
        if kind.lower() != "bearer" or not credential.strip():
            raise Unauthenticated("use 'Authorization: Bearer <token>'")
        credential = credential.strip()
        if credential.startswith(credentials.KEY_PREFIX + "_"):
            return from_opaque(db, credentials.KEY_PREFIX, credential)
        return from_jwt(db, keys, credential)
    if "x-api-key" in headers:
        return from_opaque(db, credentials.KEY_PREFIX, headers["x-api-key"].strip())
    session_token = _cookie(headers, SESSION_COOKIE)
    if session_token:
        try:
            principal = from_opaque(db, credentials.SESSION_PREFIX, session_token)
        except Unauthenticated:
            return None     # a stale or revoked cookie is no credential: signing in again works
        if scope.get("method", "GET") not in SAFE_METHODS:
            sent = headers.get(CSRF_HEADER, "")
            if not csrf_valid(keys, session_token, sent):
                raise PermissionDenied("missing or wrong CSRF token (send the X-CSRF-Token header)")
        return principal
    return None


class AuthMiddleware(HttpMiddleware):
    """Authenticate, then run the request bound to the principal's tenant."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = scope["litestar_app"].state
        principal = None
        if carries_credentials(scope):     # anonymous calls (/health, login) need no thread
            principal = await anyio.to_thread.run_sync(
                partial(resolve, state.db, state.settings.verification_keys, scope))
        scope["user"], scope["auth"] = principal, None
        if principal is None:
            await self.app(scope, receive, send)
            return
        with bind_tenant(principal.tenant_id):
            await self.app(scope, receive, send)


def is_preflight(handler: BaseRouteHandler) -> bool:
    """Litestar's automatic OPTIONS handler (one per path; it runs no application code)."""
    return getattr(handler, "http_methods", None) == {"OPTIONS"} and "permission" not in handler.opt


async def authorize(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """The one guard: the route's permission, decided by ``core.identity.policy``; module check.

    Asynchronous on purpose: it does no I/O, and a synchronous guard would take a handler thread."""
    permission = handler.opt.get("permission")
    if permission is None and is_preflight(handler):
        return
    if permission is None:
        raise PermissionDenied("this route declares no permission")
    if permission == "public":
        return
    principal: Principal | None = connection.scope.get("user")
    if principal is None:
        raise Unauthenticated()
    module = handler.opt.get("module")
    if module and module not in principal.modules:
        raise NotFound("module not enabled for this tenant")
    scope = principal.scope(permission)
    if scope is None:
        raise PermissionDenied(f"your role does not allow {permission}")
    connection.state.scope = scope


SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
# pages: own scripts only (htmx), inline styles (tenant brand colours), no framing, no plugins
CSP = (b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       b"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
# the OpenAPI viewer (/schema) loads its renderer from a CDN: only framing is forbidden there
CSP_SCHEMA = b"frame-ancestors 'none'"


class SecurityHeaders(HttpMiddleware):
    """ASGI middleware adding the security headers to every response that lacks them."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        csp = CSP_SCHEMA if scope.get("path", "").startswith("/schema") else CSP

        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in SECURITY_HEADERS + [(b"content-security-policy", csp)]
                            if n not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
