"""Tenant export and import: a demo tenant round-trips into an empty database (SQLite and
PostgreSQL) with every tenant-owned table equal row for row (tables enumerated from the models'
metadata), its audit chain verifying; damaged archives are refused naming the file."""
from __future__ import annotations

import os
from datetime import datetime, timezone
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from partage.core.audit import verify
from partage.core.db import Database
from partage.core.migrate import upgrade
from partage.core.tenancy import bind_tenant
from partage.tenants.archive import ArchiveError
from partage.tenants.models import Tenant
from partage.tenants.portability import ImportRefused, _raw, _read_table, export_tenant, import_tenant, tenant_tables

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Database:
    """The README's demo on the embedded default, small."""
    var = tmp_path_factory.mktemp("demo")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTAGE_")}
    env.update(PARTAGE_VAR_DIR=str(var), COLUMNS="200")
    done = subprocess.run([sys.executable, str(ROOT / "cli.py"), "demo", "--members", "6"], cwd=var, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    (db_file,) = var.rglob("*.db")
    db = Database(f"sqlite:///{db_file}")
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def archive(demo_db, tmp_path_factory) -> tuple[Path, object]:
    path = tmp_path_factory.mktemp("archive") / "smart-be.partage"
    moved = export_tenant(demo_db, "smart-be", path, PASSPHRASE, actor="test")
    return path, moved


def _utc(value):
    """SQLite hands back naive UTC times, PostgreSQL aware ones: compare them as the same instant."""
    return value.replace(tzinfo=timezone.utc) if isinstance(value, datetime) and value.tzinfo is None else value


def _rows(db: Database, tenant_id) -> dict[str, list[tuple]]:
    with bind_tenant(tenant_id), db.session() as s:
        return {t.name: [tuple(_utc(v) for v in r) for r in _read_table(s, t, tenant_id)]
                for t in tenant_tables()}


def _fresh_sqlite(tmp_path) -> Database:
    url = f"sqlite:///{tmp_path / 'target.db'}"
    upgrade(url)
    return Database(url)


@pytest.fixture(params=["sqlite", "postgres"])
def target(request, tmp_path) -> Database:
    if request.param == "postgres":
        yield request.getfixturevalue("pg_db")
        return
    db = _fresh_sqlite(tmp_path)
    yield db
    db.dispose()


def test_every_tenant_table_comes_back_equal_and_the_trail_verifies(demo_db, archive, target):
    path, moved = archive
    source = _rows(demo_db, moved.tenant_id)
    assert source["invoices"] and source["payslips"] and source["declarations"]   # a real tenant
    import_tenant(target, path, PASSPHRASE, actor="test")
    copied = _rows(target, moved.tenant_id)
    assert set(copied) == {t.name for t in tenant_tables()}
    for table in tenant_tables():
        if table.name in ("audit_events", "audit_heads"):
            continue
        assert copied[table.name] == source[table.name], table.name
    # the imported trail is the source's, plus one event saying where it came from
    assert copied["audit_events"][:len(source["audit_events"])] == source["audit_events"]
    (extra,) = copied["audit_events"][len(source["audit_events"]):]
    assert "tenant.imported" in extra
    with bind_tenant(moved.tenant_id), target.session() as s:
        assert verify(s) == []


def test_the_same_tenant_cannot_be_imported_twice(demo_db, archive, tmp_path):
    path, _ = archive
    db = _fresh_sqlite(tmp_path)
    import_tenant(db, path, PASSPHRASE, actor="test", slug="coop-b")
    with pytest.raises(ImportRefused, match="already exists"):
        import_tenant(db, path, PASSPHRASE, actor="test", slug="coop-c")
    db.dispose()


@pytest.mark.parametrize("damage", ["truncate", "flip", "passphrase", "not-an-archive"])
def test_a_damaged_archive_is_refused_naming_the_file_and_nothing_is_written(archive, tmp_path, damage):
    path, moved = archive
    bad = tmp_path / "bad.partage"
    data = path.read_bytes()
    bad.write_bytes({"truncate": data[: len(data) // 2], "flip": data[:-40] + bytes([data[-40] ^ 1]) + data[-39:],
                     "passphrase": data, "not-an-archive": b"PK\x03\x04 a zip file"}[damage])
    db = _fresh_sqlite(tmp_path)
    with pytest.raises(ArchiveError, match="bad.partage"):
        import_tenant(db, bad, "a wrong passphrase!" if damage == "passphrase" else PASSPHRASE, actor="test")
    with db.session() as s:
        assert s.execute(sa.select(sa.func.count()).select_from(_raw(Tenant.__table__))).scalar() == 0
    db.dispose()


def test_a_short_passphrase_is_refused(demo_db, tmp_path):
    with pytest.raises(ArchiveError, match="passphrase"):
        export_tenant(demo_db, "smart-be", tmp_path / "x.partage", "short", actor="test")


def test_the_command_line_exports_and_imports(demo_db, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTAGE_")}
    source_url = demo_db.engine.url.render_as_string(hide_password=False)
    target = _fresh_sqlite(tmp_path)
    target_url = target.engine.url.render_as_string(hide_password=False)
    archive = tmp_path / "coop.partage"

    def cli(url, *args, passphrase=PASSPHRASE):
        extra = {"PARTAGE_ARCHIVE_PASSPHRASE": passphrase} if passphrase else {}
        return subprocess.run([sys.executable, str(ROOT / "cli.py"), "tenant", *args], cwd=tmp_path,
                              env={**env, "PARTAGE_DATABASE_URL": url, **extra}, capture_output=True,
                              text=True, timeout=300, stdin=subprocess.DEVNULL)

    assert cli(source_url, "export", "--tenant", "smart-fr", "--out", str(archive)).returncode == 0
    missing = cli(source_url, "export", "--tenant", "smart-fr", "--out", str(archive), passphrase=None)
    assert missing.returncode == 2 and "PARTAGE_ARCHIVE_PASSPHRASE" in missing.stderr
    assert cli(source_url, "export", "--tenant", "nobody", "--out", str(archive)).returncode == 2
    done = cli(target_url, "import", str(archive), "--slug", "coop-fr")
    assert done.returncode == 0, done.stderr
    again = cli(target_url, "import", str(archive), "--slug", "coop-fr2")
    assert again.returncode == 1 and "already exists" in again.stderr and "Traceback" not in again.stderr
    target.dispose()
