"""Stored rows -> the monthly DSN input: employer facts, members (NIR), performances, payslip lines."""
from __future__ import annotations

import base64
import re
from datetime import datetime
from zoneinfo import ZoneInfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.orm import Session

from partage.core.declarations import Check, Period, Problems, reconcile
from partage.core.declarations import rows
from partage.core.declarations.types import Source
from partage.core.payroll.types import Payslip
from partage.core.payroll.lines import stored_amount
from partage.plugins.fr.declarations.dsn_codes import (CODES, COMPONENTS, ESTABLISHMENT, NOT_CONTRIBUTIONS, RETIREMENT,
                                               UNEMPLOYMENT)
from partage.core.plugins import registry
from partage.plugins.fr.declarations.dsn_reconcile import reconcile_dsn
from partage.plugins.fr.declarations.inputs import (Contact, Contract, DsnMonth, Employee, FrEmployer,
                                            IndividualContribution, Person)

EMPLOYER_FACTS = ("nic", "naf", "urssaf_id", "street", "postcode", "city", "email", "phone", "idcc",
                  "at_risk_code")


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
    at_rate = f"{Decimal(get('at_rate')) * 100:.2f}" if get("at_rate") else ""
    boss = FrEmployer(siren, get("nic"), tenant.legal_name, get("street"), get("postcode"), get("city"), get("naf"),
                      get("idcc") or "9999", get("urssaf_id"), int(facts.get("headcount") or 0),
                      get("at_risk_code"), at_rate, get("payment_mode") or "05")
    return boss, Contact(tenant.legal_name[:80], get("email"), get("phone"))


def matricule(member_id) -> str:
    """The member's number in the company (S21.G00.30.019, 1-30 characters): its whole id in base 32,
    so two members never share it."""
    return base64.b32encode(member_id.bytes).decode().rstrip("=")


def contract_number(performance_id) -> str:
    """S21.G00.40.009 (5-20 characters): the performance id's last 12 bytes in base 32."""
    return base64.b32encode(performance_id.bytes[4:]).decode().rstrip("=")


def person(problems: Problems, slip: rows.StoredSlip) -> Person:
    """Sex and birth department from the NIR; the commune of birth from the worker profile."""
    nir = rows.national_number(problems, slip)
    extra = (slip.profile.profile or {}) if slip.profile else {}
    birth = slip.profile.birth_date if slip.profile else None
    problems.require(birth is not None, f"worker_profiles[{slip.who}].birth_date", "missing")
    place = str(extra.get("birthplace") or "")
    problems.require(bool(place), f"worker_profiles[{slip.who}].profile.birthplace",
                     "missing: the commune (or country) of birth (S21.G00.30.007)")
    abroad = nir[5:7] == "99"
    country = str(extra.get("birth_country") or ("" if abroad else "FR"))
    problems.require(bool(country), f"worker_profiles[{slip.who}].profile.birth_country",
                     "missing: the country of birth of a person born abroad (S21.G00.30.015)")
    return Person(nir or None, slip.member.last_name, slip.member.first_name, "01" if nir[:1] in "137" else "02",
                  birth, place, nir[5:7], matricule(slip.member.id), country,
                  str(extra.get("eu_code") or "01"))


def contributions(problems: Problems, slip: rows.StoredSlip, payslip: Payslip) -> tuple:
    found = []
    for line in payslip.lines:
        if line.code in NOT_CONTRIBUTIONS or line.code in ESTABLISHMENT:
            continue
        if not problems.require(line.code in CODES, f"payslips[{slip.record.id}].lines.{line.code}",
                                "no DSN contribution code for this payslip line"):
            continue
        code, ctp, base_code, urssaf = CODES[line.code]
        if not cents(line.amount):
            continue
        found.append(IndividualContribution(code, ctp, cents(line.base), cents(line.amount), percent(line.rate),
                                            base_code, urssaf))
    return tuple(found)


def bases(found: tuple[IndividualContribution, ...]) -> tuple[tuple[str, int], ...]:
    first: dict[str, int] = {}
    for c in found:
        first.setdefault(c.base_code, c.base)
    return tuple(sorted(first.items()))


