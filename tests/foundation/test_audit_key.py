"""The audit chain is keyed: a database writer who edits an event and recomputes every later link
(and the head) without the audit key is caught by ``partage audit verify``."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from datetime import datetime

import pytest

from partage.core.audit.chain import GENESIS, canonical_json, event_hash, sha256
from tests.foundation.test_cli import ROOT


@pytest.fixture
def run(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTAGE_")}
    env.update(PARTAGE_DATABASE_URL=f"sqlite:///{tmp_path / 'cli.db'}", PARTAGE_VAR_DIR=str(tmp_path),
               PARTAGE_AUDIT_KEY="audit-" + uuid.uuid4().hex, COLUMNS="200")

    def _run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
    assert _run("db", "upgrade").returncode == 0
    return _run


def _recompute(db_path, edit_action: str, forged_key: bytes | None) -> None:
    """Edit one event's subject, then relink its whole chain and head as a forger would."""
    with sqlite3.connect(db_path) as conn:
        chain = conn.execute("SELECT chain FROM audit_events WHERE action = ?", (edit_action,)).fetchone()[0]
        conn.execute("UPDATE audit_events SET subject = 'tenant:forged' WHERE action = ?", (edit_action,))
        rows = conn.execute("SELECT id, seq, at, actor, action, subject, payload FROM audit_events "
                            "WHERE chain = ? ORDER BY seq", (chain,)).fetchall()
        prev = GENESIS
        for event_id, seq, at, actor, action, subject, payload in rows:
            payload_hash = sha256(canonical_json(json.loads(payload)))
            digest = event_hash(chain=chain, seq=seq, at=datetime.fromisoformat(at), actor=actor,
                                action=action, subject=subject, payload_hash=payload_hash,
                                prev_hash=prev, key=forged_key)
            conn.execute("UPDATE audit_events SET payload_hash = ?, prev_hash = ?, hash = ? WHERE id = ?",
                         (payload_hash, prev, digest, event_id))
            prev = digest
        conn.execute("UPDATE audit_heads SET hash = ? WHERE chain = ?", (prev, chain))


@pytest.mark.parametrize("forged_key", [None, b"a guessed key"])
def test_a_recomputed_chain_is_detected(run, tmp_path, forged_key):
    assert run("tenant", "apply", "tenants/presets/smart-be").returncode == 0
    assert run("audit", "verify").returncode == 0
    _recompute(tmp_path / "cli.db", "tenant.created", forged_key)
    result = run("audit", "verify")
    assert result.returncode == 1, result.stdout
    assert "without the audit key" in result.stderr
