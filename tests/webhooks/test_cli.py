"""`partage webhooks dispatch` and `list` on the embedded default, as a user runs them."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import create_tenant
from tests.webhooks.receiver import Receiver
from tests.webhooks.test_webhooks import _member, _subscribe

ROOT = Path(__file__).resolve().parents[2]


def _cli(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PARTAGE_DATABASE_URL": url}
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), "webhooks", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_dispatch_then_list_from_the_command_line(sqlite_db, tmp_path):
    receiver = Receiver().start()
    try:
        tenant = create_tenant(sqlite_db, slug="hooked")
        _subscribe(sqlite_db, tenant, receiver.url)
        _member(sqlite_db, tenant)
        url = sqlite_db.engine.url.render_as_string(hide_password=False)
        done = _cli(url, "dispatch", "--tenant", "hooked")
        assert done.returncode == 0, done.stderr
        assert len(receiver.got) == 1
        listed = _cli(url, "list", "--tenant", "hooked", "--json")
        (row,) = json.loads(listed.stdout)
        assert (row["event_type"], row["status"], row["last_status"]) == ("member.created", "delivered", 200)
    finally:
        receiver.stop()


@pytest.mark.parametrize("args", [("list", "--tenant", "no-such-tenant"),
                                  ("list", "--tenant", "hooked", "--status", "lost")])
def test_bad_input_exits_2_naming_it(sqlite_db, args):
    create_tenant(sqlite_db, slug="hooked")
    done = _cli(sqlite_db.engine.url.render_as_string(hide_password=False), *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
