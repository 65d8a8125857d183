"""Batch API, input validation and the simulator command."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest
from click.testing import CliRunner

from partage.core.payroll.types import Payslip
from partage.plugins.be.payroll import BelgianPayroll, PayrollInputError, PayslipInput

JAN21 = date(2021, 1, 1)
KEYS = {"gross", "employee_social_security", "social_work_bonus", "taxable", "withholding_tax",
        "special_social_security", "net", "employer_social_security", "employer_cost"}


def run(*args: str) -> dict:
    result = CliRunner().invoke(BelgianPayroll().simulate_command(), list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_batch_returns_payslips_in_order_with_mixed_periods(payroll: BelgianPayroll) -> None:
    inputs = [PayslipInput(period=JAN21, gross=D("1800.00")), PayslipInput(period=date(2025, 1, 1), gross=D(3750),
              family="married_two_incomes", children=1), PayslipInput(period=JAN21, gross=D("3600.00"))]
    slips = payroll.compute_batch(inputs, payroll.tree())
    assert all(isinstance(s, Payslip) for s in slips)
    # FGTB 2021 nets 1610.63 and 2257.97; CGSLB 2025 2537.06 (within 0.01, see cases/cgslb_2025.yaml)
    assert [slips[0].net_to_pay, slips[2].net_to_pay] == [D("1610.63"), D("2257.97")]
    assert abs(slips[1].net_to_pay - D("2537.06")) <= D("0.01")


def test_batch_refuses_a_snapshot_of_another_date(payroll: BelgianPayroll) -> None:
    snapshot = payroll.tree().at_date(date(2025, 1, 1))
    with pytest.raises(PayrollInputError, match="period"):
        payroll.compute_batch([PayslipInput(period=JAN21, gross=D(1000))], snapshot)


def test_payslip_lines_carry_references(payroll: BelgianPayroll) -> None:
    slip = payroll.compute_batch([PayslipInput(period=JAN21, gross=D("1800.00"))])[0]
    codes = {line.code for line in slip.lines}
    assert {"onss_employee", "work_bonus_b", "withholding_tax_base", "fiscal_work_bonus", "employer_basic"} <= codes
    assert all(line.reference for line in slip.lines if line.side.value != "info")
    assert slip.employer_cost == slip.gross + slip.employer_contributions


@pytest.mark.parametrize("kwargs, field", [
    ({"gross": 1.5}, "gross"), ({"gross": D(-1)}, "gross"), ({}, "gross"),
    ({"gross": D(1), "budget": D(1)}, "gross"), ({"gross": D(1), "children": -1}, "children"),
    ({"gross": D(1), "family": "widow"}, "family"), ({"gross": D(1), "part_time": D(0)}, "part_time"),
    ({"gross": D(1), "contract": "intern"}, "contract"),
])
def test_bad_input_names_the_field(kwargs: dict, field: str) -> None:
    with pytest.raises(PayrollInputError) as info:
        PayslipInput(period=JAN21, **kwargs)
    assert info.value.field == field


def test_cli_json_matches_the_fgtb_case() -> None:
    out = run("--period", "2021-01", "--gross", "1800.00", "--status", "single", "--json")
    assert KEYS <= set(out)
    assert (out["taxable"], out["withholding_tax"], out["net"]) == ("1742.85", "132.22", "1610.63")
    assert all(len(out[k].split(".")[1]) == 2 for k in KEYS)


def test_cli_flags_spouse_and_blue_collar() -> None:
    spouse = run("--period", "2025-01", "--gross", "3000.00", "--spouse-without-income", "--json")
    status = run("--period", "2025-01", "--gross", "3000.00", "--status", "married_one_income", "--json")
    assert spouse == status
    blue = run("--period", "2025-01", "--gross", "3000.00", "--blue-collar", "--json")
    white = run("--period", "2025-01", "--gross", "3000.00", "--json")
    # blue-collar base is 108 % of gross: 3240.00; employee contribution on it 423.47 (vs 392.10)
    assert blue["employee_social_security"] == "423.47" and white["employee_social_security"] == "392.10"


def test_cli_budget_with_multiplier() -> None:
    out = run("--period", "2025-01", "--budget", "5000.00", "--multiplier", "1.6", "--json")
    assert (out["budget"], out["multiplier"], out["gross"]) == ("5000.00", "1.6", "3125.00")


def test_cli_readable_output_and_errors() -> None:
    runner = CliRunner()
    command = BelgianPayroll().simulate_command()
    text = runner.invoke(command, ["--period", "2021-01", "--gross", "1800.00"]).output
    assert "Taxable pay" in text and "1610.63" in text
    bad = runner.invoke(command, ["--period", "2021-01", "--gross", "abc"])
    assert bad.exit_code != 0 and "--gross" in bad.output
    neither = runner.invoke(command, ["--period", "2021-01"])
    assert neither.exit_code != 0 and "gross" in neither.output


def test_cli_json_prints_the_work_bonus_volets_and_the_tax_before_the_bonus() -> None:
    # Group S simulation, employee 2,257.00, September 2026 (Jspmoi19/duxsalary test_profils.py):
    # volet A 127.54, volet B 167.45 after the cap at the contribution 294.99.
    out = run("--period", "2026-09", "--gross", "2257.00", "--json")
    assert (out["work_bonus_a"], out["work_bonus_b"]) == ("127.54", "167.45")
    assert out["social_work_bonus"] == "294.99"
    assert D(out["withholding_tax_before_bonus"]) - D(out["fiscal_work_bonus"]) == D(out["withholding_tax"])
