"""The cap on the basic employer contribution: EUR 85,000 of contribution base per worker and
calendar quarter from 2025-07-01 (Programme Law of 18 July 2025, MB 29 July 2025; Royal Decree of
6 October 2025), not prorated for part time; the base above it is exempt from the basic
contribution (incl. wage moderation) only, the special contributions stay due on the full pay.

Expected figures are derived by hand from the law's text and the published rates of the YAML
(basic = global rate 38.07 % - employee rate 13.07 % = 25.00 % from 2024-04; the other employer
lines of the default profile in the second half of 2025: special unemployment 1.69 %, CP 200
0.23 %, temporary unemployment 0.10 %, asbestos 0.01 %, work accident 0.02 %, closure fund
0.23 % and its special contribution 0.17 %, together 2.45 %), not from our own output.
"""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest
from click.testing import CliRunner

from partage.core.payroll.facts import PayFacts
from partage.core.payroll.types import Payslip
from partage.plugins.be.payroll import BelgianPayroll, PayrollInputError, PayslipInput

CAP = D("85000.00")          # per quarter (Programme Law of 18 July 2025)
BASIC_RATE = D("0.25")       # 38.07 % - 13.07 % (employer.yaml global_rate, social_security.yaml)
OTHER_RATES_2025 = D("0.0245")   # the seven other employer lines of 2025-H2, default profile
Q3_2025 = [date(2025, 7, 1), date(2025, 8, 1), date(2025, 9, 1)]
Q2_2025 = [date(2025, 4, 1), date(2025, 5, 1), date(2025, 6, 1)]


def line(slip: Payslip, code: str):
    return next(found for found in slip.lines if found.code == code)


def quarter(payroll: BelgianPayroll, months: list[date], gross: D, **more) -> list[Payslip]:
    """One payslip a month; each declares the contribution bases of the quarter's earlier payslips."""
    slips, before = [], D(0)
    for month in months:
        slip = payroll.compute_batch([PayslipInput(period=month, gross=gross, quarter_base_before=before, **more)])[0]
        slips.append(slip)
        before += line(slip, "onss_employee").base
    return slips


def test_the_cap_is_the_laws_amount_from_july_2025_and_none_before(params_at) -> None:
    assert params_at(2025, 6).employer.basic_quarterly_cap is None
    assert params_at(2025, 7).employer.basic_quarterly_cap == CAP
    assert params_at(2026, 12).employer.basic_quarterly_cap == CAP   # Deloitte: 85,000 for 2025 and 2026
    assert params_at(2025, 7).employer.basic == BASIC_RATE


def test_white_collar_30000_a_month_third_month_only_25000_subject(payroll: BelgianPayroll) -> None:
    # 30,000 + 30,000 = 60,000 within the cap; the third month adds 30,000 of which 85,000 - 60,000
    # = 25,000 is subject: 25 % x 25,000 = 6,250.00 (instead of 7,500.00).
    slips = quarter(payroll, Q3_2025, D("30000.00"))
    basic = [line(slip, "employer_basic") for slip in slips]
    assert [b.amount for b in basic] == [D("7500.00"), D("7500.00"), D("6250.00")]
    assert [b.base for b in basic] == [D("30000.00"), D("30000.00"), D("25000.00")]   # the capped base shown
    assert all(b.rate == BASIC_RATE for b in basic)
    others = D("30000.00") * OTHER_RATES_2025   # 735.00 on the full pay every month
    assert [s.employer_contributions for s in slips] == [D("7500.00") + others, D("7500.00") + others,
                                                        D("6250.00") + others]
    assert slips[2].employer_cost == D("30000.00") + D("6250.00") + others
    for slip in slips:   # the special contributions stay on the full pay
        assert all(found.base == D("30000.00") for found in slip.lines
                   if found.side.value == "employer" and found.code != "employer_basic")
    # the reader sees why: the law on the basic line, the exempt 5,000.00 on an INFO line
    assert "Programme Law of 18 July 2025" in basic[2].reference
    exempt = line(slips[2], "employer_basic_above_cap")
    assert exempt.amount == D("5000.00") and exempt.side.value == "info" and "85,000.00" in exempt.label
    assert not any(found.code == "employer_basic_above_cap" for found in slips[0].lines + slips[1].lines)
    # the employee side does not change
    assert len({(s.net, s.withholding_tax, s.net_to_pay) for s in slips}) == 1


def test_before_july_2025_there_is_no_cap(payroll: BelgianPayroll) -> None:
    slips = quarter(payroll, Q2_2025, D("30000.00"))
    assert [line(slip, "employer_basic").amount for slip in slips] == [D("7500.00")] * 3
    late = PayslipInput(period=date(2025, 6, 1), gross=D("30000.00"), quarter_base_before=D("500000.00"))
    assert line(payroll.compute_batch([late])[0], "employer_basic").amount == D("7500.00")


def test_blue_collar_cap_is_on_the_108_percent_base(payroll: BelgianPayroll) -> None:
    # base 108 % x 30,000 = 32,400: 64,800 after two months, so 85,000 - 64,800 = 20,200 subject in
    # the third: 25 % x 20,200 = 5,050.00; holiday contributions (5.57 %, 10.27 %) stay on 32,400.
    slips = quarter(payroll, Q3_2025, D("30000.00"), contract="blue_collar")
    assert [line(slip, "employer_basic").amount for slip in slips] == [D("8100.00"), D("8100.00"), D("5050.00")]
    assert line(slips[2], "employer_basic").base == D("20200.00")
    assert line(slips[2], "employer_holiday_quarterly").amount == D("1804.68")   # 5.57 % x 32,400
    assert line(slips[2], "employer_basic_above_cap").amount == D("12200.00")


