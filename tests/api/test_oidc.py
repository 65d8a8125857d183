"""Per-tenant OIDC sign-in end to end, against a provider the test starts on 127.0.0.1."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select

from partage.core.tenancy import cross_tenant
from partage.tenants.models import Tenant
from tests.api.conftest import add_user
from tests.api.oidc_provider import Provider

SECRET_ENV = "PARTAGE_TEST_OIDC_SECRET"


@pytest.fixture
def provider(world, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, "s3cret-from-env")
    with Provider("partage-a", "s3cret-from-env") as idp:
        with cross_tenant(actor="test", reason="configure oidc"), world.db.session() as s:
            tenant = s.get(Tenant, world.tenants["a"])
            tenant.oidc = {"issuer": idp.issuer, "client_id": "partage-a", "client_secret_env": SECRET_ENV}
        yield idp


def slug_of(world, name: str) -> str:
    with world.db.session() as s:
        return s.scalar(select(Tenant.slug).where(Tenant.id == world.tenants[name]))


def sign_in(client, slug: str):
    """Browser steps: our /login -> provider /authorize -> our /callback."""
    start = client.get(f"/auth/oidc/{slug}/login", follow_redirects=False)
    assert start.status_code in (302, 303, 307), start.text
    at_provider = httpx.get(start.headers["location"], follow_redirects=False)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["location"])
    return client.get(f"{back.path}?{back.query}")


def test_oidc_sign_in_end_to_end(world, client, provider):
    add_user(world.db, world.tenants["a"], "oidc@a.test", ["advisor"], password=None)
    slug = slug_of(world, "a")
    signed_in = sign_in(client, slug)
    assert signed_in.status_code == 200, signed_in.text
    me = client.get("/me", headers={"Authorization": f"Bearer {signed_in.json()['access_token']}"})
    assert me.json()["user"]["email"] == "oidc@a.test" and me.json()["tenant"] == slug
    assert client.cookies.get("partage_session")              # the web session too
    provider.identity["email"] = "renamed@idp.test"            # later sign-ins match the subject
    assert sign_in(client, slug).status_code == 200


def test_login_url_carries_pkce_state_and_nonce(world, client, provider):
    start = client.get(f"/auth/oidc/{slug_of(world, 'a')}/login", follow_redirects=False)
    query = parse_qs(urlsplit(start.headers["location"]).query)
    assert start.headers["location"].startswith(provider.issuer + "/authorize")
    assert query["code_challenge_method"] == ["S256"] and query["state"] and query["nonce"]
    assert query["client_id"] == ["partage-a"] and "openid" in query["scope"][0]


def test_identity_without_an_account_is_refused(world, client, provider):
    provider.identity = {"sub": "stranger", "email": "stranger@idp.test", "email_verified": True}
    assert sign_in(client, slug_of(world, "a")).status_code == 403


def test_unverified_email_does_not_link_an_account(world, client, provider):
    add_user(world.db, world.tenants["a"], "oidc@a.test", ["member"], password=None)
    provider.identity["email_verified"] = False
    assert sign_in(client, slug_of(world, "a")).status_code == 403


def test_callback_with_a_forged_state_is_refused(world, client, provider):
    slug = slug_of(world, "a")
    client.get(f"/auth/oidc/{slug}/login", follow_redirects=False)
    assert client.get(f"/auth/oidc/{slug}/callback?code=x&state=forged").status_code == 401


def test_callback_without_the_flow_cookie_is_refused(world, client, provider):
    assert client.get(f"/auth/oidc/{slug_of(world, 'a')}/callback?code=x&state=y").status_code == 401


def test_tenant_without_oidc_answers_404(world, client):
    assert client.get(f"/auth/oidc/{slug_of(world, 'b')}/login", follow_redirects=False).status_code == 404
    assert client.get("/auth/oidc/no-such-tenant/login", follow_redirects=False).status_code == 404
