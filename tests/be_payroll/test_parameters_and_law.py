"""Law is data: no rate literal in the rules, dated values, honest gaps (2026), overrides."""
from __future__ import annotations

import io
import tokenize
from datetime import date
from decimal import Decimal as D
from pathlib import Path

from partage.core.params import Override
from partage.plugins.be.payroll import BelgianPayroll, PayslipInput
from partage.plugins.be.payroll.inputs import ContractType

RULES = Path(__file__).resolve().parents[2] / "plugins" / "be" / "payroll"
ALLOWED_NUMBERS = {"0", "1", "2", "12", "0.01", "0.0001"}  # counts, months, rounding quanta


def _numbers(path: Path) -> set[str]:
    found = set()
    for token in tokenize.generate_tokens(io.StringIO(path.read_text()).readline):
        if token.type == tokenize.NUMBER:
            found.add(token.string)
        elif token.type == tokenize.STRING and token.string.strip("\"'").replace(".", "", 1).isdigit():
            found.add(token.string.strip("\"'"))
    return found


def test_no_rate_literal_and_no_float_in_rules() -> None:
    for path in RULES.glob("*.py"):
        assert not (_numbers(path) - ALLOWED_NUMBERS), f"{path.name}: {_numbers(path) - ALLOWED_NUMBERS}"
        assert "float(" not in path.read_text(), path.name


def test_2026_payslip_flags_only_parameters_not_confirmed_for_2026(payroll: BelgianPayroll) -> None:
    # docs/countries/be.md: Annex III 2026 (Odoo 19's 2026 records and the FPS Finance 2026
    # simulator), the fiscal work bonus percentages (same simulator) and the end of the isolated
    # reduction are confirmed for 2026: a 2026 payslip has no stale warning.
    slip = payroll.compute_batch([PayslipInput(period=date(2026, 3, 1), gross=D("3000.00"))])[0]
    assert slip.warnings == ()
    later = payroll.compute_batch([PayslipInput(period=date(2027, 2, 1), gross=D("3000.00"))])[0]
    assert "stale parameter: payroll.withholding_tax.base_scale" in later.warnings


def test_2026_annex_iii_values_are_those_of_the_source(params_at) -> None:
    # Facts read in Odoo 19's 2026 records (prp_expense_deduction_2026, prp_basic_bareme_2026,
    # prp_deduct_single_with_income_2026, prp_max_spouse_income_2026), not our output.
    tax = params_at(2026, 1).tax
    assert tax.expenses_max == D("6070")
    assert [b.threshold for b in tax.base_scale] == [D("0"), D("16710"), D("29500"), D("51050")]
    assert [b.rate for b in tax.base_scale] == [D("0.2675"), D("0.428"), D("0.4815"), D("0.535")]
    assert (tax.tax_free, tax.quotient_max) == (D("2987.98"), D("13790"))
    before = params_at(2025, 12).tax
    assert (before.expenses_max, before.tax_free) == (D("5930"), D("2915.75"))


def test_isolated_reduction_ends_in_2024(payroll: BelgianPayroll, params_at) -> None:
    # 12 EUR in 2023 (REFLI 2023: 144 a year); none from income 2024 (Annex III, AR 11 December 2023;
    # the FPS 2026 simulator has no such reduction). A 2025 payslip has no stale warning.
    assert (params_at(2023, 12).tax.isolated, params_at(2024, 1).tax.isolated) == (D(12), D(0))
    slip = payroll.compute_batch([PayslipInput(period=date(2025, 3, 1), gross=D("3000.00"))])[0]
    assert slip.warnings == ()


def test_multiplier_is_a_tenant_override(payroll: BelgianPayroll) -> None:
    # No published Smart multiplier: undefined by default, the budget is compared with the employer cost.
    worker = PayslipInput(period=date(2025, 3, 1), budget=D("4000.00"))
    default = payroll.compute_batch([worker])[0]
    assert "multiplier" not in default.totals and default.employer_cost <= D("4000.00")
    tenant = payroll.tree().with_overrides(
        [Override("payroll.multipliers.white_collar", date(2024, 1, 1), D("1.60"), "tenant board decision 2024-01")])
    slip = payroll.compute_batch([worker], tenant)[0]
    assert (slip.gross, slip.totals["multiplier"]) == (D("2500.00"), D("1.60"))


def test_values_change_on_their_dates(params_at) -> None:
    # Work bonus indexations 2022 (Odoo 19): low reference wage 1742.14 (Jan), 1860.34 (Apr).
    assert params_at(2022, 3).bonus["white_collar"][1].start == D("1742.14")
    assert params_at(2022, 4).bonus["white_collar"][1].start == D("1860.34")
    # Student quota (cessoc.be): 600 hours in 2024, 650 from 2025.
    assert (params_at(2024, 12).student_quota, params_at(2025, 1).student_quota) == (600, 650)


def test_work_bonus_2026_steps(payroll: BelgianPayroll, params_at) -> None:
    a, b = params_at(2026, 3).bonus[ContractType.WHITE_COLLAR]
    assert (b.amount, a.amount, a.end) == (D("165.87"), D("123.00"), D("3336.98"))
    a, b = params_at(2026, 4).bonus[ContractType.WHITE_COLLAR]
    assert (b.amount, b.start, a.amount, a.start) == (D("168.62"), D("2255.50"), D("125.04"), D("2880.32"))

    def warnings(year: int, month: int) -> tuple[str, ...]:
        worker = PayslipInput(period=date(year, month, 1), gross=D("2000.00"), family="married_two_incomes")
        return payroll.compute_batch([worker])[0].warnings

    # Partena infoflashes (ONSS), 1 July and 1 September 2026.
    a, b = params_at(2026, 7).bonus[ContractType.WHITE_COLLAR]
    assert (b.amount, b.start, b.end, b.coefficient) == (D("171.99"), D("2300.62"), D("2937.93"), D("0.2699"))
    assert (a.amount, a.start, a.end, a.coefficient) == (D("127.54"), D("2937.93"), D("3336.98"), D("0.3196"))
    a, b = params_at(2026, 9).bonus[ContractType.WHITE_COLLAR]
    assert (a.amount, a.end, a.coefficient, b.amount) == (D("127.54"), D("3403.62"), D("0.2739"), D("171.99"))
    a, b = params_at(2026, 9).bonus[ContractType.BLUE_COLLAR]   # published blue-collar values (x 108 %)
    assert (a.amount, a.coefficient, b.amount, b.coefficient) == (D("137.74"), D("0.2958"), D("185.75"), D("0.2915"))
    assert not any("work_bonus.volet" in w for w in warnings(2027, 9))
    assert "stale parameter: payroll.work_bonus.volet_b.amount" in warnings(2027, 10)
    assert warnings(2025, 3) == ()
