"""Every route x every role (and anonymous), generated from the app's route table.

The expected answer comes from the one policy table: a role without the route's permission gets
403, anonymous gets 401, anyone allowed gets past the guard. A route whose permission is not in
the table, or whose path parameter this test cannot fill, fails the suite.
"""
from __future__ import annotations

import re
import uuid

import pytest

from partage.core.identity import policy
from litestar.testing import TestClient

from partage.api.app import create_app
from tests.api.conftest import add_key, build_world, enable_modules, routes

CALLERS = (None,) + policy.ROLES
BILLING_IDS = ("member_id", "activity_id", "client_id", "invoice_id", "credit_note_id", "quote_id",
               "payment_id")
PAYROLL_IDS = ("performance_id", "run_id", "payslip_id", "order_id", "declaration_id")
WEBHOOK_IDS = ("subscription_id", "delivery_id")
DENIED = {401, 403}


def fill(path: str, world, role: str | None, key_id) -> str:
    """Put a real id of the caller's own tenant in each path parameter."""
    values = {
        "user_id": world.users[("a", role or "member")],
        "key_id": key_id,
        "tenant_id": world.tenants["a"],
        "tenant_slug": "a-no-such-tenant",
        "path": "openapi.json",
        **{kind: uuid.uuid4() for kind in BILLING_IDS + PAYROLL_IDS + WEBHOOK_IDS},  # not found: past the guard is enough
    }

    def one(match: re.Match) -> str:
        name = match.group(1)
        assert name in values, f"{path}: add a value for path parameter {name!r} to this test"
        return str(values[name])

    return re.sub(r"\{(\w+)(?::\w+)?\}", one, path)


def expected_denial(permission: str, role: str | None) -> int | None:
    if permission == policy.PUBLIC:
        return None
    if role is None:
        return 401
    return None if policy.scope_for(permission, [role]) else 403


def test_every_route_declares_a_known_permission(app):
    for method, path, handler in routes(app):
        permission = handler.opt.get("permission")
        assert permission is not None, f"{method} {path} declares no permission"
        assert policy.known(permission), f"{method} {path}: {permission!r} is not in the policy table"


def test_permission_matrix(world, client, app):
    run_matrix(world, client, app)


def test_permission_matrix_on_postgres(pg_db):
    world = build_world(pg_db)
    app = create_app(world.db, world.settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        run_matrix(world, client, app)


def run_matrix(world, client, app) -> None:
    key_id, _ = add_key(world.db, world.tenants["a"], ["users:read"])
    checked = 0
    for method, path, handler in routes(app):
        permission = handler.opt["permission"]
        if module := handler.opt.get("module"):   # enabled (again: a settings route may reset it)
            enable_modules(world.db, world.tenants["a"], [module])
        for role in CALLERS:
            url = fill(path, world, role, key_id)
            response = client.request(method, url, headers=world.headers("a", role), json={})
            want = expected_denial(permission, role)
            where = f"{method} {path} as {role or 'anonymous'}"
            if want is None:
                assert response.status_code not in DENIED, f"{where}: {response.status_code} {response.text}"
            else:
                assert response.status_code == want, f"{where}: {response.status_code} {response.text}"
            assert response.status_code < 500, f"{where}: {response.text}"
            checked += 1
    assert checked >= len(CALLERS) * 20


@pytest.mark.parametrize("permission", sorted(set(policy.POLICY) - policy.NOT_FOR_KEYS))
def test_api_key_reaches_exactly_its_permissions(world, client, app, permission):
    """A key carrying one permission passes the guard on that permission's routes only."""
    key_id, secret = add_key(world.db, world.tenants["a"], [permission])
    for method, path, handler in routes(app):
        if handler.opt["permission"] == policy.PUBLIC:
            continue
        if module := handler.opt.get("module"):
            enable_modules(world.db, world.tenants["a"], [module])
        response = client.request(method, fill(path, world, "tenant_admin", key_id),
                                  headers={"Authorization": f"Bearer {secret}"}, json={})
        allowed = handler.opt["permission"] == permission
        where = f"{method} {path} with a {permission} key"
        if allowed and permission == "users:write" and "{user_id" in path:
            # past the guard, then refused by the handler: a key holding only users:write cannot
            # change an account whose roles allow more than it (test_privilege_escalation.py)
            assert response.status_code == 403 and "roles you cannot give" in response.text, where
            continue
        assert (response.status_code not in DENIED) if allowed else response.status_code == 403, \
            f"{where}: {response.status_code} {response.text}"


def test_a_route_without_a_rule_stops_the_app(world):
    from litestar import get

    @get("/unruled", sync_to_thread=False)
    def unruled() -> str:
        return "no rule"

    @get("/unknown-rule", opt={"permission": "nobody:knows"}, sync_to_thread=False)
    def unknown() -> str:
        return "unknown"

    for handler in (unruled, unknown):
        with pytest.raises(RuntimeError, match="without a permission"):
            create_app(world.db, world.settings, route_handlers=[handler])
