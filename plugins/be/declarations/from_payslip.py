"""Map a computed `core.payroll.types.Payslip` (Belgian engine) to `DmfaPayslip` and `YearPayslip`.

The payslip gives the amounts (``totals``: gross, employee_social_security before the bonus,
social_work_bonus, employer_social_security); the caller gives what the payslip does not know:
the worker's identity, DmfA worker code, occupation terms and days worked (the performance).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from partage.core.declarations import InvalidDeclarationInput
from partage.core.errors import FieldError
from partage.core.money import to_cents
from partage.core.payroll.types import Payslip
from partage.plugins.be.declarations.belcotax import YearPayslip
from partage.plugins.be.declarations.dmfa_inputs import (Contribution, DmfaPayslip, Occupation, Remuneration, Service,
                                                 StudentPay)
from partage.plugins.be.declarations.inputs import Worker

NEEDED = ("gross", "employee_social_security", "employer_social_security")



@dataclass(frozen=True, slots=True)
class DmfaCodes:
    remuneration: str
    service: str
    contribution_type: str

    @classmethod
    def from_tree(cls, tree: Any, on: date) -> "DmfaCodes":
        return cls(tree.at("declarations.dmfa.ordinary_remuneration_code", on),
                   tree.at("declarations.dmfa.work_service_code", on),
                   tree.at("declarations.dmfa.ordinary_contribution_type", on))


# A payslip rebuilt from a stored row has lines but maybe no `totals`: derive them from the lines
# (line codes of plugins/be/payroll/payslip.py) and the payslip's own fields.
FROM_LINES = {"employee_social_security": ("onss_employee",), "special_social_security": ("special_social_security",),
              "taxable": ("taxable",), "social_work_bonus": ("work_bonus_a", "work_bonus_b")}
FROM_FIELDS = {"gross": "gross", "withholding_tax": "withholding_tax", "employer_social_security": "employer_contributions"}
# The engine writes these lines only when not zero: a payslip with lines but without them owes none.
ZERO_WHEN_ABSENT = ("special_social_security", "social_work_bonus")


def total(payslip: Payslip, key: str) -> Decimal | None:
    if key in payslip.totals:
        return payslip.totals[key]
    if key in FROM_FIELDS:
        return getattr(payslip, FROM_FIELDS[key])
    found = [line.amount for line in payslip.lines if line.code in FROM_LINES.get(key, ())]
    if not found and key in ZERO_WHEN_ABSENT and any(line.code == "taxable" for line in payslip.lines):
        return Decimal(0)
    return abs(sum(found, Decimal(0))) if found else None


def amount(payslip: Payslip, key: str) -> int:
    value = total(payslip, key)
    return to_cents(value if value is not None else Decimal(0))


def require(payslip: Payslip, keys: tuple[str, ...]) -> None:
    missing = [FieldError(f"payslip.totals.{key}", "missing (neither a total nor a payslip line)")
               for key in keys if total(payslip, key) is None]
    if missing:
        raise InvalidDeclarationInput(missing)


def contribution_base(payslip: Payslip) -> int:
    line = next((line for line in payslip.lines if line.code == "onss_employee" and line.base is not None), None)
    return to_cents(line.base) if line is not None else amount(payslip, "gross")


def dmfa_payslip(payslip: Payslip, payslip_id: str, worker: Worker, worker_code: str, codes: DmfaCodes, *,
                 occupation: Occupation | None = None, days: int = 0, hours: int = 0,
                 student: bool = False) -> DmfaPayslip:
    """One stored payslip as the DmfA reads it; ``hours`` in hundredths (students: whole hours)."""
    require(payslip, NEEDED)
    gross = amount(payslip, "gross")
    contributions = amount(payslip, "employee_social_security") + amount(payslip, "employer_social_security")
    if student:
        return DmfaPayslip(payslip_id, worker, payslip.period, worker_code,
                           student=StudentPay(gross, contributions, hours))
    return DmfaPayslip(
        payslip_id, worker, payslip.period, worker_code, occupation=occupation,
        remunerations=(Remuneration(codes.remuneration, gross),),
        services=(Service(codes.service, days, hours),) if days else (),
        contributions=(Contribution(worker_code, codes.contribution_type, contribution_base(payslip), contributions),),
        work_bonus=amount(payslip, "social_work_bonus"))


def year_payslip(payslip: Payslip, worker: Worker, street: str, postcode: str, *,
                 employed_from: date | None = None, employed_until: date | None = None,
                 **beneficiary: Any) -> YearPayslip:
    """One payslip of the year as the Belcotax 281.10 reads it (totals `taxable`, `withholding_tax`,
    `special_social_security`, `social_work_bonus`); ``beneficiary``: city, civil_status, children, language."""
    require(payslip, ("taxable", "withholding_tax", "special_social_security"))
    return YearPayslip(worker, street, postcode, payslip.period, amount(payslip, "taxable"),
                       amount(payslip, "withholding_tax"), amount(payslip, "special_social_security"),
                       amount(payslip, "social_work_bonus"), employed_from, employed_until, **beneficiary)
