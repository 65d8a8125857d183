"""`partage demo` (the README's first command) runs the whole money flow on the embedded default."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_demo_runs_payroll_billing_and_declarations(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTAGE_")}
    env.update(PARTAGE_VAR_DIR=str(tmp_path), COLUMNS="200")
    result = subprocess.run([sys.executable, str(ROOT / "cli.py"), "demo", "--members", "8"], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert out.count("paid") >= 3 and "audit trail intact" in out
    validated = [line for line in out.splitlines() if "validated" in line]
    for kind in ("dmfa", "vat", "dsn"):  # schema-checked (XSD) or structure-checked before "validated"
        assert any(f" {kind} " in line for line in validated), out[-3000:]
    names = {p.name for p in (tmp_path / "demo").iterdir()}
    for prefix in ("sepa-smart-be-", "sepa-smart-fr-", "dmfa-smart-be-", "dsn-smart-fr-"):
        assert any(name.startswith(prefix) for name in names), names
