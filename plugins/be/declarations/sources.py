"""Stored rows -> Belgian generator inputs (DIMONA, DmfA, VAT return): the country-specific mapping.

`build(session, tenant, type, period, at, subject)` is called by `core.declarations.store` inside
a tenant-bound transaction; it raises `InvalidDeclarationInput` naming every missing field.
"""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from lxml import etree
from sqlalchemy.orm import Session

from partage.core.billing.models import Member
from partage.core.declarations import Check, Period, Problems, reconcile
from partage.core.declarations import rows
from partage.core.declarations.types import Source
from partage.core.money import to_cents
from partage.core.payroll.models import Performance, WorkerProfile
from partage.core.plugins import registry
from partage.plugins.be.declarations.dimona import DimonaRequest
from partage.plugins.be.declarations.dmfa_inputs import DmfaQuarter, Occupation
from partage.plugins.be.declarations.dmfa_reconcile import declared_by_person, reconcile_dmfa
from partage.plugins.be.declarations.belcotax import BelcotaxYear, reconcile_belcotax
from partage.plugins.be.declarations.from_payslip import DmfaCodes, dmfa_payslip, year_payslip
from partage.plugins.be.declarations.inputs import DimonaCancel, DimonaIn, DimonaOut, DimonaUpdate, Employer, Worker
from partage.plugins.be.declarations.vat import VatPeriod, reconcile_vat
from partage.plugins.be.declarations.vat_xml import grids_of

# DmfA worker code (zone 00037) and DIMONA worker type of each performance kind.
WORKER_CODES = {"employee": "495", "artist": "495", "worker": "015", "student": "840"}
DIMONA_TYPES = {"student": "STU"}
DAY_HOURS = 760  # hundredths of hours of a working day of a 38-hour week


def tree() -> Any:
    return registry().get("be").declarations.parameters.tree()


def employer(session: Session, tenant: Any, problems: Problems, social: bool = True) -> Employer:
    facts = rows.employer_facts(session)
    noss = str(facts.get("onss_number") or "")
    problems.require(bool(noss) or not social, "payroll_settings.employer.onss_number", "missing: the ONSS registration number")
    company = "".join(ch for ch in (tenant.company_number or "") if ch.isdigit())
    problems.require(bool(company), "tenant.company_number", "missing: the enterprise (KBO/BCE) number")
    return Employer(noss, company, tenant.legal_name, tenant.vat_number or "", country="BE")


def worker(problems: Problems, slip: rows.StoredSlip) -> Worker:
    niss = rows.national_number(problems, slip)
    return Worker(niss, slip.member.last_name, slip.member.first_name,
                  slip.profile.birth_date if slip.profile else None)


def _dmfa_slip(problems: Problems, slip: rows.StoredSlip, codes: DmfaCodes, joint_commission: str):
    perf = slip.performance
    code = WORKER_CODES.get(perf.kind)
    if not problems.require(code is not None, f"performances[{perf.id}].kind", f"{perf.kind!r} has no DmfA worker code"):
        return None
    days = perf.days or 1
    student = perf.kind == "student"
    hours = int(perf.hours or 0) if student else days * DAY_HOURS
    occupation = None if student else Occupation(joint_commission, perf.start, perf.end)
    return dmfa_payslip(rows.payslip(slip.record), str(slip.record.id), worker(problems, slip), code, codes,
                        occupation=occupation, days=days, hours=hours, student=student)


def _remuneration_check(payslip_gross: int):
    def check(generated):
        declared = sum(r for r, _, _ in declared_by_person(etree.fromstring(generated.content)).values())
        return reconcile([Check("remuneration vs payslips.gross", declared, payslip_gross)])
    return check


def dmfa(session: Session, tenant: Any, period: Period, at: datetime) -> Source:
    problems = Problems()
    boss = employer(session, tenant, problems)
    runs = rows.runs_of(session, period)
    stored = rows.stored_slips(session, runs)
    codes = DmfaCodes.from_tree(tree(), period.end)
    joint = str(rows.employer_facts(session).get("joint_commission", "200"))
    slips = [_dmfa_slip(problems, slip, codes, joint) for slip in stored]
    if rows.open_runs(runs):
        problems.add("open_runs", f"payroll runs of {period} not approved or paid: {', '.join(rows.open_runs(runs))}")
    problems.raise_if_any()
    data = DmfaQuarter(boss, period, tuple(slips), at)
    gross = sum(to_cents(slip.record.gross) for slip in stored)
    return Source(data, lambda g: _both(reconcile_dmfa(g, data.payslips), _remuneration_check(gross)(g)))


