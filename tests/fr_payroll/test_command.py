"""The `simulate` click command (run through CliRunner, as the lead's CLI does)."""
from __future__ import annotations

import json

from click.testing import CliRunner

from partage.plugins.fr.payroll import FrenchPayroll
from partage.plugins.fr.payroll.command import OUTPUT_KEYS

BASE = ["--period", "2026-01", "--headcount", "20", "--at-rate", "0.0064"]


def run(*args):
    return CliRunner().invoke(FrenchPayroll().simulate_command(), [*BASE, *args], catch_exceptions=False)


def test_json_output_matches_oracle():
    result = run("--gross", "3000.00", "--pas-rate", "0.075", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(OUTPUT_KEYS) <= set(data)
    expected = {  # reference table B, 3 000 €; PAS = 7.5 % x 2460.27
        "gross": "3000.00", "employee_contributions": "339.30", "csg_deductible": "200.43",
        "csg_non_deductible": "70.74", "crds": "14.74", "net": "2374.79", "net_taxable": "2460.27",
        "withholding_tax": "184.52", "net_to_pay": "2190.27", "employer_contributions_before_reduction": "1257.18",
        "general_reduction": "299.70", "employer_contributions": "957.48", "labour_cost": "3957.48",
    }
    assert {k: data[k] for k in expected} == expected


def test_budget_option():
    data = json.loads(run("--budget", "2208.72", "--json").output)
    assert data["gross"] == "2000.00" and data["labour_cost"] == "2208.72"


def test_cadre_flag_adds_employee_apec():
    plain = json.loads(run("--gross", "3000.00", "--json").output)
    cadre = json.loads(run("--gross", "3000.00", "--cadre", "--json").output)
    assert plain["employee_contributions"] == "339.30" and cadre["employee_contributions"] == "340.02"  # + 0.024 %


def test_text_output_and_errors():
    assert "labour_cost" in run("--gross", "3000").output
    assert run("--gross", "3000", "--budget", "10").exit_code != 0
    bad = run("--gross", "abc")
    assert bad.exit_code != 0 and "--gross" in bad.output
    rate = run("--gross", "3000", "--at-rate", "1.5", "--json")  # a percentage typed as a fraction
    assert rate.exit_code != 0 and "at-rate" in rate.output
