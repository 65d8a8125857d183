"""Input checks of the DmfA: every problem is named before any XML is produced."""
from __future__ import annotations

import re

from partage.core.declarations import Problems
from partage.plugins.be.declarations import checks
from partage.plugins.be.declarations.dmfa_inputs import DmfaPayslip, DmfaQuarter

CODE3 = re.compile(r"^\d{3}$")
JOINT_COMMISSION = re.compile(r"^\d{3}(\.\d{2}){0,2}$")


def check_cents(problems: Problems, field: str, value: object) -> None:
    if type(value) is not int or value < 0:  # noqa: E721 - bool and float are refused on purpose
        problems.add(field, f"{value!r} is not a non-negative amount in integer cents")


def check_payslip(problems: Problems, where: str, slip: DmfaPayslip, data: DmfaQuarter) -> None:
    checks.check_niss(problems, f"{where}.worker.niss", slip.worker.niss)
    if not data.quarter.contains(slip.month):
        problems.add(f"{where}.month", f"{slip.month.isoformat()} is outside {data.quarter}")
    for name in ("worker_code", "employer_class"):
        if not CODE3.match(getattr(slip, name)):
            problems.add(f"{where}.{name}", f"{getattr(slip, name)!r} is not a 3-digit code")
    check_cents(problems, f"{where}.work_bonus", slip.work_bonus)
    if type(slip.work_bonus) is int and slip.work_bonus > sum(c.amount for c in slip.contributions):
        problems.add(f"{where}.work_bonus", "the work bonus exceeds the contributions it reduces")
    for i, contribution in enumerate(slip.contributions):
        check_cents(problems, f"{where}.contributions[{i}].amount", contribution.amount)
    if slip.student is not None:
        return check_student(problems, where, slip)
    check_ordinary(problems, where, slip)


def check_student(problems: Problems, where: str, slip: DmfaPayslip) -> None:
    problems.require(slip.occupation is None and not slip.remunerations, f"{where}.student",
                     "a student record carries its pay in `student`, not in occupations")
    check_cents(problems, f"{where}.student.remuneration", slip.student.remuneration)
    check_cents(problems, f"{where}.student.contribution", slip.student.contribution)


def check_ordinary(problems: Problems, where: str, slip: DmfaPayslip) -> None:
    occupation = slip.occupation
    if occupation is None:
        problems.add(f"{where}.occupation", "the occupation (joint commission, hours...) is missing")
        return
    if not JOINT_COMMISSION.match(occupation.joint_commission):
        problems.add(f"{where}.occupation.joint_commission", f"{occupation.joint_commission!r} is not a joint committee")
    checks.check_order(problems, f"{where}.occupation.end", occupation.start, occupation.end)
    problems.require(bool(slip.services), f"{where}.services", "no service (days worked) declared")
    for i, service in enumerate(slip.services):
        problems.require(service.days >= 1, f"{where}.services[{i}].days", "at least one day")
    for i, remuneration in enumerate(slip.remunerations):
        check_cents(problems, f"{where}.remunerations[{i}].cents", remuneration.cents)


def check_quarter(data: DmfaQuarter) -> None:
    problems = Problems()
    if data.quarter.kind != "quarter":
        problems.add("quarter", f"{data.quarter} is not a quarter")
        problems.raise_if_any()
    if data.open_runs:
        problems.add("open_runs", f"payroll runs still open in {data.quarter}: {', '.join(data.open_runs)}")
    problems.require(bool(data.payslips), "payslips", f"no payslip in {data.quarter}")
    checks.check_employer(problems, data.employer)
    for i, slip in enumerate(data.payslips):
        check_payslip(problems, f"payslips[{i}]", slip, data)
    problems.raise_if_any()