def _both(first, second):
    return reconcile(first.checks + second.checks)


DECLARANT = ("street", "postcode", "city", "email", "phone")


def declarant(session: Session, tenant: Any, problems: Problems) -> Employer:
    """The VAT declarant: the tenant's numbers, its address and contact from the employer facts."""
    facts = rows.employer_facts(session)
    for name in DECLARANT:
        problems.require(bool(facts.get(name)), f"payroll_settings.employer.{name}",
                         "missing: the VAT declarant's address and contact")
    problems.require(bool(tenant.vat_number), "tenant.vat_number", "missing: the VAT number")
    boss = employer(session, tenant, problems, social=False)
    return Employer(boss.noss_number, boss.company_number, boss.name, boss.vat_number,
                    *(str(facts.get(name) or "") for name in DECLARANT[:3]), "BE",
                    *(str(facts.get(name) or "") for name in DECLARANT[3:]))


def vat_periodicity(session: Session, on) -> str:
    """``month`` or ``quarter``: the tenant's (employer fact ``vat_periodicity``), else the default."""
    chosen = rows.employer_facts(session).get("vat_periodicity")
    return str(chosen or tree().at("declarations.vat.periodicity_default", on))


def vat(session: Session, tenant: Any, period: Period, at: datetime) -> Source:
    problems = Problems()
    boss = declarant(session, tenant, problems)
    problems.raise_if_any()
    invoices = rows.issued_vat(session, period)
    totals = rows.issued_totals(session, period)
    data = VatPeriod(boss, period, invoices, at, periodicity=vat_periodicity(session, period.end))
    return Source(data, lambda g: _both(reconcile_vat(g, invoices), _vat_totals(g, totals)))


def _vat_totals(generated, totals: tuple[int, int, int, int]):
    grids = grids_of(etree.fromstring(generated.content))
    sales = sum(v for k, v in grids.items() if k in ("00", "01", "02", "03", "44", "45", "46", "47"))
    return reconcile([Check("sales grids vs invoices.total_net", sales, totals[0]),
                      Check("grid 54 vs invoices.total_vat", grids.get("54", 0), totals[1]),
                      Check("grids 48 + 49 vs credit_notes.total_net", grids.get("48", 0) + grids.get("49", 0),
                            totals[2]),
                      Check("grid 64 vs credit_notes.total_vat", grids.get("64", 0), totals[3])])


DIMONA_ACTIONS = ("in", "out", "update", "cancel")


def dimona_subject(subject: str) -> tuple[str, str]:
    """``<performance id>[:in|out|update|cancel]`` -> (performance id, action); IN by default."""
    perf_id, _, action = subject.partition(":")
    return perf_id, action or "in"


def _performance(session: Session, problems: Problems, perf_id: str) -> Performance | None:
    try:
        perf = session.get(Performance, uuid.UUID(perf_id)) if perf_id else None
    except ValueError:
        perf = None
    if perf is None:
        problems.add("performance", f"a DIMONA needs the performance it declares (got {perf_id!r})")
        problems.raise_if_any()
    return perf


def dimona_period_id(problems: Problems, perf: Performance) -> str:
    """The DimonaPeriodId ONSS returned for the IN, stored as the performance's declaration reference."""
    digits = "".join(ch for ch in (perf.declaration_ref or "") if ch.isdigit())
    problems.require(bool(digits), f"performances[{perf.id}].declaration_ref",
                     "missing: the DIMONA period id returned for the IN (OUT, UPDATE and CANCEL refer to it)")
    return digits


def joint_commission(session: Session, on) -> str:
    """The employer's joint committee if DIMONA lists it (zone 00046), else XXX."""
    chosen = str(rows.employer_facts(session).get("joint_commission", ""))
    listed = tree().at("declarations.dimona.joint_commissions", on).split()
    return chosen if chosen in listed else "XXX"


