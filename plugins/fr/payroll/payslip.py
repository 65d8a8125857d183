"""One French payslip: gross -> contributions -> CSG/CRDS -> net -> PAS; employer side and RGDU.

Rounding, one rule (docs/countries/fr.md, "Rounding"): every contribution line (employee, CSG/CRDS,
employer) is its base x rate rounded half up to the cent, as printed on the payslip and declared in the
DSN (individual contribution amounts, bloc 81, in cents); every total is the sum of the printed lines:
the net is the gross minus the printed employee and CSG/CRDS lines, the net taxable the gross minus the
printed deductible lines, the employer contributions the sum of the printed employer lines. So the
printed lines always add up to the printed totals.
"""
from __future__ import annotations

from decimal import Decimal

from partage.core.payroll.types import Payslip, PayslipLine, Side
from partage.plugins.fr.payroll.bases import Bases, compute_bases
from partage.plugins.fr.payroll.contributions import Amount, PlanItem, Spec, compute, plans, round_cent
from partage.plugins.fr.payroll.inputs import FrPayslipInput
from partage.plugins.fr.payroll.rates import FrRates
from partage.plugins.fr.payroll.reduction import health_and_family_rates, reduction_coefficient
from partage.plugins.fr.payroll.withholding import withholding_rate

FORFAIT_SOCIAL = Spec("forfait_social", "Forfait social (provident)", Side.EMPLOYER, "forfait_social_provident", "")


def _line(amount: Amount) -> PayslipLine:
    item = amount.item
    spec = item.spec
    return PayslipLine(spec.code, spec.label, round_cent(amount.exact), spec.side, amount.base, amount.rate,
                       item.reference)


def plans_for(data: FrPayslipInput, bases: Bases, rates: FrRates) -> tuple:
    """(employee plan, employer plan) for this employee (bandeaux depend on the gross)."""
    return plans(data, rates, health_and_family_rates(data.gross, bases.smic_ratio, rates))


def employer_amounts(data: FrPayslipInput, bases: Bases, rates: FrRates,
                     plan: tuple[PlanItem, ...] | None = None) -> list[Amount]:
    """Exact employer contributions before the general reduction (forfait social included)."""
    amounts = compute(plans_for(data, bases, rates)[1] if plan is None else plan, bases)
    provident = provident_amount(amounts)
    if provident and data.headcount >= rates["forfait_social_headcount"]:
        rate = rates["forfait_social_provident"]
        item = PlanItem(FORFAIT_SOCIAL, "", rate, rates.references["forfait_social_provident"])
        amounts.append(Amount(item, provident * rate, provident, rate))
    return amounts


def general_reduction(data: FrPayslipInput, bases: Bases, rates: FrRates) -> tuple[Decimal, Decimal]:
    """(coefficient, amount) of the general reduction (none with the artists' reduced rates)."""
    if data.entertainment == "artist" and not rates.artist_general_reduction:
        return Decimal(0), round_cent(Decimal(0))
    coefficient = reduction_coefficient(data.gross, data.headcount, bases.smic_ratio, rates)
    return coefficient, round_cent(coefficient * data.gross)


def printed_total(amounts: list[Amount]) -> Decimal:
    """Sum of the printed (rounded) lines of ``amounts``."""
    return sum((round_cent(a.exact) for a in amounts), Decimal(0))


def capped_reduction(reduction: Decimal, before: Decimal) -> Decimal:
    """The general reduction is imputed on the employer contributions: never more than their printed
    total (art. L241-13 CSS; only bites by a cent on tiny pays, where lines round to 0.00)."""
    return min(reduction, before)


def provident_amount(amounts: list[Amount]) -> Decimal:
    """Employer provident contribution (rounded), part of the CSG/CRDS base."""
    return sum((round_cent(a.exact) for a in amounts if a.item.spec.code == "provident_cadre"), Decimal(0))


CSG_LABELS = {"csg_deductible": "CSG (deductible)", "csg_non_deductible": "CSG (non-deductible)", "crds": "CRDS"}


def csg_amounts(base: Decimal, rates: FrRates) -> dict[str, Decimal]:
    """Exact CSG deductible, CSG non-deductible and CRDS on ``base``."""
    return {code: base * rates[code] for code in CSG_LABELS}


def csg_lines(base: Decimal, exact: dict[str, Decimal], rates: FrRates) -> list[PayslipLine]:
    """Printed (rounded) CSG/CRDS lines."""
    return [PayslipLine(code, label, round_cent(exact[code]), Side.EMPLOYEE, base, rates[code],
                        rates.references[code]) for code, label in CSG_LABELS.items()]


def employer_cost(data: FrPayslipInput, rates: FrRates) -> tuple[Decimal, Decimal, Decimal]:
    """(employer contributions before reduction, reduction, labour cost) — used by budget-first."""
    bases = compute_bases(data, rates)
    before = printed_total(employer_amounts(data, bases, rates))
    reduction = capped_reduction(general_reduction(data, bases, rates)[1], before)
    return before, reduction, data.gross + before - reduction


def compute_payslip(data: FrPayslipInput, rates: FrRates) -> Payslip:
    """The payslip of ``data`` under the period's ``rates``."""
    bases = compute_bases(data, rates)
    employee_plan, employer_plan = plans_for(data, bases, rates)
    employee = [_line(a) for a in compute(employee_plan, bases)]
    employer_exact = employer_amounts(data, bases, rates, employer_plan)
    csg_base = bases.csg + provident_amount(employer_exact)
    csg_exact = csg_amounts(csg_base, rates)
    csg = csg_lines(csg_base, csg_exact, rates)
    employee_total = sum((line.amount for line in employee), Decimal(0))
    csg_ded, csg_nd, crds = (line.amount for line in csg)
    net = data.gross - employee_total - csg_ded - csg_nd - crds   # printed lines: exact cents
    net_taxable = data.gross - employee_total - csg_ded
    pas_rate, warnings = withholding_rate(data, net_taxable, rates)
    pas = round_cent(net_taxable * pas_rate)
    before = printed_total(employer_exact)
    coefficient, reduction = general_reduction(data, bases, rates)
    reduction = capped_reduction(reduction, before)
    after = before - reduction
    lines = employee + csg + [_line(a) for a in employer_exact]
    lines.append(PayslipLine("general_reduction", f"General reduction ({rates.scheme.upper()})", -reduction,
                             Side.EMPLOYER, data.gross, coefficient, "Art. L241-13 and D241-7 CSS"))
    lines.append(PayslipLine("withholding_tax", "Income tax withheld at source", pas, Side.EMPLOYEE,
                             net_taxable, pas_rate, "Art. 204 A and 204 H CGI"))
    totals = {
        "gross": data.gross, "employee_contributions": employee_total, "csg_deductible": csg_ded,
        "csg_non_deductible": csg_nd, "crds": crds, "net": net, "net_taxable": net_taxable,
        "withholding_tax": pas, "net_to_pay": net - pas, "employer_contributions_before_reduction": before,
        "general_reduction": reduction, "general_reduction_coefficient": coefficient,
        "employer_contributions": after, "labour_cost": data.gross + after, "ceiling": round_cent(bases.ceiling),
    }
    stale = tuple(f"stale_parameter: {name}" for name in rates.stale)
    return Payslip(data.period, data.gross, net, pas, net - pas, after, data.gross + after,
                   tuple(lines), totals, warnings + stale)
