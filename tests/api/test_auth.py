"""Credentials: JWT checks, API keys, login (throttle and lockout), refresh rotation, web sessions."""
from __future__ import annotations

import time
import uuid

from joserfc import jwt
from joserfc.jwk import OctKey

from partage.core.identity.access import AUDIENCE, ISSUER, issue_access
from tests.api.conftest import PASSWORD, add_user


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def claims_for(world, **override) -> dict:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": str(world.users[("a", "tenant_admin")]),
              "tid": str(world.tenants["a"]), "iat": now, "exp": now + 300}
    return {**claims, **override}


def sign(claims: dict, secret: str) -> str:
    return jwt.encode({"alg": "HS256"}, claims, OctKey.import_key(secret.encode()))


def test_a_valid_token_passes(world, client):
    assert client.get("/me", headers=bearer(sign(claims_for(world), world.settings.secret_key))).status_code == 200


def test_expired_token_is_401(world, client):
    user, tenant = world.users[("a", "tenant_admin")], world.tenants["a"]
    token = issue_access(world.settings.secret_key, user, tenant, ["tenant_admin"], now=time.time() - 3600)
    response = client.get("/me", headers=bearer(token))
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


def test_forged_signature_is_401(world, client):
    token = sign(claims_for(world), "not-the-server-secret-at-all")
    assert client.get("/me", headers=bearer(token)).status_code == 401


def test_tampered_payload_is_401(world, client):
    header, payload, signature = sign(claims_for(world), world.settings.secret_key).split(".")
    other = sign(claims_for(world, sub=str(world.users[("a", "platform_ops")])), "x").split(".")[1]
    assert client.get("/me", headers=bearer(f"{header}.{other}.{signature}")).status_code == 401


def test_wrong_audience_or_issuer_is_401(world, client):
    for override in ({"aud": "someone-else"}, {"iss": "https://evil.example"}, {"tid": None}):
        token = sign(claims_for(world, **override), world.settings.secret_key)
        assert client.get("/me", headers=bearer(token)).status_code == 401, override


def test_unsigned_token_is_401(world, client):
    import base64
    import json

    def b64(d: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")

    token = f"{b64({'alg': 'none'})}.{b64(claims_for(world))}."
    assert client.get("/me", headers=bearer(token)).status_code == 401


def test_deactivated_users_token_stops_working(world, client):
    admin, target = world.headers("a", "tenant_admin"), world.users[("a", "advisor")]
    assert client.get("/users", headers=world.headers("a", "advisor")).status_code == 200
    assert client.post(f"/users/{target}/deactivate", headers=admin).json()["active"] is False
    assert client.get("/users", headers=world.headers("a", "advisor")).status_code == 401


def test_api_key_works_until_revoked(world, client):
    admin = world.headers("a", "tenant_admin")
    created = client.post("/api-keys", headers=admin, json={"name": "erp", "permissions": ["users:read"]})
    assert created.status_code == 201
    secret, key_id = created.json()["secret"], created.json()["key"]["id"]
    assert client.get("/users", headers={"X-API-Key": secret}).status_code == 200
    assert client.get("/users", headers=bearer(secret)).status_code == 200
    assert client.patch("/tenant/settings", headers=bearer(secret), json={}).status_code == 403
    assert all("secret" not in k for k in client.get("/api-keys", headers=admin).json())
    assert client.delete(f"/api-keys/{key_id}", headers=admin).status_code == 204
    assert client.get("/users", headers=bearer(secret)).status_code == 401
    assert client.get("/users", headers=bearer(secret[:-3] + "abc")).status_code == 401


def test_a_key_cannot_carry_more_than_its_creator_or_personal_permissions(world, client):
    admin = world.headers("a", "tenant_admin")
    for perms in (["ops:tenants:read"], ["api_keys:write"], ["nobody:knows"]):
        response = client.post("/api-keys", headers=admin, json={"name": "x", "permissions": perms})
        assert response.status_code == 400 and response.json()["errors"][0]["field"] == "permissions"


def login(client, world, email, password=PASSWORD, **extra):
    from sqlalchemy import select

    from partage.tenants.models import Tenant

    with world.db.session() as s:
        slug = s.scalar(select(Tenant.slug).where(Tenant.id == world.tenants["a"]))
    return client.post("/auth/login", json={"tenant": slug, "email": email, "password": password, **extra})


def test_login_refresh_rotation_and_reuse_detection(world, client):
    add_user(world.db, world.tenants["a"], "ana@a.test", ["member"])
    first = login(client, world, "ANA@a.test")
    assert first.status_code == 200, first.text
    pair = first.json()
    assert client.get("/me", headers=bearer(pair["access_token"])).json()["user"]["email"] == "ana@a.test"
    second = client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert second.status_code == 200
    # the spent token is refused, and its reuse revokes the newer one too
    assert client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]}).status_code == 401
    newer = second.json()["refresh_token"]
    assert client.post("/auth/refresh", json={"refresh_token": newer}).status_code == 401


