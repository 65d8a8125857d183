"""API keys never give more than their own permissions; admins and ops accounts stay protected."""
from __future__ import annotations

import uuid

import pytest

from partage.core.errors import Conflict
from partage.core.identity import users
from partage.core.identity.policy import permissions_of, PERSONAL
from partage.core.tenancy import bind_tenant
from tests.api.conftest import PASSWORD, add_key

MEMBER_PERMISSIONS = sorted(p for p in permissions_of("member") if p not in PERSONAL)


def _key(world, permissions):
    _, secret = add_key(world.db, world.tenants["a"], permissions)
    return {"X-API-Key": secret}


def _new_user(roles, password=PASSWORD):
    return {"email": f"{uuid.uuid4().hex[:8]}@a.test", "display_name": "New", "roles": roles,
            "password": password}


@pytest.mark.parametrize("roles", [["tenant_admin"], ["advisor"], ["member"]])
def test_a_key_with_only_users_write_cannot_create_an_account_with_more(world, client, roles):
    response = client.post("/users", json=_new_user(roles), headers=_key(world, ["users:write"]))
    assert response.status_code == 403, response.text
    assert roles[0] in response.json()["detail"]


def test_a_key_holding_every_permission_of_a_member_may_create_a_member(world, client):
    key = _key(world, ["users:write", *MEMBER_PERMISSIONS])
    assert client.post("/users", json=_new_user(["member"]), headers=key).status_code == 201
    admin = client.post("/users", json=_new_user(["tenant_admin"]), headers=key)
    assert admin.status_code == 403


def test_a_key_cannot_promote_a_member_to_admin_nor_touch_an_admin(world, client):
    key = _key(world, ["users:write", "users:read", *MEMBER_PERMISSIONS])
    member, admin = world.users[("a", "member")], world.users[("a", "tenant_admin")]
    promoted = client.patch(f"/users/{member}", json={"roles": ["tenant_admin"]}, headers=key)
    assert promoted.status_code == 403
    assert client.post(f"/users/{admin}/deactivate", headers=key).status_code == 403
    assert client.patch(f"/users/{admin}", json={"display_name": "x"}, headers=key).status_code == 403
    reset = client.post(f"/users/{admin}/invitation", headers=key)   # no reset link mailed to an admin
    assert reset.status_code == 403 and "roles you cannot give" in reset.text


def test_a_tenant_admin_cannot_deactivate_or_change_the_platform_ops_account(world, client):
    ops, headers = world.users[("a", "platform_ops")], world.headers("a", "tenant_admin")
    assert client.post(f"/users/{ops}/deactivate", headers=headers).status_code == 403
    assert client.patch(f"/users/{ops}", json={"roles": ["member"]}, headers=headers).status_code == 403
    assert client.post(f"/users/{ops}/invitation", headers=headers).status_code == 403
    me = client.get("/me", headers=world.headers("a", "platform_ops"))
    assert me.status_code == 200 and me.json()["user"]["active"]


def test_the_last_tenant_admin_cannot_lose_the_role(world, client):
    admin, headers = world.users[("a", "tenant_admin")], world.headers("a", "tenant_admin")
    demoted = client.patch(f"/users/{admin}", json={"roles": ["member"]}, headers=headers)
    assert demoted.status_code == 409, demoted.text
    second = client.post("/users", json=_new_user(["tenant_admin"]), headers=headers)
    assert second.status_code == 201
    assert client.patch(f"/users/{admin}", json={"roles": ["member"]}, headers=headers).status_code == 200


def test_the_last_tenant_admin_cannot_be_deactivated_by_any_path(world):
    with bind_tenant(world.tenants["a"]), world.db.session() as s:
        admin = users.get_user(s, world.users[("a", "tenant_admin")])
        with pytest.raises(Conflict, match="last active tenant admin"):
            users.deactivate(s, admin, actor="cli")
