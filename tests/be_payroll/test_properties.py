"""Property tests (hypothesis): net <= gross, monotone withholding, exact budget inverse."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from partage.plugins.be.payroll import BelgianPayroll, PayslipInput
from partage.plugins.be.payroll.budget import highest_gross, multiplier_cost
from partage.plugins.be.payroll.compute import compute
from partage.plugins.be.payroll.rounding import CENT

PAYROLL = BelgianPayroll()
PERIODS = [date(2021, 1, 1), date(2023, 3, 1), date(2024, 6, 1), date(2025, 3, 1)]
PARAMS = {d: PAYROLL.resolve(PAYROLL.tree(), d) for d in PERIODS}
cents = st.integers(min_value=0, max_value=2_000_000).map(lambda c: D(c) * CENT)
situations = st.fixed_dictionaries({
    "period": st.sampled_from(PERIODS),
    "family": st.sampled_from(["single", "married_two_incomes", "married_one_income"]),
    "contract": st.sampled_from(["white_collar", "blue_collar", "artist"]),
    "children": st.integers(min_value=0, max_value=10),
})


def breakdown(situation: dict, gross: D):
    worker = PayslipInput(gross=gross, **situation)
    return compute(worker, gross, PARAMS[situation["period"]])


@settings(max_examples=150, deadline=None)
@given(situations, cents)
def test_net_never_exceeds_gross(situation: dict, gross: D) -> None:
    b = breakdown(situation, gross)
    assert D(0) <= b.net <= b.gross
    assert b.withholding_tax >= 0 and b.employer_cost >= b.gross


@settings(max_examples=150, deadline=None)
@given(situations, cents, cents)
def test_withholding_tax_never_decreases_with_gross_once_taxable_grows(situation: dict, a: D, b: D) -> None:
    """For a fixed situation, more taxable pay never means less tax before the fiscal work bonus."""
    low, high = breakdown(situation, min(a, b)), breakdown(situation, max(a, b))
    if high.taxable >= low.taxable:
        assert high.withholding_before_bonus >= low.withholding_before_bonus


KEY_FORMULA_PERIODS = [d for d in PERIODS if d.year >= 2023]


@settings(max_examples=150, deadline=None)
@given(situations, cents, cents, st.sampled_from(KEY_FORMULA_PERIODS))
def test_withholding_never_decreases_from_2023_beyond_one_cent(situation: dict, a: D, b: D, period: date) -> None:
    """From 2023 (taxable no longer rounded to 15 EUR) the tax withheld never decreases with gross.

    Tolerance 0.01: the contribution, the work bonus and the tax are each rounded to the cent, so
    one more cent of gross can move the taxable pay or the fiscal work bonus by a cent the other way.
    Before 2023 the 15-EUR steps of Annex III make the tax withheld fall by up to about 0.65 inside
    a step while the fiscal work bonus grows (a property of the law, see docs/countries/be.md).
    """
    situation = {**situation, "period": period}
    low, high = breakdown(situation, min(a, b)), breakdown(situation, max(a, b))
    assert high.withholding_tax >= low.withholding_tax - CENT


@settings(max_examples=150, deadline=None)
@given(situations, st.integers(min_value=400_000, max_value=2_000_000).map(lambda c: D(c) * CENT), cents)
def test_withholding_after_bonus_never_decreases_above_the_work_bonus(situation: dict, a: D, b: D) -> None:
    """Above the work-bonus range (no fiscal work bonus) the tax withheld never decreases."""
    low, high = sorted((a, max(b, D(4000))))
    assert breakdown(situation, high).withholding_tax >= breakdown(situation, low).withholding_tax


@settings(max_examples=150, deadline=None)
@given(cents, st.integers(min_value=10_000, max_value=30_000).map(lambda x: D(x) / 10_000))
def test_budget_with_multiplier_is_exact_inverse(budget: D, multiplier: D) -> None:
    cost = multiplier_cost(multiplier)
    gross = highest_gross(budget, cost)
    assert cost(gross) <= budget < cost(gross + CENT)


@settings(max_examples=40, deadline=None)
@given(situations, st.integers(min_value=0, max_value=1_500_000).map(lambda c: D(c) * CENT))
def test_budget_against_employer_cost_is_exact_inverse(situation: dict, budget: D) -> None:
    worker = PayslipInput(budget=budget, **situation)
    slip = PAYROLL.compute_batch([worker])[0]
    next_cent = breakdown(situation, slip.gross + CENT)
    assert slip.employer_cost <= budget < next_cent.employer_cost


# The quarterly cap on the basic employer contribution (from 2025-07-01): periods with and without it.
CAP_PERIODS = [date(2025, 6, 1), date(2025, 9, 1), date(2026, 2, 1)]
CAP_PARAMS = {d: PAYROLL.resolve(PAYROLL.tree(), d) for d in CAP_PERIODS}
large = st.integers(min_value=0, max_value=15_000_000).map(lambda c: D(c) * CENT)   # up to 150,000.00
quarter_before = st.one_of(st.just(D(0)), large, st.integers(0, 200).map(lambda k: D(84_900) + k * D("0.5")))
cap_situations = st.fixed_dictionaries({
    "period": st.sampled_from(CAP_PERIODS),
    "contract": st.sampled_from(["white_collar", "blue_collar", "artist"]),
    "part_time": st.sampled_from([D(1), D("0.5"), D("0.8")]),
    "quarter_base_before": quarter_before,
})


def capped(situation: dict, gross: D):
    return compute(PayslipInput(gross=gross, **situation), gross, CAP_PARAMS[situation["period"]])


@settings(max_examples=200, deadline=None)
@given(cap_situations, large, large)
def test_employer_cost_never_decreases_as_gross_grows(situation: dict, a: D, b: D) -> None:
    low, high = capped(situation, min(a, b)), capped(situation, max(a, b))
    assert high.employer_social_security >= low.employer_social_security
    assert high.employer_cost >= low.employer_cost


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(CAP_PERIODS[1:]), st.sampled_from(["white_collar", "blue_collar"]),
       st.lists(large, min_size=1, max_size=6))
def test_basic_base_over_a_quarter_never_exceeds_the_cap(period: date, contract: str, grosses: list[D]) -> None:
    """Payslips of one quarter, each declaring the bases before it: the bases subject to the basic
    contribution add up to min(sum of the bases, the cap), whatever the split."""
    cap = CAP_PARAMS[period].employer.basic_quarterly_cap
    before, subject = D(0), D(0)
    for gross in grosses:
        b = capped({"period": period, "contract": contract, "quarter_base_before": before}, gross)
        subject += b.capped_basic.base if b.capped_basic else b.contribution_base
        before += b.contribution_base
    assert subject == min(before, cap)


@settings(max_examples=40, deadline=None)
@given(cap_situations, large)
def test_budget_against_employer_cost_is_exact_inverse_under_the_cap(situation: dict, budget: D) -> None:
    slip = PAYROLL.compute_batch([PayslipInput(budget=budget, **situation)])[0]
    assert slip.employer_cost <= budget < capped(situation, slip.gross + CENT).employer_cost
