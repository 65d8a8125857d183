"""Shared fixtures: migrated databases (SQLite always, PostgreSQL when configured) and tenants."""
from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path
from decimal import Decimal

import pytest
from sqlalchemy import text

from partage.core.db import Database, make_engine
from partage.core.migrate import upgrade
from partage.core.tenancy import cross_tenant
from tests.services import POSTGRES_APP, POSTGRES_OWNER, service_url

APP_ROLE = "partage_app"

# The test-only OpenFisca oracle (installed apart by `make test`), last on the path so that nothing
# of the project's own environment is shadowed by it.
_ORACLE = Path(__file__).resolve().parents[1] / "var" / "oracle-site"
if _ORACLE.is_dir() and str(_ORACLE) not in sys.path:
    sys.path.append(str(_ORACLE))


def with_search_path(url: str, schema: str) -> str:
    """``url`` whose connections use ``schema`` (libpq ``options=-csearch_path=...``)."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


def _owner_execute(owner_url: str, *statements: str) -> None:
    engine = make_engine(owner_url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


@pytest.fixture(scope="session")
def pg_schema(pg_server_owner_url) -> str:
    """A fresh schema for this test session, so concurrent runs never meet; dropped at the end."""
    schema = f"test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    _owner_execute(pg_server_owner_url, f'CREATE SCHEMA "{schema}"')
    yield schema
    _owner_execute(pg_server_owner_url, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(scope="session")
def pg_server_owner_url() -> str:
    return service_url(POSTGRES_OWNER, "PostgreSQL (owner role)")


@pytest.fixture(scope="session")
def pg_owner_url(pg_server_owner_url, pg_schema) -> str:
    """The owner role, inside this session's schema."""
    return with_search_path(pg_server_owner_url, pg_schema)


@pytest.fixture(scope="session")
def pg_app_url(pg_schema) -> str:
    """The application role (not owner, not superuser), inside this session's schema."""
    return with_search_path(service_url(POSTGRES_APP, "PostgreSQL (application role)"), pg_schema)


@pytest.fixture(scope="session")
def pg_db(pg_owner_url, pg_app_url) -> Database:
    """The migrated PostgreSQL test database, connected as the application role."""
    upgrade(pg_owner_url, app_role=APP_ROLE)
    db = Database(pg_app_url)
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
    from partage.tenants.models import Tenant

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
