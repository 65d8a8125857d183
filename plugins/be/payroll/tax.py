"""Withholding tax (précompte professionnel): Annex III key formula, reductions, fiscal work bonus."""
from __future__ import annotations

from decimal import Decimal

from partage.core.params import Brackets
from partage.plugins.be.payroll.inputs import FamilyStatus, PayslipInput
from partage.plugins.be.payroll.rounding import ZERO, cents, cents_down, floor_to_step
from partage.plugins.be.payroll.snapshot import ExceptionalParams, TaxParams

MONTHS = 12


def annual_base_tax(scale: Brackets, amount: Decimal) -> Decimal:
    """Base tax of the scale on an annual net taxable amount, to the cent."""
    return cents(scale.marginal(amount)) if amount > ZERO else ZERO


def annual_net_taxable(t: TaxParams, monthly_taxable: Decimal) -> Decimal:
    """Monthly taxable (rounded down to the step) x 12 minus flat-rate professional expenses."""
    annual = floor_to_step(monthly_taxable, t.rounding_step) * MONTHS
    return annual - min(annual * t.expenses_rate, t.expenses_max)


def key_formula(t: TaxParams, monthly_taxable: Decimal, family: FamilyStatus, non_resident: bool) -> Decimal:
    """Monthly withholding tax before family reductions (scale I, II or non-resident); the annual
    tax / 12 to the cent, half up or down as `withholding_tax.monthly_rounding` says."""
    net = annual_net_taxable(t, monthly_taxable)
    if non_resident:
        tax = annual_base_tax(t.base_scale, net)
    elif family is FamilyStatus.MARRIED_ONE_INCOME:
        spouse = min(net * t.quotient_rate, t.quotient_max)
        own = annual_base_tax(t.base_scale, spouse) + annual_base_tax(t.base_scale, net - spouse)
        tax = max(own - 2 * t.tax_free, ZERO)
    else:
        tax = max(annual_base_tax(t.base_scale, net) - t.tax_free, ZERO)
    return cents(tax / MONTHS) if t.monthly_half_up else cents_down(tax / MONTHS)


def children_reduction(t: TaxParams, children: int) -> Decimal:
    """Monthly reduction for ``children`` dependent children (a disabled child counts twice)."""
    if children <= 0:
        return ZERO
    last = t.children[-1]
    if children <= last.threshold:
        return t.children.single_amount(Decimal(children))
    return last.amount + (children - last.threshold) * t.extra_child


def family_reductions(t: TaxParams, worker: PayslipInput) -> Decimal:
    """Monthly reductions for family charges (children, isolated, single parent, dependants)."""
    children = worker.children + worker.disabled_children
    total = children_reduction(t, children)
    single = worker.family is FamilyStatus.SINGLE
    if single and children == 0 and worker.other_dependants == 0 and worker.senior_dependants == 0:
        total += t.isolated
    if single and children > 0:
        total += t.single_parent
    if worker.disabled:
        total += t.disabled
    if worker.spouse_disabled and worker.family is FamilyStatus.MARRIED_ONE_INCOME:
        total += t.disabled
    return total + worker.other_dependants * t.disabled + worker.senior_dependants * t.senior


def regular_withholding(t: TaxParams, worker: PayslipInput, taxable: Decimal) -> Decimal:
    """Withholding tax on regular monthly pay, before the fiscal work bonus."""
    tax = key_formula(t, taxable, worker.family, worker.non_resident)
    return max(tax - family_reductions(t, worker), ZERO)


def fiscal_work_bonus(volet_a: Decimal, volet_b: Decimal, rate_a: Decimal, rate_b: Decimal,
                      withholding: Decimal) -> Decimal:
    """Withholding-tax reduction: share of each volet of the social work bonus, capped at the tax."""
    return min(cents(volet_a * rate_a + volet_b * rate_b), withholding)


def exceptional_rate(x: ExceptionalParams, rates: Brackets, annual: Decimal, children: int,
                     child_reduction: bool = True) -> Decimal:
    """Rate for an exceptional payment, after the child exemption limit and rate reduction."""
    if children > 0:
        limit = x.exemption_limit.single_amount(Decimal(min(children, len(x.exemption_limit))))
        if annual <= limit:
            annual -= limit - annual
    rate = rates.rate_for(annual)
    if child_reduction and children > 0:
        count = Decimal(min(children, len(x.child_rate)))
        if annual <= x.child_ceiling.single_amount(count):
            rate *= 1 - x.child_rate.rate_for(count)
    return rate


def annual_reference(monthly_wage: Decimal, employee_rate: Decimal) -> Decimal:
    """Annual normal taxable pay used by exceptional payments: wage x (1 - ONSS rate) x 12."""
    return monthly_wage * (1 - employee_rate) * MONTHS
