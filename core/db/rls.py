"""Row-level security for every table that has a ``tenant_id`` column (PostgreSQL).

The policy list is derived from the live catalog after each migration, so a new tenant table
cannot be forgotten: if it has ``tenant_id``, it gets RLS enabled, forced and a fail-closed policy.
"""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

POLICY = "tenant_isolation"
# Fails closed: with no tenant bound, current_setting(..., true) is NULL/'' and no row matches.
PREDICATE = (
    "tenant_id = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid) "
    "OR (SELECT current_setting('app.cross_tenant', true) = 'on')"
)
APPEND_ONLY_TABLES = ("audit_events", "ledger_entries")


def tenant_tables(connection: Connection) -> list[str]:
    """Tables of the current schema that carry a ``tenant_id`` column."""
    rows = connection.execute(text(
        "SELECT c.table_name FROM information_schema.columns c "
        "JOIN information_schema.tables t USING (table_schema, table_name) "
        "WHERE c.column_name = 'tenant_id' AND c.table_schema = current_schema() "
        "AND t.table_type = 'BASE TABLE' ORDER BY 1"))
    return [row[0] for row in rows]


def secure_table(connection: Connection, table: str) -> None:
    """Enable and force RLS on ``table`` and (re)create its fail-closed policy."""
    q = f'"{table}"'
    connection.execute(text(f"ALTER TABLE {q} ENABLE ROW LEVEL SECURITY"))
    connection.execute(text(f"ALTER TABLE {q} FORCE ROW LEVEL SECURITY"))
    connection.execute(text(f"DROP POLICY IF EXISTS {POLICY} ON {q}"))
    connection.execute(text(
        f"CREATE POLICY {POLICY} ON {q} USING ({PREDICATE}) WITH CHECK ({PREDICATE})"))


def grant_app_role(connection: Connection, role: str) -> None:
    """Give the application role DML only; the audit trail is append-only for it."""
    exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    if not exists:
        raise RuntimeError(f"PARTAGE_APP_DB_ROLE={role!r}: no such PostgreSQL role")
    schema = connection.execute(text("SELECT current_schema()")).scalar()
    connection.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"'))
    connection.execute(text(
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"'))
    connection.execute(text(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{role}"'))
    for table in APPEND_ONLY_TABLES:
        if connection.execute(text("SELECT to_regclass(:t)"), {"t": table}).scalar():
            connection.execute(text(f'REVOKE UPDATE, DELETE, TRUNCATE ON "{table}" FROM "{role}"'))
    connection.execute(text(f'REVOKE ALL ON alembic_version FROM "{role}"'))


def sync(connection: Connection, app_role: str | None) -> list[str]:
    """Secure every tenant table and grant the app role; returns the tables secured."""
    if connection.dialect.name != "postgresql":
        return []
    tables = tenant_tables(connection)
    for table in tables:
        secure_table(connection, table)
    if app_role:
        grant_app_role(connection, app_role)
    return tables
