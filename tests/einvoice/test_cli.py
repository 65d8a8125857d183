"""`partage einvoice validate`: exit 0 (no fatal finding), 1 (fatal findings), 2 (usage/processing error)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lxml import etree
from typer.testing import CliRunner

from partage import cli

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


def test_runs_from_an_empty_folder_with_no_variable_and_no_shared_corpus(tmp_path):
    """The artefacts ship in the package: an (empty) UBL invoice is checked against the packaged UBL
    XSD (fatal findings, exit 1), not refused for want of a folder (exit 2)."""
    empty = tmp_path / "invoice.xml"
    empty.write_text('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>')
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTAGE_")}
    env.update({"COLUMNS": "200", "PARTAGE_SHARED_DIR": str(tmp_path / "no-shared"),
                "PYTHONPATH": str(ROOT)})
    run = subprocess.run([sys.executable, str(ROOT / "cli.py"), "einvoice", "validate", str(empty), "--json"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    xsd = next(layer for layer in report["layers"] if layer["name"] == "xsd")
    assert xsd["findings"] and report["valid"] is False
