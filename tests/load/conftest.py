"""A tenant with billing on PostgreSQL, served by the real HTTP server."""
from __future__ import annotations

import pytest

from partage.core.billing import create_activity, create_client, create_member
from partage.core.tenancy import bind_tenant
from tests.api.conftest import build_world, enable_modules
from tests.load.server import live_server

BE_KBO = "0403019261"           # valid enterprise number (python-stdnum doctest)


@pytest.fixture(scope="module")
def books(pg_db):
    world = build_world(pg_db)
    tenant_id = world.tenants["a"]
    enable_modules(pg_db, tenant_id, ["billing"])
    with bind_tenant(tenant_id), pg_db.session() as s:
        member = create_member(s, {"first_name": "Ada", "last_name": "Lovelace"}, actor="test")
        activity = create_activity(s, member.id, "Illustration", actor="test")
        client = create_client(s, {"kind": "business", "name": "Client SA", "country": "BE",
                                   "company_number": BE_KBO}, actor="test")
    ids = {"activity_id": str(activity.id), "client_id": str(client.id)}
    return world, tenant_id, ids


@pytest.fixture(scope="module")
def server(books, pg_app_url, tmp_path_factory):
    world, _, _ = books
    env = {"PARTAGE_DATABASE_URL": pg_app_url, "PARTAGE_SECRET_KEY": world.settings.secret_key}
    log = tmp_path_factory.mktemp("server") / "uvicorn.log"
    with live_server(env, log) as base:
        yield base
