"""The low items of issue 26: security headers, sign-in form token, Secure cookies by setting,
stale cookies, X-Forwarded-For only from configured proxies."""
from __future__ import annotations

import re

import pytest
from litestar.testing import TestClient

from partage.api.app import create_app
from partage.cli import proxy_options
from partage.core.settings import load_settings
from partage.core.tenancy import cross_tenant
from tests.api.conftest import PASSWORD, add_user


def _slug(world, name="a") -> str:
    from partage.tenants.models import Tenant

    with cross_tenant(actor="test", reason="read slug"), world.db.session() as s:
        return s.get(Tenant, world.tenants[name]).slug


@pytest.fixture
def account(world):
    add_user(world.db, world.tenants["a"], "signer@a.test", ["member"])
    return {"tenant": _slug(world), "email": "signer@a.test", "password": PASSWORD}


@pytest.mark.parametrize("path", ["/health", "/login", "/billing/invoices"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "script-src 'self'" in headers["content-security-policy"]


def test_the_sign_in_form_needs_its_own_token(client, account):
    forged = client.post("/login", data=account, follow_redirects=False)
    assert forged.status_code == 200 and "partage_session" not in forged.headers.get("set-cookie", "")
    token = re.search(r'name="login_token" value="([^"]+)"', client.get("/login").text).group(1)
    signed = client.post("/login", data={**account, "login_token": token}, follow_redirects=False)
    assert signed.status_code == 303 and "partage_session=" in signed.headers["set-cookie"]


def test_cookies_are_secure_by_setting_not_by_request_scheme(world, account):
    assert load_settings({"PARTAGE_DATABASE_URL": "postgresql://x@127.0.0.1/db"}).secure_cookies
    settings = load_settings({"PARTAGE_SECRET_KEY": world.settings.secret_key, "PARTAGE_SECURE_COOKIES": "1"})
    with TestClient(create_app(world.db, settings)) as client:      # plain http behind a proxy
        response = client.post("/auth/login", json={**account, "cookie": True})
    cookies = response.headers.get_list("set-cookie")
    assert response.status_code == 200 and cookies
    assert all("Secure" in cookie for cookie in cookies)


def test_a_stale_session_cookie_does_not_block_signing_in(world, client, account):
    stale = f"pss_{world.tenants['a'].hex}_" + "x" * 43
    client.cookies.set("partage_session", stale)
    assert client.get("/login").status_code == 200
    assert client.post("/auth/login", json=account).status_code == 200


def test_forwarded_addresses_are_believed_only_from_configured_proxies():
    assert proxy_options(load_settings({})) == {"proxy_headers": False}
    assert proxy_options(load_settings({"PARTAGE_TRUSTED_PROXIES": "10.0.0.5"})) == {
        "proxy_headers": True, "forwarded_allow_ips": "10.0.0.5"}