def _line(payslip: Payslip, codes: tuple[str, ...]):
    return next((line for line in payslip.lines if line.code in codes), None)


def contract(slip: rows.StoredSlip, tree: Any) -> Contract:
    """The contract of a performance, coded from its kind (`declarations/dsn.yaml`) and the profile."""
    perf, on = slip.performance, slip.performance.start
    extra = (slip.profile.profile or {}) if slip.profile else {}
    cadre = bool(extra.get("cadre"))
    code = lambda name: tree.at(f"declarations.dsn.contracts.{perf.kind}.{name}", on)  # noqa: E731
    hours = f"{Decimal(perf.hours):.2f}" if perf.hours else "151.67"
    return Contract(contract_number(perf.id), perf.start, code("nature"), perf.end,
                    (perf.function or "Entrepreneur salarié")[:120], str(extra.get("pcs") or "389a"), cadre,
                    hours, code("reason"), "04" if cadre else code("status"),
                    "RUAA" if slip.record is None or _line(rows.payslip(slip.record), RETIREMENT) else "90000")


def employee(problems: Problems, slip: rows.StoredSlip, paid_on, tree: Any) -> Employee:
    payslip, perf = rows.payslip(slip.record), slip.performance
    if not problems.require(f"declarations.dsn.contracts.{perf.kind}.nature" in tree.names(),
                            f"performances[{perf.id}].kind", f"{perf.kind!r} has no DSN contract coding"):
        return None
    pas = _line(payslip, ("withholding_tax",))
    unemployment = _line(payslip, UNEMPLOYMENT)
    found = contributions(problems, slip, payslip)
    components = tuple((COMPONENTS[line.code][0], COMPONENTS[line.code][1], cents(line.base))
                       for line in payslip.lines if line.code in COMPONENTS)
    extra = (slip.profile.profile or {}) if slip.profile else {}
    return Employee(person(problems, slip), contract(slip, tree), cents(payslip.gross),
                    cents(pas.base) if pas else cents(payslip.net), cents(payslip.net_to_pay),
                    percent(pas.rate) if pas else "0.00", cents(payslip.withholding_tax), paid_on,
                    f"{Decimal(perf.hours or 0):.2f}" if perf.hours else "151.67", bases(found), found,
                    cents(unemployment.base) if unemployment else None,
                    "01" if extra.get("pas_rate") is not None else "13", components)


def dsn(session: Session, tenant: Any, period: Period, at: datetime) -> Source:
    problems = Problems()
    boss, contact = employer(session, tenant, problems)
    runs = rows.runs_of(session, period)
    stored = rows.stored_slips(session, runs)
    paid = {run.id: (run.paid_at or at).date() for run in runs}
    tree = registry().get("fr").declarations.parameters.tree()
    employees = tuple(employee(problems, slip, paid[slip.record.run_id], tree) for slip in stored)
    if rows.open_runs(runs):
        problems.add("open_runs", f"payroll runs of {period} not approved or paid: {', '.join(rows.open_runs(runs))}")
    problems.raise_if_any()
    totals = payslip_totals(stored)
    data = DsnMonth(boss, contact, period, employees, at, establishment=establishment(stored))
    return Source(data, lambda g: reconcile(reconcile_dsn(g, employees).checks + rows_checks(g, totals).checks))


def establishment(stored: list[rows.StoredSlip]) -> tuple[tuple[str, int], ...]:
    """The establishment contributions (S21.G00.82) of the month: each code's payslip lines summed."""
    due: dict[str, int] = {}
    for slip in stored:
        for line in slip.record.lines:
            if line[0] in ESTABLISHMENT:
                code = ESTABLISHMENT[line[0]]
                due[code] = due.get(code, 0) + cents(stored_amount(line[2]))
    return tuple((code, total) for code, total in sorted(due.items()) if total)