def test_logout_revokes_the_refresh_token(world, client):
    add_user(world.db, world.tenants["a"], "bob@a.test", ["member"])
    pair = login(client, world, "bob@a.test").json()
    out = client.post("/auth/logout", headers=bearer(pair["access_token"]),
                      json={"refresh_token": pair["refresh_token"]})
    assert out.status_code == 204
    assert client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]}).status_code == 401


def test_wrong_password_unknown_user_and_unknown_tenant_look_the_same(world, client):
    add_user(world.db, world.tenants["a"], "cy@a.test", ["member"])
    answers = [login(client, world, "cy@a.test", "wrong password!"),
               login(client, world, "nobody@a.test"),
               client.post("/auth/login", json={"tenant": "no-such", "email": "cy@a.test", "password": "x"})]
    assert {r.status_code for r in answers} == {401}
    assert len({r.json()["detail"] for r in answers}) == 1


def test_lockout_after_repeated_failures_even_with_the_right_password(world, client):
    add_user(world.db, world.tenants["a"], "dee@a.test", ["member"])
    codes = [login(client, world, "dee@a.test", f"wrong-{i}").status_code for i in range(5)]
    assert codes == [401] * 5
    locked = login(client, world, "dee@a.test")
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
    # the lock is on the account row too: a fresh process (new throttle) still refuses
    from partage.api.app import create_app
    from litestar.testing import TestClient

    with TestClient(create_app(world.db, world.settings)) as fresh:
        assert login(fresh, world, "dee@a.test").status_code == 429


def test_login_is_rate_limited_per_address(world):
    from partage.api.app import create_app
    from partage.core.identity.throttle import LoginThrottle
    from litestar.testing import TestClient

    app = create_app(world.db, world.settings, throttle=LoginThrottle(per_address=3))
    with TestClient(app) as client:
        codes = [client.post("/auth/login", json={"tenant": "x", "email": f"u{i}@x.test",
                                                  "password": "p"}).status_code for i in range(5)]
    assert codes == [401, 401, 401, 429, 429]


def test_web_session_cookie_needs_the_csrf_token_for_changes(world, client):
    add_user(world.db, world.tenants["a"], "eve@a.test", ["tenant_admin"])
    pair = login(client, world, "eve@a.test", cookie=True).json()
    assert client.cookies.get("partage_session")
    assert client.get("/me").status_code == 200                     # cookie alone reads
    change = {"branding": {"document_footer": "Eve's coop"}}
    assert client.patch("/tenant/settings", json=change).status_code == 403
    assert client.patch("/tenant/settings", json=change,
                        headers={"X-CSRF-Token": uuid.uuid4().hex}).status_code == 403
    ok = client.patch("/tenant/settings", json=change, headers={"X-CSRF-Token": pair["csrf_token"]})
    assert ok.status_code == 200
    session_token = client.cookies.get("partage_session")
    assert client.post("/auth/logout", headers={"X-CSRF-Token": pair["csrf_token"]}).status_code == 204
    client.cookies.set("partage_session", session_token)     # replaying the old cookie
    assert client.get("/me").status_code == 401


def test_bad_authorization_scheme_is_401(world, client):
    assert client.get("/me", headers={"Authorization": "Basic dXNlcjpwYXNz"}).status_code == 401
