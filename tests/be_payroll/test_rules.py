"""Pure rule functions checked against published figures (sources in each test)."""
from __future__ import annotations

from decimal import Decimal as D

from partage.plugins.be.payroll import ContractType, FamilyStatus
from partage.plugins.be.payroll import social, tax


def test_blue_collar_work_bonus_is_white_collar_times_108_as_published_2025(params_at) -> None:
    # easypay-group.com, "Le bonus à l'emploi à partir du 1er février 2025": blue-collar
    # volet A 130.24, coefficient 0.2638; volet B 175.63, coefficient 0.2915; same thresholds.
    volet_a, volet_b = params_at(2025, 2).bonus[ContractType.BLUE_COLLAR]
    assert (volet_a.amount, volet_a.coefficient) == (D("130.24"), D("0.2638"))
    assert (volet_b.amount, volet_b.coefficient) == (D("175.63"), D("0.2915"))
    assert (volet_b.start, volet_a.start, volet_a.end) == (D("2175.25"), D("2777.83"), D("3271.48"))


def test_white_collar_work_bonus_2025_table(params_at) -> None:
    # socialsecurity.be / easypay 2025: volet A 120.59 up to 2777.83, volet B 162.62 up to 2175.25.
    volets = params_at(2025, 2).bonus[ContractType.WHITE_COLLAR]
    bonus = social.social_work_bonus(volets, D("2000.00"), D(1), D("999"))
    assert bonus == (D("120.59"), D("162.62"))
    above = social.social_work_bonus(volets, D("3300.00"), D(1), D("999"))
    assert above.total == 0


def test_withholding_low_salary_2020(params_at) -> None:
    # Odoo 18 test_low_salary (2020-09, single): GROSS 1889.85 -> P.P 278.78; EmpBonus 176.14 -> P.P.DED 58.37.
    p = params_at(2020, 9)
    withholding = tax.key_formula(p.tax, D("1889.85"), FamilyStatus.SINGLE, False)
    assert withholding == D("278.78")
    assert tax.fiscal_work_bonus(D(0), D("176.14"), p.fiscal_a, p.fiscal_b, withholding) == D("58.37")


def test_key_formula_2023_before_reductions(params_at) -> None:
    # Odoo termination test (January 2023): taxable 2339.87 -> annual tax 4,651.14, / 12 = 387.595;
    # the FPS key formula from 2023 rounds to the nearest cent: 387.60 (Odoo rounds down: 387.59),
    # then - 326 for 3 children - 45 single parent.
    p = params_at(2023, 1)
    assert tax.key_formula(p.tax, D("2339.87"), FamilyStatus.SINGLE, False) == D("387.60")
    # Before 2023 the monthly amount is rounded down (FGTB 2021 cases).
    assert params_at(2022, 12).tax.monthly_half_up is False
    assert tax.children_reduction(p.tax, 3) == D(326)
    assert p.tax.single_parent == D(45)


def test_children_reductions_2025_and_above_eight(params_at) -> None:
    # Odoo 19 parameters 2025: 1: 51 ... 8: 1787, + 315 per child above 8.
    t = params_at(2025, 1).tax
    assert [tax.children_reduction(t, n) for n in (0, 1, 2, 8)] == [0, 51, 134, 1787]
    assert tax.children_reduction(t, 10) == D(1787 + 2 * 315)


def test_marital_quotient_scale_two_2025(params_at) -> None:
    # Scale II: spouse share min(30 % x net, 13,460); tax = base(share) + base(rest) - 2 x 2,915.75.
    t = params_at(2025, 1).tax
    one = tax.key_formula(t, D("3000.00"), FamilyStatus.MARRIED_ONE_INCOME, False)
    two = tax.key_formula(t, D("3000.00"), FamilyStatus.MARRIED_TWO_INCOMES, False)
    assert one < two
    net = D("3000.00") * 12 - D(5930)
    spouse = net * D("0.30")
    expected = (tax.annual_base_tax(t.base_scale, spouse) + tax.annual_base_tax(t.base_scale, net - spouse)
                - 2 * D("2915.75")) / 12
    assert one == expected.quantize(D("0.01"), "ROUND_HALF_UP")   # FPS key formula from 2023


