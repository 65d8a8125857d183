"""Stored rows -> the monthly DSN input: employer facts, members (NIR), performances, payslip lines."""
from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.orm import Session

from core.declarations import Check, Period, Problems, reconcile
from core.declarations import rows
from core.declarations.types import Source
from core.payroll.types import Payslip
from core.payroll.lines import stored_amount
from plugins.fr.declarations.dsn_codes import CODES, NOT_CONTRIBUTIONS
from plugins.fr.declarations.dsn_reconcile import reconcile_dsn
from plugins.fr.declarations.inputs import (Contact, Contract, DsnMonth, Employee, FrEmployer,
                                            IndividualContribution, Person)

EMPLOYER_FACTS = ("nic", "naf", "urssaf_id", "street", "postcode", "city", "email", "phone")


def cents(value: Decimal | None) -> int:
    return int((Decimal(value or 0) * 100).quantize(Decimal(1), ROUND_HALF_UP))


def percent(rate: Decimal | None) -> str:
    text = f"{Decimal(rate or 0) * 100:.4f}".rstrip("0")
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"


def employer(session: Session, tenant: Any, problems: Problems) -> tuple[FrEmployer, Contact]:
    facts = rows.employer_facts(session)
    for name in EMPLOYER_FACTS:
        problems.require(bool(facts.get(name)), f"payroll_settings.employer.{name}", "missing")
    siren = "".join(ch for ch in (tenant.company_number or "") if ch.isdigit())[:9]
    problems.require(len(siren) == 9, "tenant.company_number", "missing: the SIREN (9 digits)")
    get = lambda name: str(facts.get(name) or "")  # noqa: E731
    boss = FrEmployer(siren, get("nic"), tenant.legal_name, get("street"), get("postcode"), get("city"), get("naf"),
                      get("idcc") or "9999", get("urssaf_id"), int(facts.get("headcount") or 0))
    return boss, Contact(tenant.legal_name[:80], get("email"), get("phone"))


def person(problems: Problems, slip: rows.StoredSlip) -> Person:
    """Sex and birth department from the NIR; birth place from the profile, else the NIR's INSEE code."""
    nir = rows.national_number(problems, slip)
    extra = (slip.profile.profile or {}) if slip.profile else {}
    birth = slip.profile.birth_date if slip.profile else None
    problems.require(birth is not None, f"worker_profiles[{slip.who}].birth_date", "missing")
    place = extra.get("birthplace") or (f"INSEE {nir[5:10]}" if len(nir) >= 10 else "")
    return Person(nir or None, slip.member.last_name, slip.member.first_name, "01" if nir[:1] in "137" else "02",
                  birth, place, nir[5:7], str(slip.member.id)[:8])


def contributions(problems: Problems, slip: rows.StoredSlip, payslip: Payslip) -> tuple:
    found = []
    for line in payslip.lines:
        if line.code in NOT_CONTRIBUTIONS:
            continue
        if not problems.require(line.code in CODES, f"payslips[{slip.record.id}].lines.{line.code}",
                                "no DSN contribution code for this payslip line"):
            continue
        code, ctp, base_code, urssaf = CODES[line.code]
        found.append(IndividualContribution(code, ctp, cents(line.base), cents(line.amount), percent(line.rate),
                                            base_code, urssaf))
    return tuple(found)


def bases(found: tuple[IndividualContribution, ...]) -> tuple[tuple[str, int], ...]:
    first: dict[str, int] = {}
    for c in found:
        first.setdefault(c.base_code, c.base)
    return tuple(sorted(first.items()))


def employee(problems: Problems, slip: rows.StoredSlip, paid_on) -> Employee:
    payslip, perf = rows.payslip(slip.record), slip.performance
    pas = next((line for line in payslip.lines if line.code == "withholding_tax"), None)
    found = contributions(problems, slip, payslip)
    contract = Contract(str(perf.id)[:20], perf.start, "02", perf.end, perf.function[:80] or "Entrepreneur salarié",
                        reason="01")
    return Employee(person(problems, slip), contract, cents(payslip.gross),
                    cents(pas.base) if pas else cents(payslip.net), cents(payslip.net_to_pay),
                    percent(pas.rate) if pas else "0.00", cents(payslip.withholding_tax), paid_on,
                    f"{Decimal(perf.hours or 0):.2f}" if perf.hours else "151.67", bases(found), found)


def dsn(session: Session, tenant: Any, period: Period, at: datetime) -> Source:
    problems = Problems()
    boss, contact = employer(session, tenant, problems)
    runs = rows.runs_of(session, period)
    stored = rows.stored_slips(session, runs)
    paid = {run.id: (run.paid_at or at).date() for run in runs}
    employees = tuple(employee(problems, slip, paid[slip.record.run_id]) for slip in stored)
    if rows.open_runs(runs):
        problems.add("open_runs", f"payroll runs of {period} not approved or paid: {', '.join(rows.open_runs(runs))}")
    problems.raise_if_any()
    urssaf = sum(cents(stored_amount(line[2])) for slip in stored for line in slip.record.lines
                 if line[0] in CODES and CODES[line[0]][3])
    gross = sum(cents(slip.record.gross) for slip in stored)
    data = DsnMonth(boss, contact, period, employees, at)
    return Source(data, lambda g: reconcile(reconcile_dsn(g, employees).checks + _rows_checks(g, urssaf, gross).checks))


def _rows_checks(generated, urssaf: int, gross: int):
    from plugins.fr.declarations.dsn import ENCODING
    from plugins.fr.declarations.dsn_reconcile import cents as to_cents, rubric_rows

    found = rubric_rows(generated.content.decode(ENCODING))
    due = sum(to_cents(v) for b, r, v in found if b == "S21.G00.22" and r == "005")
    declared_gross = sum(to_cents(v) for b, r, v in found if b == "S21.G00.51" and r == "013")
    return reconcile([Check("S21.G00.22 vs URSSAF payslip lines", due, urssaf),
                      Check("S21.G00.51 gross vs payslips.gross", declared_gross, gross)])
