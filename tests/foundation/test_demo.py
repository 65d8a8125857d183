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
    result = subprocess.run([sys.executable, str(ROOT / "cli.py"), "demo", "--members", "8", "--as-of", "2026-12-01"],
                            cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert out.count("paid") >= 3 and "audit trail intact" in out
    assert "Payroll runs 2026-12" in out and "2026-Q4" in out          # pinned by --as-of
    for slug in ("coop-lumen", "smart-be", "smart-fr"):                # who can sign in, and how
        for local in ("member", "advisor", "admin"):
            assert f"{local}@{slug}.example" in out
    assert "ops@smart-be.example" in out and "password (every login above, shown once): " in out
    assert "partage serve" in out and "http://127.0.0.1:8000/login" in out
    validated = [line for line in out.splitlines() if "validated" in line]
    for kind in ("dmfa", "vat", "dsn"):  # schema-checked (XSD) or structure-checked before "validated"
        assert any(f" {kind} " in line for line in validated), out[-3000:]
    names = {p.name for p in (tmp_path / "demo").iterdir()}
    for prefix in ("sepa-smart-be-", "sepa-smart-fr-", "dmfa-smart-be-", "dsn-smart-fr-"):
        assert any(name.startswith(prefix) for name in names), names
