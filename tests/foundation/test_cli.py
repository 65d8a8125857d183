"""The command line, run as a user would (a subprocess on a fresh embedded database)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTAGE_")}
    env.update(PARTAGE_DATABASE_URL=f"sqlite:///{tmp_path / 'cli.db'}", PARTAGE_VAR_DIR=str(tmp_path),
               COLUMNS="200")

    def _run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
    assert _run("db", "upgrade").returncode == 0
    return _run


def test_tenant_apply_twice_gives_one_tenant(run):
    first = run("tenant", "apply", "tenants/presets/smart-be")
    second = run("tenant", "apply", "tenants/presets/smart-be")
    assert "created" in first.stdout and "unchanged" in second.stdout
    listing = run("tenant", "list").stdout
    assert listing.count("smart-be") == 1


def test_bad_preset_gives_a_message_naming_the_field(run, tmp_path):
    folder = tmp_path / "bad"
    shutil.copytree(ROOT / "tenants/presets/smart-be", folder)
    yaml = folder / "tenant.yaml"
    yaml.write_text(yaml.read_text().replace("vat_number: BE0896755397", "vat_number: BE0896755398"))
    result = run("tenant", "apply", str(folder))
    assert result.returncode == 1
    assert "vat_number" in result.stderr and "Traceback" not in result.stderr
    assert "smart-be" not in run("tenant", "list").stdout


def test_plugins_list_shows_both_countries(run):
    out = run("plugins", "list").stdout
    assert "Belgium" in out and "France" in out and "identifiers" in out


def test_audit_verify_fails_after_tampering(run, tmp_path):
    import sqlite3

    run("tenant", "apply", "tenants/presets/smart-be")
    assert run("audit", "verify").returncode == 0
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        conn.execute("UPDATE audit_events SET subject = 'tenant:other' WHERE action = 'tenant.created'")
    result = run("audit", "verify")
    assert result.returncode == 1 and "edited" in result.stderr
