"""`partage einvoice validate`: exit 0 (no fatal finding), 1 (fatal findings), 2 (usage/processing error)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lxml import etree
from typer.testing import CliRunner

import cli

ROOT = Path(__file__).resolve().parents[2]


def invoke(*args: str):
    return CliRunner().invoke(cli.app, ["einvoice", "validate", *args])


def test_valid_peppol_invoice_exits_0(shared, compiled):
    result = invoke(str(shared / "peppol/examples/base-example.xml"), "--peppol")
    assert result.exit_code == 0, result.output
    assert "peppol-cen (CEN-EN16931-UBL.sch): 0 fatal" in result.output


def test_fatal_findings_exit_1_and_json_lists_them(shared, compiled, tmp_path):
    tree = etree.parse(str(shared / "peppol/examples/base-example.xml"))
    name = tree.find(".//{*}AccountingCustomerParty/{*}Party/{*}PartyLegalEntity/{*}RegistrationName")
    name.getparent().remove(name)
    broken = tmp_path / "broken.xml"
    tree.write(str(broken))
    result = invoke(str(broken), "--peppol", "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    en16931 = next(layer for layer in report["layers"] if layer["name"] == "en16931")
    assert {"rule_id": "BR-07", "flag": "fatal"}.items() <= en16931["findings"][0].items()
    assert report["valid"] is False


def test_not_an_invoice_exits_2(tmp_path):
    other = tmp_path / "other.xml"
    other.write_text("<order/>")
    result = invoke(str(other))
    assert result.exit_code == 2


def test_missing_artifacts_exit_2_naming_the_variable(tmp_path):
    env = {**os.environ, "PARTAGE_EINVOICE_DIR": str(tmp_path / "absent"), "COLUMNS": "200"}
    run = subprocess.run([sys.executable, str(ROOT / "cli.py"), "einvoice", "validate", str(ROOT / "cli.py")],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert "PARTAGE_EINVOICE_DIR" in run.stderr
