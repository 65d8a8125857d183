"""Per-tenant OpenID Connect sign-in (authorization code + PKCE), with authlib's client.

The tenant's ``oidc`` settings give ``issuer``, ``client_id`` and ``client_secret_env`` (the name
of the environment variable holding the secret, never the secret itself).
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

import httpx
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.httpx_client import OAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy import select
from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.errors import NotFound, PermissionDenied, Unauthenticated
from partage.core.identity.models import User
from partage.core.identity.users import find_by_email

SCOPE = "openid email profile"
TIMEOUT = 10.0
ID_TOKEN_ALGORITHMS = ["RS256", "ES256", "PS256"]


class OidcError(Unauthenticated):
    """The provider's answer could not be trusted."""


@dataclass(frozen=True, slots=True)
class OidcClient:
    issuer: str
    client_id: str
    client_secret: str | None


@dataclass(frozen=True, slots=True)
class Started:
    url: str
    state: str
    nonce: str
    code_verifier: str


def client_for(oidc: dict | None) -> OidcClient:
    """The tenant's OIDC client; 404 when the tenant has not configured OIDC."""
    oidc = oidc or {}
    if not oidc.get("issuer") or not oidc.get("client_id"):
        raise NotFound("this tenant has no OpenID Connect sign-in")
    env = oidc.get("client_secret_env")
    return OidcClient(issuer=oidc["issuer"].rstrip("/"), client_id=oidc["client_id"],
                      client_secret=os.environ.get(env) if env else None)


def discover(client: OidcClient) -> dict:
    """The provider's metadata; its ``issuer`` must be the configured one."""
    try:
        response = httpx.get(f"{client.issuer}/.well-known/openid-configuration", timeout=TIMEOUT)
        response.raise_for_status()
        meta = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise OidcError("the identity provider cannot be reached") from exc
    if str(meta.get("issuer", "")).rstrip("/") != client.issuer:
        raise OidcError("the identity provider announces another issuer")
    return meta


def _oauth(client: OidcClient, redirect_uri: str) -> OAuth2Client:
    return OAuth2Client(client_id=client.client_id, client_secret=client.client_secret,
                        scope=SCOPE, redirect_uri=redirect_uri, code_challenge_method="S256",
                        token_endpoint_auth_method="client_secret_post" if client.client_secret else "none",
                        timeout=TIMEOUT)


def start(client: OidcClient, meta: dict, redirect_uri: str) -> Started:
    """The provider URL to send the browser to, with fresh state, nonce and PKCE verifier."""
    state, nonce, verifier = (secrets.token_urlsafe(24) for _ in range(3))
    verifier += secrets.token_urlsafe(24)
    with _oauth(client, redirect_uri) as oauth:
        url, _ = oauth.create_authorization_url(meta["authorization_endpoint"], state=state,
                                                code_verifier=verifier, nonce=nonce)
    return Started(url, state, nonce, verifier)


def finish(client: OidcClient, meta: dict, redirect_uri: str, code: str, verifier: str,
           nonce: str) -> dict:
    """Exchange the code and verify the ID token (signature, issuer, audience, expiry, nonce)."""
    try:
        with _oauth(client, redirect_uri) as oauth:
            token = oauth.fetch_token(meta["token_endpoint"], code=code, code_verifier=verifier)
        keys = KeySet.import_key_set(httpx.get(meta["jwks_uri"], timeout=TIMEOUT).json())
        claims = jwt.decode(token["id_token"], keys, algorithms=ID_TOKEN_ALGORITHMS).claims
        jwt.JWTClaimsRegistry(iss={"essential": True, "value": client.issuer},
                              aud={"essential": True, "value": client.client_id},
                              exp={"essential": True}, sub={"essential": True},
                              nonce={"essential": True, "value": nonce}).validate(claims)
    except (AuthlibBaseError, JoseError, httpx.HTTPError, KeyError, ValueError, TypeError) as exc:
        raise OidcError("the identity provider's answer was refused") from exc
    return claims


def link_user(session: Session, claims: dict, actor: str = "oidc") -> User:
    """The active account for these claims: by subject, else by verified email (then linked)."""
    user = session.scalars(select(User).where(User.oidc_subject == claims["sub"])).first()
    if user is None and claims.get("email") and claims.get("email_verified") is True:
        user = find_by_email(session, claims["email"])
        if user is not None and user.oidc_subject not in (None, claims["sub"]):
            user = None                      # already linked to another identity
        if user is not None and user.oidc_subject is None:
            user.oidc_subject = claims["sub"]
            record(session, actor=actor, action="user.oidc_linked", subject=f"user:{user.id}",
                   payload={"issuer": claims.get("iss")})
    if user is None or not user.active:
        raise PermissionDenied("no active account of this tenant for this identity")
    return user
