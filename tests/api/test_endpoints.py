"""The endpoints themselves: users and roles, tenant settings, ops tenants, OpenAPI; all audited."""
from __future__ import annotations

from sqlalchemy import select

from partage.core.audit import AuditEvent, verify
from partage.core.tenancy import bind_tenant, cross_tenant
from tests.api.conftest import PASSWORD


def audit_actions(world, tenant: str | None) -> list[str]:
    if tenant is None:
        with cross_tenant(actor="test", reason="read audit"), world.db.session() as s:
            return [e.action for e in s.scalars(select(AuditEvent).where(AuditEvent.chain == "platform"))]
    with bind_tenant(world.tenants[tenant]), world.db.session() as s:
        query = select(AuditEvent).where(AuditEvent.tenant_id == world.tenants[tenant])
        return [e.action for e in s.scalars(query)]


def test_user_lifecycle(world, client):
    admin = world.headers("a", "tenant_admin")
    created = client.post("/users", headers=admin, json={"email": "Zoe@A.test", "display_name": "Zoé",
                                                         "roles": ["member"], "password": PASSWORD})
    assert created.status_code == 201, created.text
    user = created.json()
    assert user["email"] == "zoe@a.test" and user["roles"] == ["member"] and "password" not in created.text
    changed = client.patch(f"/users/{user['id']}", headers=admin, json={"roles": ["advisor", "member"]})
    assert changed.json()["roles"] == ["advisor", "member"]
    assert client.get(f"/users/{user['id']}", headers=world.headers("a", "advisor")).status_code == 200
    assert client.post(f"/users/{user['id']}/deactivate", headers=admin).json()["active"] is False
    actions = audit_actions(world, "a")
    assert {"user.created", "user.updated", "user.deactivated"} <= set(actions)


def test_an_admin_cannot_deactivate_themself(world, client):
    me = world.users[("a", "tenant_admin")]
    assert client.post(f"/users/{me}/deactivate", headers=world.headers("a", "tenant_admin")).status_code == 409


def test_roles_come_from_the_policy_table(world, client):
    from partage.core.identity import policy

    roles = {r["name"]: r["permissions"] for r in client.get("/roles", headers=world.headers("a", "advisor")).json()}
    assert set(roles) == set(policy.ROLES)
    assert roles["member"]["users:read"] == "own" and "users:write" not in roles["member"]


def test_me_lists_what_the_caller_may_do(world, client):
    me = client.get("/me", headers=world.headers("a", "member")).json()
    assert me["user"]["id"] == str(world.users[("a", "member")])
    assert "api_keys:write" not in me["permissions"] and me["permissions"]["users:read"] == "own"


def test_tenant_settings_read_by_members_changed_by_admins(world, client):
    member, admin = world.headers("a", "member"), world.headers("a", "tenant_admin")
    assert client.get("/tenant/settings", headers=member).status_code == 200
    change = {"modules": ["billing", "payroll"], "contribution_rate": "0.08",
              "branding": {"primary_color": "#00aa11", "document_footer": "Coop A"}}
    assert client.patch("/tenant/settings", headers=member, json=change).status_code == 403
    after = client.patch("/tenant/settings", headers=admin, json=change).json()
    assert after["modules"] == ["billing", "payroll"] and after["contribution_rate"] == "0.08"
    assert after["branding"]["primary_color"] == "#00aa11"
    assert client.get("/me", headers=member).json()["modules"] == ["billing", "payroll"]
    assert "tenant.settings_updated" in audit_actions(world, "a")
    other = client.get("/tenant/settings", headers=world.headers("b", "member")).json()
    assert other["modules"] == [] and other["contribution_rate"] != "0.08"


def test_ops_create_list_and_read_tenants_through_the_audited_path(world, client):
    ops = world.headers("a", "platform_ops")
    body = {"slug": "coop-new", "legal_name": "Coop New", "country": "be", "contribution_rate": "0.05",
            "vat_number": "BE0896755397", "locales": ["fr", "nl"], "modules": ["billing"]}
    created = client.post("/ops/tenants", headers=ops, json=body)
    assert created.status_code == 201, created.text
    assert client.post("/ops/tenants", headers=ops, json=body).status_code == 409
    slugs = [t["slug"] for t in client.get("/ops/tenants", headers=ops).json()]
    assert "coop-new" in slugs and len(slugs) == 3
    one = client.get(f"/ops/tenants/{created.json()['id']}", headers=ops).json()
    assert one["vat_number"] == "BE0896755397" and one["modules"] == ["billing"]
    assert client.get(f"/ops/tenants/{world.tenants['a']}", headers=world.headers("a", "tenant_admin")).status_code == 403
    assert audit_actions(world, None).count("cross_tenant") >= 3
    with cross_tenant(actor="test", reason="verify"), world.db.session() as s:
        assert verify(s) == []


def test_ops_creation_validates_like_a_preset(world, client):
    ops = world.headers("a", "platform_ops")
    base = {"slug": "coop-x", "legal_name": "X", "country": "be", "contribution_rate": "0.05"}
    for change, field in (({"vat_number": "BE0000000001"}, "vat_number"), ({"country": "zz"}, "country"),
                          ({"slug": "Bad Slug"}, "slug"), ({"contribution_rate": "7"}, "contribution_rate"),
                          ({"modules": ["teleport"]}, "modules")):
        response = client.post("/ops/tenants", headers=ops, json={**base, **change})
        assert response.status_code == 400, (change, response.text)
        assert response.json()["errors"][0]["field"] == field


def test_openapi_31_is_served(client):
    doc = client.get("/schema/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    assert {"/me", "/users", "/tenant/settings", "/ops/tenants", "/api-keys", "/auth/login"} <= set(doc["paths"])


def test_partage_serve_is_a_command():
    from typer.testing import CliRunner

    from partage.cli import app as cli_app

    result = CliRunner().invoke(cli_app, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output