def test_special_contribution_couple_table_from_april_2022(params_at) -> None:
    # secretariatsocial.eu (April 2022): couple with two incomes 15.45 / 43.32 / 154.92 per quarter,
    # i.e. 5.15 fixed, 14.44 at the top of the 5.90 % slice, 51.64 maximum per month.
    table = params_at(2025, 1).css_couple
    assert social.special_contribution(table, D("1000.00")) == 0
    assert social.special_contribution(table, D("1500.00")) == D("5.15")
    assert social.special_contribution(table, D("1950.00")) == D("5.15")
    assert social.special_contribution(table, D("2190.18")) == D("14.44")
    assert social.special_contribution(table, D("9000.00")) == D("51.64")


def test_special_contribution_single_table_2025(params_at) -> None:
    # Odoo 19 cp200_monss_isolated (2022-04): nil up to 1945.38, 60.94 maximum.
    table = params_at(2025, 1).css_single
    assert social.special_contribution(table, D("1945.38")) == 0
    assert social.special_contribution(table, D("7000.00")) == D("60.94")


def test_employer_basic_rate_is_25_percent_from_april_2024(params_at) -> None:
    # Odoo 19 l10n_be_global_rate 38.07 from 2024-04 minus the employee rate = 25.00 %.
    assert params_at(2024, 4).employer.basic == D("0.25")
    assert params_at(2020, 9).employer.basic == D("0.2502")  # Odoo test_low_salary: 452.61 / 1809.00


def test_pre_2023_taxable_rounding_to_15_euros(params_at) -> None:
    # Annex III before 2023 (Odoo: taxable - taxable % 15); from 2023 the real amount (Securex).
    assert params_at(2022, 12).tax.rounding_step == 15
    assert params_at(2023, 1).tax.rounding_step == D("0.01")
    t = params_at(2021, 1).tax
    assert tax.annual_net_taxable(t, D("1742.85")) == D(1740 * 12 - 4920)


def test_part_time_work_bonus_uses_full_time_reference_wage(params_at) -> None:
    # socialsecurity.be work bonus: S = W x U / H and P = R x H / U. Half time, W = 1400.00:
    # S = 2800.00 > 2777.83 so volet B is nil and volet A = 120.59 - 0.2443 x 22.17, halved.
    volets = params_at(2025, 3).bonus[ContractType.WHITE_COLLAR]
    bonus = social.social_work_bonus(volets, D("1400.00"), D("0.5"), D("182.98"))
    expected_a = ((D("120.59") - D("0.2443") * D("22.17")) * D("0.5")).quantize(D("0.01"), "ROUND_HALF_UP")
    assert bonus == (expected_a, D(0))


def test_non_resident_has_no_tax_free_reduction(params_at) -> None:
    # Scale III (Odoo): base tax on the net annual amount, without the tax-free-sum reduction.
    t = params_at(2025, 3).tax
    resident = tax.key_formula(t, D("3000.00"), FamilyStatus.SINGLE, False)
    non_resident = tax.key_formula(t, D("3000.00"), FamilyStatus.SINGLE, True)
    # 2,915.75 / 12 = 242.979..., each side rounded down to the cent
    assert non_resident - resident in (D("242.97"), D("242.98"))


