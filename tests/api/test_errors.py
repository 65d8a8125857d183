"""Problem details (RFC 9457): validation names the field, bad JSON is 400, nothing internal leaks;
routes of a module the tenant has not enabled answer 404."""
from __future__ import annotations

import pytest
from litestar import get
from litestar.datastructures import State
from litestar.testing import TestClient
from sqlalchemy import text

from partage.api.app import contributed_routes, create_app
from tests.api.conftest import enable_modules

PROBLEM = "application/problem+json"


def is_problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"] and "detail" in body
    return body


def fields(body: dict) -> set[str]:
    return {e["field"] for e in body["errors"]}


def test_bad_json_is_a_400_problem(world, client):
    response = client.post("/users", headers={**world.headers("a", "tenant_admin"),
                                              "Content-Type": "application/json"}, content=b"{not json")
    is_problem(response, 400)


def test_wrong_type_names_the_field(world, client):
    response = client.post("/users", headers=world.headers("a", "tenant_admin"),
                           json={"email": 42, "display_name": "X"})
    assert "email" in fields(is_problem(response, 400))


def test_missing_and_unknown_fields_are_named(world, client):
    admin = world.headers("a", "tenant_admin")
    assert "display_name" in fields(is_problem(client.post("/users", headers=admin, json={"email": "a@b.be"}), 400))
    body = is_problem(client.patch("/tenant/settings", headers=admin, json={"colour": "red"}), 400)
    assert "colour" in body["detail"]


def test_domain_validation_names_each_field(world, client):
    admin = world.headers("a", "tenant_admin")
    bad = {"email": "not-an-email", "display_name": "X", "password": "short-pw!!", "roles": ["member"]}
    assert "email" in fields(is_problem(client.post("/users", headers=admin, json=bad), 400))
    settings = {"branding": {"primary_color": "red"}, "modules": ["teleportation"]}
    body = is_problem(client.patch("/tenant/settings", headers=admin, json=settings), 400)
    assert fields(body) == {"branding.primary_color", "modules"}
    body = is_problem(client.patch("/tenant/settings", headers=admin, json={"contribution_rate": "1.5"}), 400)
    assert fields(body) == {"contribution_rate"}


def test_a_tenant_admin_cannot_grant_platform_ops(world, client):
    admin = world.headers("a", "tenant_admin")
    member = world.users[("a", "member")]
    body = is_problem(client.patch(f"/users/{member}", headers=admin, json={"roles": ["platform_ops"]}), 400)
    assert fields(body) == {"roles"}


def test_duplicate_email_is_a_conflict(world, client):
    admin = world.headers("a", "tenant_admin")
    is_problem(client.post("/users", headers=admin, json={"email": "member@a.test", "display_name": "Dup"}), 409)


def test_unknown_route_and_method_are_problems(world, client):
    is_problem(client.get("/no/such/route"), 404)
    is_problem(client.put("/me", headers=world.headers("a", "member")), 405)


@get("/boom", opt={"permission": "public"}, sync_to_thread=True)
def boom(state: State) -> str:
    with state.db.session() as s:
        s.execute(text("SELECT secret_column FROM no_such_table_xyz"))
    return "unreachable"


@get("/billing-only", opt={"permission": "me:read", "module": "billing"}, sync_to_thread=False)
def billing_only() -> str:
    return "billing"


@pytest.fixture
def extended(world):
    app = create_app(world.db, world.settings, route_handlers=contributed_routes() + [boom, billing_only])
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_internal_errors_never_reach_the_client(extended):
    body = is_problem(extended.get("/boom"), 500)
    text_ = extended.get("/boom").text.lower()
    for leak in ("select", "no_such_table", "secret_column", "traceback", "sqlalchemy", ".py"):
        assert leak not in text_
    assert body["title"]


def test_module_guard_hides_routes_of_modules_not_enabled(world, extended):
    member = world.headers("a", "member")
    is_problem(extended.get("/billing-only", headers=member), 404)
    enable_modules(world.db, world.tenants["a"], ["billing"])
    assert extended.get("/billing-only", headers=member).status_code == 200
    is_problem(extended.get("/billing-only", headers=world.headers("b", "member")), 404)
