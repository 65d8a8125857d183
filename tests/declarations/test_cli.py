"""`partage declarations generate|list` on a migrated SQLite database (configured through the environment)."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from partage.core.db import Database, database
from partage.core.migrate import upgrade
from partage.core.settings import settings
from partage.core.declarations.xml import xsd_problems
from tests.declarations.stored import paid_run


@pytest.fixture
def configured(tmp_path, monkeypatch) -> Database:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    for name in ("PARTAGE_MIGRATION_DATABASE_URL", "PARTAGE_APP_DB_ROLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PARTAGE_DATABASE_URL", url)
    monkeypatch.setenv("PARTAGE_VAR_DIR", str(tmp_path))
    settings.cache_clear(), database.cache_clear()
    upgrade(url)
    yield database()
    database().dispose()
    settings.cache_clear(), database.cache_clear()


def test_generate_writes_the_file_and_list_shows_it(configured, tmp_path, dmfa_xsd):
    from partage.cli import app

    _, slug = paid_run(configured, members=3)
    target = tmp_path / "dmfa.xml"
    result = CliRunner().invoke(app, ["declarations", "generate", "--tenant", slug, "--type", "dmfa",
                                      "--period", "2026-Q1", "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert "validated" in result.output and "payslips: 3" in result.output
    assert xsd_problems(target.read_bytes(), dmfa_xsd) == []
    listed = CliRunner().invoke(app, ["declarations", "list", "--tenant", slug])
    assert listed.exit_code == 0 and "2026-Q1" in listed.output and "overdue" in listed.output


def test_generate_names_what_is_missing(configured, tmp_path):
    from partage.cli import app

    _, slug = paid_run(configured, members=2, approve=False)
    result = CliRunner().invoke(app, ["declarations", "generate", "--tenant", slug, "--type", "dmfa",
                                      "--period", "2026-Q1", "--out", str(tmp_path / "x.xml")])
    assert result.exit_code == 1 and "open_runs" in result.output
    assert not (tmp_path / "x.xml").exists()
