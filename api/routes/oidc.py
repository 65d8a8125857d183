"""Per-tenant OpenID Connect sign-in: ``/login`` redirects to the provider, ``/callback`` signs in.

The state, nonce and PKCE verifier travel in a short-lived signed, HttpOnly cookie.
"""
from __future__ import annotations

import time
from typing import Annotated

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey
from litestar import Request, Response, get
from litestar.datastructures import Cookie, State
from litestar.params import PathParameter, QueryParameter
from litestar.response import Redirect

from partage.api.routes.auth import TokenPair, issue_tokens
from partage.core.errors import NotFound, Unauthenticated
from partage.core.identity import oidc
from partage.core.tenancy import bind_tenant
from partage.tenants.directory import find_tenant
from partage.tenants.models import Tenant

PUBLIC = {"permission": "public"}
FLOW_COOKIE, FLOW_AUDIENCE, FLOW_TTL = "partage_oidc", "partage-oidc-flow", 600
TAGS = ["auth"]
Slug = Annotated[str, PathParameter(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")]


def _tenant(state: State, slug: str) -> Tenant:
    with state.db.session() as s:
        tenant = find_tenant(s, slug)
    if tenant is None:
        raise NotFound("no such tenant")
    return tenant


def _redirect_uri(request: Request, slug: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/auth/oidc/{slug}/callback"


def _seal(secret_key: str, claims: dict) -> str:
    now = int(time.time())
    claims = {**claims, "aud": FLOW_AUDIENCE, "iat": now, "exp": now + FLOW_TTL}
    return jwt.encode({"alg": "HS256"}, claims, OctKey.import_key(secret_key.encode()))


def _unseal(secret_key: str, token: str | None) -> dict:
    try:
        claims = jwt.decode(token or "", OctKey.import_key(secret_key.encode()), algorithms=["HS256"]).claims
        jwt.JWTClaimsRegistry(aud={"essential": True, "value": FLOW_AUDIENCE},
                              exp={"essential": True}).validate(claims)
        return claims
    except (JoseError, ValueError):
        raise Unauthenticated("sign-in flow expired or tampered with; start again") from None


@get("/auth/oidc/{tenant_slug:str}/login", opt=PUBLIC, sync_to_thread=True, tags=TAGS, security=[{}],
     status_code=302)
def oidc_login(tenant_slug: Slug, request: Request, state: State) -> Redirect:
    """Send the browser to the tenant's identity provider."""
    tenant = _tenant(state, tenant_slug)
    client = oidc.client_for(tenant.oidc)
    started = oidc.start(client, oidc.discover(client), _redirect_uri(request, tenant_slug))
    flow = _seal(state.settings.secret_key, {"tenant": tenant_slug, "state": started.state,
                                             "nonce": started.nonce, "verifier": started.code_verifier})
    cookie = Cookie(key=FLOW_COOKIE, value=flow, httponly=True, samesite="lax", max_age=FLOW_TTL,
                    secure=state.settings.secure_cookies, path="/auth/oidc")
    return Redirect(started.url, cookies=[cookie])


@get("/auth/oidc/{tenant_slug:str}/callback", opt=PUBLIC, sync_to_thread=True, tags=TAGS,
     security=[{}])
def oidc_callback(tenant_slug: Slug, request: Request, state: State,
                  code: Annotated[str, QueryParameter(max_length=2000)],
                  flow_state: Annotated[str, QueryParameter(name="state", max_length=200)]) -> Response[TokenPair]:
    """Back from the provider: verify, find the tenant's account, sign in (tokens + session cookie)."""
    flow = _unseal(state.settings.secret_key, request.cookies.get(FLOW_COOKIE))
    if flow.get("tenant") != tenant_slug or flow.get("state") != flow_state:
        raise Unauthenticated("sign-in flow does not match; start again")
    tenant = _tenant(state, tenant_slug)
    client = oidc.client_for(tenant.oidc)
    claims = oidc.finish(client, oidc.discover(client), _redirect_uri(request, tenant_slug), code,
                         flow["verifier"], flow["nonce"])
    with bind_tenant(tenant.id), state.db.session() as s:
        user = oidc.link_user(s, claims)
        response = issue_tokens(s, state.settings, user, state.settings.secure_cookies, cookie=True)
    response.delete_cookie(FLOW_COOKIE, path="/auth/oidc")
    return response
