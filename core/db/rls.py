"""Row-level security for every table that has a ``tenant_id`` column (PostgreSQL).

The policy list is derived from the live catalog after each migration, so a new tenant table
cannot be forgotten: if it has ``tenant_id``, it gets RLS enabled, forced and a fail-closed policy.

The tenant policy has no switch: nothing the application role can set lets it see another
tenant's rows. Cross-tenant work (platform ops, cross-tenant jobs, audit verification) connects
as a separate role, the *platform role* (``PARTAGE_PLATFORM_DB_ROLE``), which alone has a second
policy letting every row through; ``core.tenancy.cross_tenant`` routes its transactions there
and each records a ``cross_tenant`` audit event (actor, reason).
"""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

POLICY, PLATFORM_POLICY = "tenant_isolation", "platform_access"
DEFAULT_PLATFORM_ROLE = "partage_platform"
# Fails closed: with no tenant bound, current_setting(..., true) is NULL/'' and no row matches.
PREDICATE = "tenant_id = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid)"
APPEND_ONLY_TABLES = ("audit_events", "ledger_entries")


def tenant_tables(connection: Connection) -> list[str]:
    """Tables of the current schema that carry a ``tenant_id`` column."""
    rows = connection.execute(text(
        "SELECT c.table_name FROM information_schema.columns c "
        "JOIN information_schema.tables t USING (table_schema, table_name) "
        "WHERE c.column_name = 'tenant_id' AND c.table_schema = current_schema() "
        "AND t.table_type = 'BASE TABLE' ORDER BY 1"))
    return [row[0] for row in rows]


def secure_table(connection: Connection, table: str, platform_role: str | None = None) -> None:
    """Enable and force RLS on ``table`` and (re)create its fail-closed policy (and the platform
    role's, when given)."""
    q = f'"{table}"'
    connection.execute(text(f"ALTER TABLE {q} ENABLE ROW LEVEL SECURITY"))
    connection.execute(text(f"ALTER TABLE {q} FORCE ROW LEVEL SECURITY"))
    connection.execute(text(f"DROP POLICY IF EXISTS {POLICY} ON {q}"))
    connection.execute(text(f"DROP POLICY IF EXISTS {PLATFORM_POLICY} ON {q}"))
    connection.execute(text(
        f"CREATE POLICY {POLICY} ON {q} USING ({PREDICATE}) WITH CHECK ({PREDICATE})"))
    if platform_role:
        connection.execute(text(f'CREATE POLICY {PLATFORM_POLICY} ON {q} TO "{platform_role}" '
                                "USING (true) WITH CHECK (true)"))


def _require_role(connection: Connection, role: str, setting: str) -> None:
    exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    if not exists:
        raise RuntimeError(f"{setting}={role!r}: no such PostgreSQL role (see .ci/pg-setup.sh)")
    flags = connection.execute(text("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = :r"),
                               {"r": role}).scalar()
    if flags:
        raise RuntimeError(f"{setting}={role!r} is a superuser or bypasses RLS: refused")


def grant_app_role(connection: Connection, role: str, setting: str = "PARTAGE_APP_DB_ROLE") -> None:
    """Give the application role DML only; the audit trail is append-only for it."""
    _require_role(connection, role, setting)
    schema = connection.execute(text("SELECT current_schema()")).scalar()
    connection.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"'))
    connection.execute(text(
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"'))
    connection.execute(text(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{role}"'))
    for table in APPEND_ONLY_TABLES:
        if connection.execute(text("SELECT to_regclass(:t)"), {"t": table}).scalar():
            connection.execute(text(f'REVOKE UPDATE, DELETE, TRUNCATE ON "{table}" FROM "{role}"'))
    connection.execute(text(f'REVOKE ALL ON alembic_version FROM "{role}"'))


def sync(connection: Connection, app_role: str | None, platform_role: str | None = None) -> list[str]:
    """Secure every tenant table and grant the app and platform roles; returns the tables secured."""
    if connection.dialect.name != "postgresql":
        return []
    if platform_role:
        _require_role(connection, platform_role, "PARTAGE_PLATFORM_DB_ROLE")
    tables = tenant_tables(connection)
    for table in tables:
        secure_table(connection, table, platform_role)
    if app_role:
        grant_app_role(connection, app_role)
    if platform_role:
        grant_app_role(connection, platform_role, "PARTAGE_PLATFORM_DB_ROLE")
    return tables