def test_the_cap_is_not_prorated_for_part_time(payroll: BelgianPayroll) -> None:
    slip = payroll.compute_batch([PayslipInput(period=date(2025, 9, 1), gross=D("30000.00"), part_time=D("0.5"),
                                               quarter_base_before=D("60000.00"))])[0]
    assert line(slip, "employer_basic").amount == D("6250.00")


def test_one_payslip_above_the_cap_and_a_quarter_already_at_the_cap(payroll: BelgianPayroll) -> None:
    # 2026-02: a single payslip of 100,000.00: 25 % x 85,000 = 21,250.00; closure fund 2026 0.39 % on 100,000.
    big = payroll.compute_batch([PayslipInput(period=date(2026, 2, 1), gross=D("100000.00"))])[0]
    assert line(big, "employer_basic").amount == D("21250.00")
    assert line(big, "employer_closure_fund").amount == D("390.00")
    done = payroll.compute_batch([PayslipInput(period=date(2026, 3, 1), gross=D("4000.00"),
                                               quarter_base_before=D("85000.00"))])[0]
    assert (line(done, "employer_basic").amount, line(done, "employer_basic").base) == (0, 0)
    within = payroll.compute_batch([PayslipInput(period=date(2026, 3, 1), gross=D("4000.00"),
                                                 quarter_base_before=D("81000.00"))])[0]
    assert line(within, "employer_basic").amount == D("1000.00")   # exactly on the cap: all subject
    assert not any(found.code == "employer_basic_above_cap" for found in within.lines)


def test_thirteenth_month_counts_towards_the_quarter(payroll: BelgianPayroll) -> None:
    # 13th month of 30,000 in 2025-12 after 60,000 declared: 25,000 subject, 6,250.00.
    slip = payroll.compute_batch([PayslipInput(period=date(2025, 12, 1), gross=D("30000.00"),
                                               payment="thirteenth_month", quarter_base_before=D("60000.00"))])[0]
    assert line(slip, "employer_basic").amount == D("6250.00")


def test_budget_first_uses_the_capped_cost(payroll: BelgianPayroll) -> None:
    worker = PayslipInput(period=date(2025, 9, 1), budget=D("40000.00"), quarter_base_before=D("60000.00"))
    slip = payroll.compute_batch([worker])[0]
    # cost(g) = g + 25 % x 25,000 + 2.45 % x g for g >= 25,000: g = (40,000 - 6,250) / 1.0245 = 32,942.899...;
    # at 32,942.90 the seven other lines, each to the cent (556.74 + 75.77 + 32.94 + 3.29 + 6.59 + 75.77
    # + 56.00 = 807.10), make the cost 32,942.90 + 6,250.00 + 807.10 = 40,000.00 exactly.
    assert (slip.gross, slip.employer_cost) == (D("32942.90"), D("40000.00"))
    above = PayslipInput(period=date(2025, 9, 1), gross=slip.gross + D("0.01"), quarter_base_before=D("60000.00"))
    assert payroll.compute_batch([above])[0].employer_cost > D("40000.00")


@pytest.mark.parametrize("value, message", [(D("-0.01"), "must be >= 0"), (D(-85000), "must be >= 0"),
                                            (D("60000.005"), "whole number of cents"), (1.5, "Decimal or an int")])
def test_bad_quarter_base_is_refused_naming_the_field(value, message: str) -> None:
    with pytest.raises(PayrollInputError) as info:
        PayslipInput(period=date(2025, 9, 1), gross=D(1000), quarter_base_before=value)
    assert info.value.field == "quarter_base_before" and str(info.value).startswith("quarter_base_before: ")
    assert message in str(info.value)


def test_quarter_base_from_the_worker_profile(payroll: BelgianPayroll) -> None:
    facts = PayFacts(period=date(2025, 9, 1), gross=D("30000.00"), kind="employee", start=date(2025, 9, 1),
                     end=date(2025, 9, 30), profile={"quarter_base_before": "60000.00"})
    assert payroll.input_from(facts).quarter_base_before == D("60000.00")
    bad = PayFacts(period=date(2025, 9, 1), gross=D(1), kind="employee", start=date(2025, 9, 1),
                   end=date(2025, 9, 30), profile={"quarter_base_before": "-1"})
    with pytest.raises(PayrollInputError, match="quarter_base_before"):
        payroll.input_from(bad)


def test_cli_quarter_base_before() -> None:
    command = BelgianPayroll().simulate_command()
    args = ["--period", "2025-09", "--gross", "30000.00", "--json"]
    plain = json.loads(CliRunner().invoke(command, args).output)
    capped = json.loads(CliRunner().invoke(command, args + ["--quarter-base-before", "60000.00"]).output)
    assert D(plain["employer_social_security"]) - D(capped["employer_social_security"]) == D("1250.00")
    bad = CliRunner().invoke(command, args + ["--quarter-base-before", "-5"])
    assert bad.exit_code != 0 and "--quarter-base-before" in bad.output
    text = CliRunner().invoke(command, args[:-1] + ["--quarter-base-before", "60000"]).output
    assert "quarterly cap" in text
