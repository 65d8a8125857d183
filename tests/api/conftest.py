"""API fixtures: an app over a migrated database, tenants with users of every role, tokens."""
from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from litestar.testing import TestClient

from partage.api.app import create_app
from partage.core.identity.access import issue_access
from partage.core.identity.policy import ROLES
from partage.core.identity.users import create_user
from partage.core.settings import load_settings
from partage.core.tenancy import bind_tenant, cross_tenant
from tests.conftest import create_tenant

PASSWORD = "correct horse battery"


@dataclass
class World:
    """Two tenants, each with one user per role (and a second member)."""

    db: object
    settings: object
    tenants: dict[str, uuid.UUID] = field(default_factory=dict)
    users: dict[tuple[str, str], uuid.UUID] = field(default_factory=dict)

    def token(self, tenant: str, role: str) -> str:
        user_id = self.users[(tenant, role)]
        return issue_access(self.settings.secret_key, user_id, self.tenants[tenant], [role])

    def headers(self, tenant: str, role: str | None) -> dict[str, str]:
        return {} if role is None else {"Authorization": f"Bearer {self.token(tenant, role)}"}


def add_user(db, tenant_id: uuid.UUID, email: str, roles: list[str], password: str | None = PASSWORD):
    with bind_tenant(tenant_id), db.session() as s:
        user = create_user(s, email=email, display_name=email.split("@")[0], roles=roles,
                           password=password, actor="test", grantable=ROLES)
        return user.id


def enable_modules(db, tenant_id: uuid.UUID, modules: list[str]) -> None:
    from partage.tenants.models import Tenant

    with cross_tenant(actor="test", reason="test fixture"), db.session() as s:
        s.get(Tenant, tenant_id).modules = modules


def build_world(db) -> World:
    settings = load_settings({"PARTAGE_SECRET_KEY": "test-secret-" + uuid.uuid4().hex})
    world = World(db=db, settings=settings)
    for name in ("a", "b"):
        tenant_id = create_tenant(db, slug=f"{name}-{uuid.uuid4().hex[:8]}")
        world.tenants[name] = tenant_id
        for role in ROLES + ("member2",):
            roles = ["member"] if role == "member2" else [role]
            world.users[(name, role)] = add_user(db, tenant_id, f"{role}@{name}.test", roles,
                                                 password=None)   # tokens minted directly: fast
    return world


@pytest.fixture(scope="session")
def world_template(tmp_path_factory) -> tuple[Path, World]:
    """Migrate and populate one SQLite file per session; each test gets a copy (fast, isolated)."""
    from partage.core.db import Database
    from partage.core.migrate import upgrade

    path = tmp_path_factory.mktemp("api-template") / "partage.db"
    upgrade(f"sqlite:///{path}")
    db = Database(f"sqlite:///{path}")
    world = build_world(db)
    db.dispose()
    return path, world


@pytest.fixture
def world(world_template, tmp_path) -> World:
    from partage.core.db import Database

    template, data = world_template
    copy = tmp_path / "partage.db"
    shutil.copyfile(template, copy)
    db = Database(f"sqlite:///{copy}")
    yield World(db=db, settings=data.settings, tenants=dict(data.tenants), users=dict(data.users))
    db.dispose()


@pytest.fixture
def app(world):
    return create_app(world.db, world.settings)


@pytest.fixture
def client(app):
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def add_key(db, tenant_id: uuid.UUID, permissions: list[str], roles=("tenant_admin",)) -> tuple[uuid.UUID, str]:
    from partage.core.identity.credentials import create_key

    with bind_tenant(tenant_id), db.session() as s:
        new = create_key(s, name="integration", permissions=permissions, roles=list(roles), actor="test")
        return new.key.id, new.secret


def routes(app) -> list[tuple[str, str, object]]:
    """(method, path, handler) for every application route (Litestar's OPTIONS ones aside)."""
    from partage.api.security import is_preflight

    found = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            if is_preflight(handler):
                continue
            for method in sorted(handler.http_methods):
                found.append((method, route.path, handler))
    return sorted(found, key=lambda r: (r[1], r[0]))
