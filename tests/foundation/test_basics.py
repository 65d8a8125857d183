"""Settings, UUIDv7 keys, exact money, migrations on SQLite."""
from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from partage.core.ids import uuid7
from partage.core.migrate import load_models, upgrade
from partage.core.money import MoneyError, from_cents, to_cents
from partage.core.settings import load_settings


def test_settings_default_to_embedded_sqlite_and_inline_jobs():
    s = load_settings({})
    assert s.database_url == "sqlite:///var/partage.db"
    assert s.redis_url is None and s.migration_database_url == s.database_url


def test_settings_read_the_environment():
    s = load_settings({"PARTAGE_DATABASE_URL": "postgresql://app@h/db",
                       "PARTAGE_MIGRATION_DATABASE_URL": "postgresql://owner@h/db",
                       "PARTAGE_REDIS_URL": "redis://h:6379/0"})
    assert s.is_postgres and s.migration_database_url.startswith("postgresql://owner")
    assert s.redis_url == "redis://h:6379/0"


def test_uuid7_is_version_7_rfc_variant_and_time_ordered():
    ids = [uuid7() for _ in range(2000)]
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in ids)
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


@pytest.mark.parametrize("euros,cents", [("0.01", 1), ("12.34", 1234), ("-5.10", -510), (7, 700)])
def test_cents_round_trip(euros, cents):
    assert to_cents(euros) == cents
    assert from_cents(cents) == Decimal(euros)


@pytest.mark.parametrize("bad", ["0.001", 0.1, "abc"])
def test_inexact_amounts_are_refused(bad):
    with pytest.raises(MoneyError):
        to_cents(bad)


def test_migrations_match_the_models_on_sqlite(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                load_models())
    engine.dispose()
    assert diff == [], f"models and migrations disagree: {diff}"
