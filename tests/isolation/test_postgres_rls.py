"""Row-level security on PostgreSQL, connected as the application role."""
from __future__ import annotations

import uuid
from datetime import date

import pytest
import sqlalchemy.exc
from sqlalchemy import text

from partage.core.db import Base
from partage.core.migrate import load_models
from partage.core.overrides import ParameterOverride
from partage.core.tenancy import bind_tenant
from tests.conftest import create_tenant

INSERT = text("INSERT INTO parameter_overrides (id, tenant_id, name, start, value, reference, "
              "created_at) VALUES (:id, :t, :n, '2025-01-01', '1', 'r', now())")


@pytest.fixture
def tenants(pg_db):
    a, b = create_tenant(pg_db), create_tenant(pg_db)
    for tenant in (a, b):
        with bind_tenant(tenant), pg_db.session() as s:
            s.add(ParameterOverride(name=f"rate.{tenant}", start=date(2025, 1, 1), value="1",
                                    reference="r"))
    return a, b


def test_raw_sql_as_tenant_a_returns_only_a(pg_db, tenants):
    a, _ = tenants
    with bind_tenant(a), pg_db.session() as s:
        owners = s.execute(text("SELECT DISTINCT tenant_id FROM parameter_overrides")).scalars().all()
    assert owners == [a]


def test_raw_sql_without_tenant_returns_no_row(pg_db, tenants):
    with pg_db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM parameter_overrides")).scalar() == 0


@pytest.mark.parametrize("statement", ["insert", "update"])
def test_writing_a_row_of_b_as_a_fails(pg_db, tenants, statement):
    a, b = tenants
    with pytest.raises(sqlalchemy.exc.ProgrammingError, match="row-level security"):
        with bind_tenant(a), pg_db.session() as s:
            if statement == "insert":
                s.execute(INSERT, {"id": uuid.uuid4(), "t": b, "n": "evil"})
            else:
                s.execute(text("UPDATE parameter_overrides SET tenant_id = :b"), {"b": b})


def test_update_of_b_rows_as_a_changes_nothing(pg_db, tenants):
    a, b = tenants
    with bind_tenant(a), pg_db.session() as s:
        changed = s.execute(text("UPDATE parameter_overrides SET value = '9' WHERE tenant_id = :b"),
                            {"b": b}).rowcount
    assert changed == 0


def test_tenant_setting_does_not_survive_the_transaction(pg_db, tenants):
    a, _ = tenants
    with pg_db.engine.connect() as conn:  # one pooled connection, two transactions
        with bind_tenant(a), conn.begin():
            from partage.core.db.session import BIND_SQL

            conn.execute(BIND_SQL, {"tenant": str(a)})
            pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
            assert conn.execute(text("SELECT count(*) FROM parameter_overrides")).scalar() == 1
        with conn.begin():
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar() == pid
            setting = conn.execute(text("SELECT current_setting('app.tenant_id', true)")).scalar()
            assert setting in (None, "")
            assert conn.execute(text("SELECT count(*) FROM parameter_overrides")).scalar() == 0


def test_same_pooled_connection_has_no_tenant_after_session_commit(pg_app_url, tenants):
    from partage.core.db import Database

    db = Database(pg_app_url, pool_size=1, max_overflow=0)
    try:
        with bind_tenant(tenants[0]), db.session() as s:
            pid = s.execute(text("SELECT pg_backend_pid()")).scalar()
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar() == pid
            assert conn.execute(text("SELECT current_setting('app.tenant_id', true)")).scalar() in (None, "")
            assert conn.execute(text("SELECT count(*) FROM parameter_overrides")).scalar() == 0
    finally:
        db.dispose()


def test_every_tenant_table_has_forced_rls_and_a_policy(pg_db):
    with pg_db.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
            "(SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r'")).all()
    assert rows, "no tenant table found"
    bad = [r[0] for r in rows if not (r[1] and r[2] and r[3] >= 1)]
    assert bad == []


def test_every_model_with_tenant_id_exists_in_the_database(pg_db):
    load_models()
    expected = {t.name for t in Base.metadata.sorted_tables if "tenant_id" in t.c}
    with pg_db.engine.connect() as conn:
        present = set(conn.execute(text(
            "SELECT table_name FROM information_schema.columns WHERE column_name = 'tenant_id' "
            "AND table_schema = current_schema()")).scalars())
    assert expected <= present, f"tenant tables without a migration: {expected - present}"


def test_application_role_is_not_privileged(pg_db):
    with pg_db.engine.connect() as conn:
        role = conn.execute(text(
            "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")).one()
        owned = conn.execute(text(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND pg_get_userbyid(c.relowner) = current_user")).scalar()
        db_owner = conn.execute(text(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")).scalar()
    assert role.rolsuper is False and role.rolbypassrls is False
    assert owned == 0 and db_owner != role.rolname


def test_audit_trail_is_append_only_for_the_application_role(pg_db, tenants):
    with bind_tenant(tenants[0]), pytest.raises(sqlalchemy.exc.ProgrammingError, match="permission denied"):
        with pg_db.session() as s:
            s.execute(text("DELETE FROM audit_events"))


def test_migrations_match_the_models_on_postgres(pg_db):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with pg_db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                load_models())
    assert diff == [], f"models and migrations disagree: {diff}"


def test_ledger_is_append_only_for_the_application_role(pg_db, tenants):
    with bind_tenant(tenants[0]), pytest.raises(sqlalchemy.exc.ProgrammingError, match="permission denied"):
        with pg_db.session() as s:
            s.execute(text("DELETE FROM ledger_entries"))
