"""`partage demo --members N` and `partage payroll run` as a user runs them (subprocesses)."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from lxml import etree
from schwifty import IBAN

ROOT = Path(__file__).resolve().parents[2]


def partage(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTAGE_")}
    env.update(PARTAGE_VAR_DIR=str(tmp_path / "var"), COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=120)


def test_demo_members_then_payroll_run(tmp_path):
    demo = partage(tmp_path, "demo", "--members", "12")
    assert demo.returncode == 0, demo.stderr
    period = f"{date.today():%Y-%m}"
    sepa = tmp_path / "var" / "demo" / f"sepa-smart-fr-{period}.xml"
    ibans = etree.parse(str(sepa)).getroot().iterfind(".//{*}CdtTrfTxInf/{*}CdtrAcct/{*}Id/{*}IBAN")
    assert sum(1 for i in ibans if IBAN(i.text).country_code == "FR") == 12
    again = partage(tmp_path, "payroll", "run", "--tenant", "smart-be", "--period", period)
    assert again.returncode == 0, again.stderr
    assert "paid, 12 payslips, 0 blocked" in again.stdout


def test_payroll_run_errors_name_the_option(tmp_path):
    partage(tmp_path, "demo", "--members", "0")
    bad_period = partage(tmp_path, "payroll", "run", "--tenant", "smart-be", "--period", "2025-13")
    assert bad_period.returncode == 1 and "period" in bad_period.stderr
    unknown = partage(tmp_path, "payroll", "run", "--tenant", "nope", "--period", "2025-03")
    assert unknown.returncode == 1 and "tenant" in unknown.stderr
