"""The command line scripts well: every list command has --json, tables never cut the identifiers
the next command needs, usage errors exit 2 and refusals 1, each as one line (no traceback, no repr)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import typer

from partage import cli

ROOT = Path(__file__).resolve().parents[2]


def _commands(group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):      # a group (typer vendors its own click)
            yield from _commands(command, prefix + (name,))
        else:
            yield prefix + (name,), command


def test_every_list_command_has_a_json_option():
    group = typer.main.get_command(cli.app)
    lists = [(path, command) for path, command in _commands(group) if path[-1] == "list"]
    assert len(lists) >= 4
    for path, command in lists:
        assert any("--json" in p.opts for p in command.params), f"partage {' '.join(path)} has no --json"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """An embedded database with the smart-be preset and a few issued invoices."""
    from partage.core.db import Database
    from partage.core.migrate import upgrade
    from partage.tenants.demo_billing import seed_billing
    from partage.tenants.provisioning import apply_preset

    folder = tmp_path_factory.mktemp("cli")
    url = f"sqlite:///{folder / 'cli.db'}"
    upgrade(url)
    db = Database(url)
    apply_preset(db, ROOT / "tenants" / "presets" / "smart-be", actor="test")
    seed_billing(db, "smart-be", 2, today=date(2026, 12, 1))
    db.dispose()
    return url, folder


def _run(world, *args: str, columns: int = 200) -> subprocess.CompletedProcess:
    url, folder = world
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTAGE_")}
    env.update(PARTAGE_DATABASE_URL=url, PARTAGE_VAR_DIR=str(folder), COLUMNS=str(columns))
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [("tenant", "list"), ("plugins", "list"),
                                  ("invoice", "list", "--tenant", "smart-be"),
                                  ("declarations", "list", "--tenant", "smart-be")])
def test_json_output_is_a_list_of_objects(world, args):
    result = _run(world, *args, "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list) and all(isinstance(row, dict) for row in rows)


def test_a_narrow_terminal_never_cuts_an_invoice_number_or_a_date(world):
    rows = json.loads(_run(world, "invoice", "list", "--tenant", "smart-be", "--json").stdout)
    issued = [row for row in rows if row["number"]]
    assert issued
    table = _run(world, "invoice", "list", "--tenant", "smart-be", columns=40).stdout
    for row in issued:
        assert row["number"] in table and row["issued"] in table, table


@pytest.mark.parametrize("args, code, names", [
    (("invoice", "list", "--tenant", "nowhere"), 2, "nowhere"),
    (("invoice", "list"), 2, "--tenant"),
    (("invoice", "write-off", "--tenant", "smart-be", "--number", "2026-00001", "--reason", "x",
      "--on", "2026-13-01"), 2, "--on"),
    (("demo", "--as-of", "15/12/2026"), 2, "--as-of"),
    (("demo", "--as-of", "2999-01-01"), 2, "--as-of"),   # documents may not be dated in the future
    (("demo", "--password", "short"), 2, "--password"),
    (("invoice", "export", "--tenant", "smart-be", "--number", "1999-99999", "--out", "x.xml"), 1, "1999-99999"),
])
def test_errors_are_one_line_naming_the_input_with_the_documented_status(world, args, code, names):
    result = _run(world, *args)
    assert result.returncode == code, (result.stdout, result.stderr)
    assert names in result.stderr and "Traceback" not in result.stderr
    assert not any(marker in result.stderr for marker in ("<class ", " object at 0x", "KeyError("))
