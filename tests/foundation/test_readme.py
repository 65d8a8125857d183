"""Every command of the README's command-line block runs as written on the demo data: the block is
parsed from README.md (each ``.venv/bin/partage`` line, comments dropped) and run in order, in a
fresh folder (``tenants/`` beside it, as in a clone), with the installed command replaced by this
interpreter. A command refused there (exit 1) or misused (exit 2) fails the test, naming it."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = ".venv/bin/partage"


def readme_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Command line", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    return [shlex.split(line, comments=True) for line in block.splitlines() if line.startswith(PROGRAM)]


def test_the_readme_block_starts_with_the_pinned_demo_and_writes_only_under_var():
    commands = readme_commands()
    assert commands[0][1:] == ["demo", "--as-of", "2026-12-01"]
    for args in commands:
        for i, arg in enumerate(args):
            if args[i - 1] in ("--out", "--sepa"):
                assert arg.startswith("var/"), f"{' '.join(args)}: writes outside var/"


def test_every_readme_command_runs_on_the_demo(tmp_path):
    (tmp_path / "tenants").symlink_to(ROOT / "tenants")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTAGE_")}
    env.update(COLUMNS="200", PYTHONPATH=str(ROOT),
               PARTAGE_EINVOICE_CACHE=str(ROOT / "var" / "cache" / "einvoice"))   # compiled once
    for args in readme_commands():
        run = subprocess.run([sys.executable, str(ROOT / "cli.py"), *args[1:]], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, f"{' '.join(args)} -> exit {run.returncode}\n{run.stdout[-1500:]}\n{run.stderr[-1500:]}"
        assert "Traceback" not in run.stderr, run.stderr
    assert (tmp_path / "var" / "invoice.xml").is_file() and (tmp_path / "var" / "dmfa.xml").is_file()