def dimona_action(session: Session, problems: Problems, perf: Performance, who: Worker, action: str):
    """The DIMONA action of a stored performance: IN with its dates (a one-day performance ends on
    its start), OUT on its last day, UPDATE to its current dates, CANCEL of its period."""
    kind = DIMONA_TYPES.get(perf.kind, "OTH")
    hours = int(perf.hours) if perf.hours and kind in tree().at("declarations.dimona.planned_hours_required",
                                                                 perf.start).split() else None
    if action == "in":
        return DimonaIn(who, kind, perf.start, perf.end, planned_hours=hours,
                        joint_commission=joint_commission(session, perf.start))
    period_id = dimona_period_id(problems, perf)
    if action == "out":
        return DimonaOut(period_id, perf.end, who.niss)
    if action == "update":
        return DimonaUpdate(period_id, perf.start, perf.end, planned_hours=hours, niss=who.niss)
    return DimonaCancel(period_id, who.niss)


def dimona(session: Session, tenant: Any, period: Period, at: datetime, subject: str) -> Source:
    problems = Problems()
    boss = employer(session, tenant, problems)
    perf_id, action = dimona_subject(subject)
    if action not in DIMONA_ACTIONS:
        problems.add("subject", f"{action!r} is not a DIMONA action ({', '.join(DIMONA_ACTIONS)})")
        problems.raise_if_any()
    perf = _performance(session, problems, perf_id)
    member = session.get(Member, perf.member_id)
    profile = session.query(WorkerProfile).filter_by(member_id=perf.member_id).one_or_none()
    who = worker(problems, rows.StoredSlip(None, member, profile, perf))
    problems.require(period.contains(perf.start), "period", f"the performance starts {perf.start}, outside {period}")
    declared = dimona_action(session, problems, perf, who, action)
    problems.raise_if_any()
    return Source(DimonaRequest(boss, declared, at))


CIVIL_STATUS = {"single": "1", "married_two_incomes": "2", "married_one_income": "2"}   # 281.10 zone 2.19


def _year_slip(problems: Problems, slip: rows.StoredSlip, language: str):
    profile, perf = slip.profile, slip.performance
    for name in ("street", "postcode", "city"):
        problems.require(bool(profile is not None and getattr(profile, name)), f"worker_profiles[{slip.who}].{name}",
                         "missing: the beneficiary's home address (281.10 zones 2.15-2.17)")
    extra = (profile.profile or {}) if profile is not None else {}
    return year_payslip(rows.payslip(slip.record), worker(problems, slip), getattr(profile, "street", "") or "",
                        getattr(profile, "postcode", "") or "", employed_from=perf.start, employed_until=perf.end,
                        city=getattr(profile, "city", "") or "", country=getattr(profile, "country", None) or "BE",
                        civil_status=CIVIL_STATUS.get(extra.get("family"), "0"), children=int(extra.get("children") or 0),
                        language=slip.member.language or language)


def belcotax(session: Session, tenant: Any, period: Period, at: datetime) -> Source:
    problems = Problems()
    problems.require(period.kind == "year", "period", "Belcotax 281.10 fiches are yearly (e.g. 2026)")
    boss = declarant(session, tenant, problems)
    problems.require(bool(boss.noss_number), "payroll_settings.employer.onss_number", "missing")
    runs = rows.runs_of(session, period)
    stored = rows.stored_slips(session, runs)
    language = (tenant.locales or ["fr"])[0]
    slips = tuple(_year_slip(problems, slip, language) for slip in stored)
    if rows.open_runs(runs):
        problems.add("open_runs", f"payroll runs of {period} not approved or paid: {', '.join(rows.open_runs(runs))}")
    problems.raise_if_any()
    data = BelcotaxYear(boss, period.year, slips, at, tenant.legal_name[:34], language=language)
    withheld = sum(to_cents(slip.record.withholding_tax) for slip in stored)
    return Source(data, lambda g: _both(reconcile_belcotax(g, slips), _withheld(g, withheld)))


def _withheld(generated, withheld: int):
    declared = sum(int(x) for x in etree.fromstring(generated.content).xpath("//f10_2074_bedrijfsvoorheffing/text()"))
    return reconcile([Check("f10_2074 vs payslips.withholding_tax", declared, withheld)])


def build(session: Session, tenant: Any, kind: str, period: Period, at: datetime, subject: str = "") -> Source:
    if kind == "dmfa":
        return dmfa(session, tenant, period, at)
    if kind == "vat":
        return vat(session, tenant, period, at)
    if kind == "dimona":
        return dimona(session, tenant, period, at, subject)
    if kind == "belcotax":
        return belcotax(session, tenant, period, at)
    problems = Problems()
    problems.add("type", f"{kind!r} cannot be built from stored data in Belgium (dmfa, vat, dimona, belcotax)")
    problems.raise_if_any()