def test_work_bonus_from_july_2023_two_slopes(params_at) -> None:
    # ONSS formula from 2023-07: 262.16 up to 2013.64; 262.16 - 0.2579 x (S - 2013.64) up to 2571.45;
    # 118.30 - 0.2313 x (S - 2571.45) up to 3082.66.
    volets = params_at(2023, 9).bonus[ContractType.WHITE_COLLAR]
    assert social.social_work_bonus(volets, D("2000.00"), D(1), D(999)).total == D("262.16")
    assert social.social_work_bonus(volets, D("2571.45"), D(1), D(999)).total == D("118.30")
    mid = social.social_work_bonus(volets, D("2800.00"), D(1), D(999)).total
    assert mid == (D("118.30") - D("0.2313") * (D("2800.00") - D("2571.45"))).quantize(D("0.01"), "ROUND_HALF_UP")


def test_fps_finance_2026_simulator_facts(params_at) -> None:
    # FPS Finance 2026 key-formula simulator (SimulateurPrP2026verrouilleFR.xlsx), run on a monthly
    # taxable pay of 2,500.00 as recorded in Jspmoi19/duxsalary test_profils.py (TEST 5): married,
    # spouse without professional income 35.99; single 381.01 (no isolated-person reduction).
    t = params_at(2026, 3).tax
    assert tax.key_formula(t, D("2500.00"), FamilyStatus.MARRIED_ONE_INCOME, False) == D("35.99")
    assert tax.key_formula(t, D("2500.00"), FamilyStatus.SINGLE, False) - t.isolated == D("381.01")


def test_special_contribution_one_income_table_from_april_2022(params_at) -> None:
    # ONSS instructions 2026/3 pp. 336-337 (quarterly table since 2022-04, joint taxation, spouse
    # without professional income): 5.90 % of the monthly pay above 1,945.38 for a quarterly pay of
    # 5,836.14 to 6,570.54; then 43.32 a quarter (14.44 a month) + 1.10 % above 2,190.18; at most
    # 182.82 a quarter (60.94). Hand-worked: 2,000.00 -> 5.90 % x 54.62 = 3.22; 2,200.00 -> 14.44 +
    # 1.10 % x 9.82 = 14.55; 9,000.00 -> 60.94. Not the single table (2,000.00 -> 4.22 % x 54.62 = 2.30).
    p = params_at(2026, 1)
    table = p.css_table(FamilyStatus.MARRIED_ONE_INCOME)
    assert social.special_contribution(table, D("1945.38")) == 0
    assert social.special_contribution(table, D("2000.00")) == D("3.22")
    assert social.special_contribution(table, D("2200.00")) == D("14.55")
    assert social.special_contribution(table, D("9000.00")) == D("60.94")
    assert social.special_contribution(p.css_table(FamilyStatus.SINGLE), D("2000.00")) == D("2.30")
    # Before 2022-04 the one-income table is the single one (FGTB 2021: 2,000.00 -> 4.15).
    old = params_at(2021, 1)
    assert social.special_contribution(old.css_table(FamilyStatus.MARRIED_ONE_INCOME), D("2000.00")) == D("4.15")


def test_blue_collar_special_contribution_on_the_108_percent_base(payroll) -> None:
    # ONSS: the special contribution is on the declared pay, "portée à 108 % pour les travailleurs
    # manuels". Blue-collar gross 2,000.00 in 2026 -> base 2,160.00 -> single 4.22 % x 214.62 = 9.06
    # (on the gross it would be 2.30); the work bonus uses S = 2,000.00 (gross at 100 %): volet B
    # full (blue-collar 182.11 from 2026-04), volet A full (135.04), capped at the contribution
    # 282.31 (13.07 % x 2,160): volet B cut first to 147.27.
    from datetime import date
    from partage.plugins.be.payroll import PayslipInput
    slip = payroll.compute_batch([PayslipInput(period=date(2026, 5, 1), gross=D("2000.00"),
                                               contract="blue_collar")])[0]
    assert slip.totals["special_social_security"] == D("9.06")
    assert slip.totals["employee_social_security"] == D("282.31")
    assert (slip.totals["work_bonus_volet_a"], slip.totals["work_bonus_volet_b"]) == (D("135.04"), D("147.27"))
