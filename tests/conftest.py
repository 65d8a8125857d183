"""Shared fixtures: migrated databases (SQLite always, PostgreSQL when configured) and tenants."""
from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from sqlalchemy import text

from core.db import Database, make_engine
from core.migrate import upgrade
from core.tenancy import cross_tenant
from tests.services import POSTGRES_APP, POSTGRES_OWNER, service_url

APP_ROLE = "partage_app"


def reset_postgres_schema(owner_url: str) -> None:
    """Drop and recreate the public schema as the owner (a clean database per test session)."""
    engine = make_engine(owner_url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def pg_owner_url() -> str:
    return service_url(POSTGRES_OWNER, "PostgreSQL (owner role)")


@pytest.fixture(scope="session")
def pg_db(pg_owner_url) -> Database:
    """The migrated PostgreSQL test database, connected as the application role."""
    app_url = service_url(POSTGRES_APP, "PostgreSQL (application role)")
    reset_postgres_schema(pg_owner_url)
    upgrade(pg_owner_url, app_role=APP_ROLE)
    db = Database(app_url)
    yield db
    db.dispose()


@pytest.fixture
def sqlite_db(tmp_path) -> Database:
    url = f"sqlite:///{tmp_path / 'partage.db'}"
    upgrade(url)
    db = Database(url)
    yield db
    db.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db(request) -> Database:
    """Each ORM-level test runs on SQLite and on PostgreSQL."""
    name = "sqlite_db" if request.param == "sqlite" else "pg_db"
    return request.getfixturevalue(name)


def create_tenant(db: Database, slug: str | None = None, country: str = "be") -> uuid.UUID:
    """A bare tenant row, created through the audited cross-tenant path."""
    from tenants.models import Tenant

    slug = slug or f"t-{uuid.uuid4().hex[:10]}"
    with cross_tenant(actor="test", reason="test fixture"), db.session() as s:
        tenant = Tenant(slug=slug, legal_name=f"{slug} coop", country=country, locales=["fr"],
                        currency="EUR", contribution_rate=Decimal("0.065"), modules=[],
                        branding={}, oidc={})
        s.add(tenant)
        s.flush()
        return tenant.id


@pytest.fixture
def two_tenants(db) -> tuple[uuid.UUID, uuid.UUID]:
    return create_tenant(db), create_tenant(db)