def payslip_totals(stored: list[rows.StoredSlip]) -> dict[str, int]:
    """What the file must add up to, in cents, read from the stored payslips alone."""
    lines = [line for slip in stored for line in slip.record.lines]
    declared = [line for line in lines if line[0] not in NOT_CONTRIBUTIONS and line[0] not in ESTABLISHMENT]
    return {"establishment": sum(cents(stored_amount(line[2])) for line in lines if line[0] in ESTABLISHMENT),
            "urssaf": sum(cents(stored_amount(line[2])) for line in declared if CODES.get(line[0], ("",) * 4)[3]),
            "contributions": sum(cents(stored_amount(line[2])) for line in declared),
            "gross": sum(cents(slip.record.gross) for slip in stored),
            "withholding": sum(cents(slip.record.withholding_tax) for slip in stored),
            "net_to_pay": sum(cents(slip.record.net_to_pay) for slip in stored)}


def rows_checks(generated, totals: dict[str, int]):
    """The file's totals against the stored payslips, to the cent."""
    from partage.plugins.fr.declarations.dsn import ENCODING
    from partage.plugins.fr.declarations.dsn_reconcile import blocks, cents as to_cents

    found = blocks(generated.content.decode(ENCODING))
    total = lambda block, rubric, keep=lambda b: True: sum(  # noqa: E731
        to_cents(b[rubric]) for b in found.get(block, []) if rubric in b and keep(b))
    return reconcile([
        Check("S21.G00.22 vs URSSAF payslip lines", total("S21.G00.22", "005"), totals["urssaf"]),
        Check("S21.G00.81 vs payslip contribution lines", total("S21.G00.81", "004"), totals["contributions"]),
        Check("S21.G00.82 vs payslip establishment lines", total("S21.G00.82", "001"), totals["establishment"]),
        Check("S21.G00.51 type 001 vs payslips.gross", total("S21.G00.51", "013", lambda b: b.get("011") == "001"),
              totals["gross"]),
        Check("S21.G00.50.009 vs payslips.withholding_tax", total("S21.G00.50", "009"), totals["withholding"]),
        Check("S21.G00.50.004 vs payslips.net_to_pay", total("S21.G00.50", "004"), totals["net_to_pay"]),
    ])


def trial_days(tree: Any, perf) -> int:
    """Trial period of a fixed-term contract of at most six months (Code du travail L1242-10)."""
    weeks = ((perf.end - perf.start).days + 1) // 7
    per_week = int(tree.at("declarations.dsn.trial_days_per_week", perf.start))
    return min(weeks * per_week, int(tree.at("declarations.dsn.trial_days_max", perf.start)))


def dpae(session: Session, tenant: Any, period: Period, at: datetime, subject: str) -> Source:
    """The DPAE of a stored performance: its contract, the employer's hour of hiring and occupational
    health service (employer facts ``hiring_hour`` HH:MM and ``health_service``)."""
    import uuid

    from partage.core.billing.models import Member
    from partage.core.payroll.models import Performance, WorkerProfile
    from partage.plugins.fr.declarations.inputs import Hiring

    problems = Problems()
    boss, contact = employer(session, tenant, problems)
    try:
        perf = session.get(Performance, uuid.UUID(subject)) if subject else None
    except ValueError:
        perf = None
    if perf is None:
        problems.add("performance", f"a DPAE needs the performance it declares (got {subject!r})")
        problems.raise_if_any()
    facts = rows.employer_facts(session)
    problems.require(bool(re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", str(facts.get("hiring_hour") or ""))),
                     "payroll_settings.employer.hiring_hour", "missing or not HH:MM")
    problems.require(bool(facts.get("health_service")), "payroll_settings.employer.health_service", "missing")
    problems.require(period.contains(perf.start), "period", f"the performance starts {perf.start}, outside {period}")
    member = session.get(Member, perf.member_id)
    profile = session.query(WorkerProfile).filter_by(member_id=perf.member_id).one_or_none()
    slip = rows.StoredSlip(None, member, profile, perf)
    who = person(problems, slip)
    problems.raise_if_any()
    tree = registry().get("fr").declarations.parameters.tree()
    hour, _, minute = str(facts["hiring_hour"]).partition(":")
    starts = datetime(perf.start.year, perf.start.month, perf.start.day, int(hour), int(minute),
                      tzinfo=ZoneInfo("Europe/Paris"))
    data = Hiring(boss, who, contract(slip, tree), starts, trial_days(tree, perf), at, str(facts["health_service"]),
                  contact)
    return Source(data)
