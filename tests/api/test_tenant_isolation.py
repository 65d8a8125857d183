"""A valid credential of tenant A asking for any resource of tenant B gets 404, on every route
that takes an id (generated from the route table; SQLite and PostgreSQL)."""
from __future__ import annotations

import re

import pytest
from litestar.testing import TestClient

from partage.api.app import create_app
from partage.core.identity import policy
from tests.api.billing_data import billing_records
from tests.api.conftest import add_key, build_world, enable_modules, routes
from tests.api.payroll_data import payroll_records

ID_PARAM = re.compile(r"\{(\w+_id)(?::\w+)?\}")


def resources_of_b(world) -> dict[str, object]:
    """One real resource of tenant B for each kind of id a route may take."""
    key_id, _ = add_key(world.db, world.tenants["b"], ["users:read"])
    payroll = payroll_records(world.db, world.tenants["b"])
    return {"user_id": world.users[("b", "member")], "key_id": key_id,
            "tenant_id": world.tenants["b"], **payroll,
            "order_id": payment_order_of(world.db, world.tenants["b"], payroll["run_id"]),
            **webhook_records(world.db, world.tenants["b"]),
            **billing_records(world.db, world.tenants["b"]), "declaration_id": declaration_of(world.db, world.tenants["b"])}


def payment_order_of(db, tenant_id, run_id):
    """The payment order of the tenant's run (approved first, as runs must be before paying)."""
    from datetime import date

    from partage.core.payroll.configuration import change_payroll_settings
    from partage.core.payroll.orders import payment_order
    from partage.core.payroll.runs import approve_run
    from partage.core.tenancy import bind_tenant
    from tests.api.payroll_data import DEBTOR

    with bind_tenant(tenant_id), db.session() as s:
        change_payroll_settings(s, DEBTOR, "test")
        approve_run(s, run_id, "test")
        return payment_order(s, run_id, actor="test", execution_date=date(2025, 3, 28)).id


def webhook_records(db, tenant_id) -> dict[str, object]:
    """A webhook subscription of the tenant and a delivery queued for it (a member created after)."""
    from sqlalchemy import select

    from partage.core.billing import create_member
    from partage.core.tenancy import bind_tenant
    from partage.core.webhooks.models import WebhookDelivery
    from partage.core.webhooks.outbox import scan
    from partage.core.webhooks.service import create_subscription

    with bind_tenant(tenant_id), db.session() as s:
        subscription_id = create_subscription(s, url="https://hooks.b.test/in", event_types=["member.created"],
                                              actor="test").subscription.id
    with bind_tenant(tenant_id), db.session() as s:
        create_member(s, {"first_name": "Ada", "last_name": "Lovelace"}, actor="test")
    with bind_tenant(tenant_id), db.session() as s:
        scan(s)
        delivery_id = s.scalar(select(WebhookDelivery.id).where(WebhookDelivery.subscription_id == subscription_id))
    assert delivery_id is not None
    return {"subscription_id": subscription_id, "delivery_id": delivery_id}


def declaration_of(db, tenant_id):
    """A stored declaration version of the tenant (a validated file, as the store writes them)."""
    from partage.core.declarations.models import DeclarationRecord
    from partage.core.tenancy import bind_tenant

    with bind_tenant(tenant_id), db.session() as s:
        record = DeclarationRecord(declaration_type="vat", period="2026-03", subject="", version=1,
                                   status="validated", filename="vat.xml", media_type="application/xml",
                                   sha256="0" * 64, content=b"<x/>", summary={}, problems=[])
        s.add(record)
        s.flush()
        return record.id


def body_for(path: str, ids: dict) -> dict:
    """A well-formed body for the route (so the answer is about the id, not the body)."""
    if path.startswith("/billing/payments/"):
        return {"invoice_id": str(ids["invoice_id"])}
    if path.endswith("/write-off"):
        return {"reason": "taken over"}
    if path.endswith("/sharing"):
        return {"shared": True}
    if path.startswith("/billing/members/"):
        return {"first_name": "taken over"}
    if path.startswith("/billing/"):
        return {"note": "taken over"}
    if path.endswith(("/reissue", "/reapprove")):
        return {"reason": "taken over"}
    if path.startswith("/payroll/"):
        return {"gross": "1.00", "reason": "taken over"}
    if path.startswith("/declarations/"):
        return {"reference": "taken over", "accepted": True}
    return {"display_name": "taken over", "roles": ["tenant_admin"]}


def strongest_role(permission: str) -> str | None:
    """A role of tenant A holding ``permission`` over the whole tenant (None: platform only)."""
    for role in policy.ROLES:
        if policy.scope_for(permission, [role]) == "tenant":
            return role
    return None


def id_routes(app):
    return [(m, p, h) for m, p, h in routes(app) if ID_PARAM.search(p)]


@pytest.fixture(params=["sqlite", "postgres"])
def any_db(request):
    return request.getfixturevalue("sqlite_db" if request.param == "sqlite" else "pg_db")


def test_tenant_a_gets_404_for_every_resource_of_tenant_b(any_db):
    world = build_world(any_db)
    app = create_app(world.db, world.settings)
    ids = resources_of_b(world)
    enable_modules(world.db, world.tenants["a"], ["billing", "payroll", "declarations"])
    checked = 0
    with TestClient(app, raise_server_exceptions=False) as client:
        for method, path, handler in id_routes(app):
            permission = handler.opt["permission"]
            role = strongest_role(permission)
            missing = set(ID_PARAM.findall(path)) - set(ids)
            assert not missing, f"{path}: add a tenant-B resource for {missing} to resources_of_b()"
            url = ID_PARAM.sub(lambda m: str(ids[m.group(1)]), path)
            response = client.request(method, url, headers=world.headers("a", role or "tenant_admin"),
                                      json=body_for(path, ids))
            if role is None:      # platform routes (/ops): tenant roles are refused outright
                assert response.status_code == 403, f"{method} {path}: {response.text}"
            else:
                assert response.status_code == 404, f"{method} {path} as {role}: {response.text}"
                checked += 1
        assert checked >= 4
        # and nothing of B changed
        b_admin = world.headers("b", "tenant_admin")
        member = client.get(f"/users/{ids['user_id']}", headers=b_admin).json()
        assert member["display_name"] != "taken over" and member["active"] is True
        assert all(k["revoked_at"] is None for k in client.get("/api-keys", headers=b_admin).json())


def test_an_api_key_of_a_cannot_reach_b(world, client):
    _, secret = add_key(world.db, world.tenants["a"], ["users:read"])
    b_user = world.users[("b", "member")]
    response = client.get(f"/users/{b_user}", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 404


def test_a_key_whose_tenant_part_is_swapped_is_refused(world, client):
    _, secret = add_key(world.db, world.tenants["a"], ["users:read"])
    prefix, _, rest = secret.split("_", 2)
    forged = f"{prefix}_{world.tenants['b'].hex}_{rest}"
    assert client.get("/users", headers={"Authorization": f"Bearer {forged}"}).status_code == 401


def test_a_member_never_reads_another_member_of_the_same_tenant(world, client):
    other = world.users[("a", "member2")]
    headers = world.headers("a", "member")
    assert client.get(f"/users/{other}", headers=headers).status_code == 404
    listed = client.get("/users", headers=headers).json()
    assert [u["id"] for u in listed["items"]] == [str(world.users[("a", "member")])]
    assert client.get(f"/users/{world.users[('a', 'member')]}", headers=headers).status_code == 200
