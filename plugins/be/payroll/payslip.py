"""Turn a `Breakdown` into the country-neutral `Payslip` with its lines."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from partage.core.payroll.types import Payslip, PayslipLine, Side
from partage.plugins.be.payroll.compute import Breakdown
from partage.plugins.be.payroll.inputs import ContractType, FamilyStatus, PaymentKind, PayslipInput
from partage.plugins.be.payroll.snapshot import BASIC

REF_ONSS = "Law of 29 June 1981 / ONSS instructions: personal contribution"
REF_BONUS = "ONSS instructions, work bonus (DmfA deduction 0001)"
REF_TAX = "Annex III AR/CIR 92 (key formula)"
REF_FISCAL = "Art. 289ter/1 CIR 92 (fiscal work bonus)"
REF_CSSS = "Law of 30 March 1994, special social security contribution"
REF_EMPLOYER = "ONSS instructions, employer contributions"
REF_CAP = ("Programme Law of 18 July 2025 (MB 29 July 2025) and Royal Decree of 6 October 2025: cap on the basic "
           "employer contribution per worker and quarter, from 2025-07-01")
CAP_EXEMPT = "employer_basic_above_cap"
LABELS = {  # employee-side lines (the column path in `vector` prints the same)
    "onss_employee": "Employee social security",
    "work_bonus_a": "Social work bonus, volet A",
    "work_bonus_b": "Social work bonus, volet B",
    "taxable": "Taxable pay",
    "withholding_tax_base": "Withholding tax before fiscal work bonus",
    "fiscal_work_bonus": "Fiscal work bonus",
    "special_social_security": "Special social security contribution",
}


def _employee_lines(b: Breakdown) -> list[PayslipLine]:
    lines = [PayslipLine("onss_employee", LABELS["onss_employee"], b.employee_social_security,
                         Side.EMPLOYEE, b.contribution_base, b.employee_rate, REF_ONSS)]
    if b.work_bonus_a:
        lines.append(PayslipLine("work_bonus_a", LABELS["work_bonus_a"], -b.work_bonus_a, Side.EMPLOYEE,
                                 reference=REF_BONUS))
    if b.work_bonus_b:
        lines.append(PayslipLine("work_bonus_b", LABELS["work_bonus_b"], -b.work_bonus_b, Side.EMPLOYEE,
                                 reference=REF_BONUS))
    lines.append(PayslipLine("taxable", LABELS["taxable"], b.taxable, Side.INFO))
    lines.append(PayslipLine("withholding_tax_base", LABELS["withholding_tax_base"], b.withholding_before_bonus,
                             Side.EMPLOYEE, b.taxable, reference=REF_TAX))
    if b.fiscal_work_bonus:
        lines.append(PayslipLine("fiscal_work_bonus", LABELS["fiscal_work_bonus"], -b.fiscal_work_bonus,
                                 Side.EMPLOYEE, reference=REF_FISCAL))
    if b.special_social_security:
        lines.append(PayslipLine("special_social_security", LABELS["special_social_security"],
                                 b.special_social_security, Side.EMPLOYEE, b.contribution_base, reference=REF_CSSS))
    return lines


def _employer_lines(b: Breakdown) -> list[PayslipLine]:
    lines = [PayslipLine(code, label, amount, Side.EMPLOYER, b.contribution_base, rate, REF_EMPLOYER)
             for code, label, rate, amount in b.employer_lines]
    capped = b.capped_basic
    if capped is not None:  # the basic line shows the capped base; an INFO line shows the part left out
        lines = [replace(line, base=capped.base, reference=f"{REF_EMPLOYER}; {REF_CAP}") if line.code == BASIC
                 else line for line in lines]
        label = f"Base above the quarterly cap ({capped.cap:,} EUR): no basic employer contribution"
        lines.append(PayslipLine(CAP_EXEMPT, label, capped.exempt, Side.INFO, reference=REF_CAP))
    if b.equivalent_days is not None:
        lines.append(PayslipLine("artist_equivalent_days", "Equivalent days (fee rule)", b.equivalent_days,
                                 Side.INFO, b.gross, reference="Unemployment law, fee rule (règle du cachet)"))
    return lines


def totals(b: Breakdown) -> dict[str, Decimal]:
    """The named amounts every consumer (CLI, documents, declarations) reads."""
    return {
        "gross": b.gross, "employee_social_security": b.employee_social_security,
        "social_work_bonus": b.social_work_bonus, "work_bonus_volet_a": b.work_bonus_a,
        "work_bonus_volet_b": b.work_bonus_b, "taxable": b.taxable,
        "withholding_tax_before_bonus": b.withholding_before_bonus, "fiscal_work_bonus": b.fiscal_work_bonus,
        "withholding_tax": b.withholding_tax, "special_social_security": b.special_social_security,
        "net": b.net, "employer_social_security": b.employer_social_security, "employer_cost": b.employer_cost,
    }


EXCEPTIONAL = "payroll.exceptional_payments."
ONLY_FOR = {"payroll.students.": ContractType.STUDENT, "payroll.artists.": ContractType.ARTIST}


def relevant_stale(worker: PayslipInput, stale: tuple[str, ...]) -> tuple[str, ...]:
    """Stale parameters this payslip depends on (all are resolved once per batch)."""
    out = []
    for name in stale:
        if name.startswith(EXCEPTIONAL) and worker.payment is PaymentKind.REGULAR:
            continue
        if any(name.startswith(prefix) and worker.contract is not kind for prefix, kind in ONLY_FOR.items()):
            continue
        if name.endswith(".isolated_reduction") and worker.family is not FamilyStatus.SINGLE:
            continue
        out.append(name)
    return tuple(out)


def to_payslip(worker: PayslipInput, b: Breakdown, stale: tuple[str, ...],
               extra: dict[str, Decimal] | None = None) -> Payslip:
    """The `Payslip` for ``worker``; ``net`` is the pay before withholding tax (the taxable pay)."""
    named = totals(b)
    if extra:
        named.update(extra)
    warnings = tuple(b.warnings) + tuple(f"stale parameter: {name}" for name in relevant_stale(worker, stale))
    return Payslip(
        period=worker.period, gross=b.gross, net=b.taxable, withholding_tax=b.withholding_tax,
        net_to_pay=b.net, employer_contributions=b.employer_social_security, employer_cost=b.employer_cost,
        lines=tuple(_employee_lines(b) + _employer_lines(b)), totals=named, warnings=warnings,
    )
