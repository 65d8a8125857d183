#!/usr/bin/env bash
# Create the owner role (runs migrations), the application role (no superuser, no BYPASSRLS, not
# owner), the platform role (cross-tenant work: a row-level security policy of its own; the
# application role is not a member of it) and a fresh test database owned by the owner. Trust auth on 127.0.0.1, as root -> postgres.
set -euo pipefail
DB="${1:-partage_test}"
psql_admin() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_admin -d postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'partage_owner') THEN
    CREATE ROLE partage_owner LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'partage_app') THEN
    CREATE ROLE partage_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'partage_platform') THEN
    CREATE ROLE partage_platform LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
  END IF;
END \$\$;
ALTER ROLE partage_app NOSUPERUSER NOBYPASSRLS;
ALTER ROLE partage_platform NOSUPERUSER NOBYPASSRLS;
DROP DATABASE IF EXISTS ${DB} WITH (FORCE);
CREATE DATABASE ${DB} OWNER partage_owner;
SQL
psql_admin -d "$DB" -c "REVOKE ALL ON SCHEMA public FROM PUBLIC; ALTER SCHEMA public OWNER TO partage_owner;"
psql_admin -d "$DB" -c "GRANT CONNECT ON DATABASE ${DB} TO partage_app, partage_platform;"
echo "pg-setup: database ${DB} ready (owner partage_owner, app role partage_app, platform role partage_platform)"
