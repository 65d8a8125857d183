"""DIMONA (immediate employment declaration): IN, OUT, UPDATE and CANCEL, as XML of Dimona_20231.xsd.

Input checks run first and raise `InvalidDeclarationInput` naming each bad field; only a clean
input is turned into XML, which the `check` step validates against the official XSD.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from partage.core.declarations import GeneratedFile, Period, Problems
from partage.core.declarations.xml import leaf, node, to_bytes, xsd_problems
from partage.plugins.be.declarations import checks
from partage.plugins.be.declarations.inputs import (DimonaCancel, DimonaIn, DimonaOut, DimonaRequest,
                                            DimonaUpdate, Employer)
from partage.plugins.be.resources import RESOURCES

XSD = "Dimona_20231.xsd"
PREFIX = "declarations.dimona"


class DimonaRules:
    """The DIMONA codes in force on a date (dated YAML, `declarations/dimona.yaml`)."""

    def __init__(self, tree: Any, on: date) -> None:
        self.worker_types = tuple(tree.at(f"{PREFIX}.worker_types", on).split())
        self.joint_commissions = tuple(tree.at(f"{PREFIX}.joint_commissions", on).split())
        self.end_date_required = tuple(tree.at(f"{PREFIX}.end_date_required", on).split())
        self.end_equals_start = tuple(tree.at(f"{PREFIX}.end_equals_start", on).split())
        self.end_same_quarter = tuple(tree.at(f"{PREFIX}.end_same_quarter", on).split())
        self.planned_hours = tuple(tree.at(f"{PREFIX}.planned_hours_required", on).split())


def quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3


def check_end(problems: Problems, action: DimonaIn, rules: DimonaRules) -> None:
    """EndingDate rules of the glossary (zone 00911) for the worker type."""
    kind, end = action.worker_type, action.end
    if kind in rules.end_date_required and end is None:
        problems.add("end", f"worker type {kind} needs the end date with the start")
    if end is None:
        return
    if kind in rules.end_equals_start and end != action.start:
        problems.add("end", f"worker type {kind} is declared for one day: end must equal start")
    if kind in rules.end_same_quarter and quarter(end) != quarter(action.start):
        problems.add("end", f"worker type {kind}: the end must fall in the quarter of the start")


def check_hours(problems: Problems, kind: str, hours: int | None, rules: DimonaRules) -> None:
    """PlannedHoursNbr (zone 01135): mandatory for some worker types, forbidden for the others."""
    if kind in rules.planned_hours and hours is None:
        problems.add("planned_hours", f"worker type {kind} needs the planned hours")
    elif kind not in rules.planned_hours and hours is not None:
        problems.add("planned_hours", f"worker type {kind} may not carry planned hours")


def check_in(problems: Problems, action: DimonaIn, rules: DimonaRules, created: datetime) -> None:
    checks.check_niss(problems, "worker.niss", action.worker.niss)
    if action.worker_type not in rules.worker_types:
        problems.add("worker_type", f"{action.worker_type!r} is not a DIMONA worker type "
                                    f"({', '.join(rules.worker_types)})")
    if action.joint_commission is None:
        problems.add("joint_commission", "an employer's DIMONA IN names the joint committee (zone 00046; XXX: "
                                         "none of those DIMONA lists)")
    elif action.joint_commission not in rules.joint_commissions:
        problems.add("joint_commission", f"{action.joint_commission!r} is not accepted by DIMONA "
                                         f"({', '.join(rules.joint_commissions)})")
    check_end(problems, action, rules)
    check_hours(problems, action.worker_type, action.planned_hours, rules)
    checks.check_order(problems, "end", action.start, action.end)
    if created.date() > action.start:
        problems.add("start", f"a DIMONA IN is due at the latest when work starts ({action.start.isoformat()})")
    checks.check_hour(problems, "start_hour", action.start_hour)
    checks.check_hour(problems, "end_hour", action.end_hour)
    checks.check_range(problems, "planned_hours", action.planned_hours, 1, 999)


def check_action(problems: Problems, action: Any, rules: DimonaRules, created: datetime) -> None:
    if isinstance(action, DimonaIn):
        return check_in(problems, action, rules, created)
    checks.check_period_id(problems, "period_id", action.period_id)
    checks.check_niss(problems, "niss", action.niss, required=False)
    if isinstance(action, DimonaUpdate):
        checks.check_order(problems, "end", action.start, action.end)
        checks.check_hour(problems, "start_hour", action.start_hour)
        checks.check_hour(problems, "end_hour", action.end_hour)
        checks.check_range(problems, "planned_hours", action.planned_hours, 1, 999)
        changes = (action.start, action.end, action.start_hour, action.end_hour, action.planned_hours)
        problems.require(any(v is not None for v in changes), "action", "an UPDATE changes nothing")


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def employer_id(employer: Employer):
    return node("EmployerId", leaf("NOSSRegistrationNbr", employer.noss_number),
                leaf("CompanyID", employer.company_number))


def natural_person(action: DimonaIn):
    worker = action.worker
    return node("NaturalPerson", leaf("INSS", worker.niss), leaf("WorkerName", worker.last_name or None),
                leaf("WorkerFirstName", worker.first_name or None), leaf("WorkerBirthdate", iso(worker.birthdate)))


def dimona_in(action: DimonaIn, employer: Employer):
    features = node("DimonaFeatures", leaf("JointCommissionNbr", action.joint_commission),
                    leaf("WorkerType", action.worker_type))
    return node("DimonaIn", leaf("StartingDate", iso(action.start)), leaf("StartingHour", action.start_hour),
                leaf("EndingDate", iso(action.end)), leaf("EndingHour", action.end_hour),
                leaf("PlannedHoursNbr", action.planned_hours), employer_id(employer),
                natural_person(action), features)


def action_element(action: Any, employer: Employer):
    if isinstance(action, DimonaIn):
        return dimona_in(action, employer)
    if isinstance(action, DimonaOut):
        return node("DimonaOut", leaf("DimonaPeriodId", action.period_id), leaf("EndingDate", iso(action.end)),
                    leaf("INSS", action.niss), employer_id(employer))
    if isinstance(action, DimonaUpdate):
        return node("DimonaUpdate", leaf("DimonaPeriodId", action.period_id), leaf("StartingDate", iso(action.start)),
                    leaf("StartingHour", action.start_hour), leaf("EndingDate", iso(action.end)),
                    leaf("EndingHour", action.end_hour), leaf("INSS", action.niss),
                    leaf("PlannedHoursNbr", action.planned_hours), employer_id(employer))
    return node("DimonaCancel", leaf("DimonaPeriodId", action.period_id), leaf("INSS", action.niss),
                employer_id(employer))


def form(request: DimonaRequest):
    created = request.created_at
    return node("Form", leaf("Identification", "DIMONA"), leaf("FormCreationDate", created.date().isoformat()),
                leaf("FormCreationHour", created.strftime("%H:%M:%S.") + f"{created.microsecond // 1000:03d}"),
                leaf("AttestationStatus", 0), leaf("TypeForm", "SU"),
                action_element(request.action, request.employer))


KINDS = {DimonaIn: "in", DimonaOut: "out", DimonaUpdate: "update", DimonaCancel: "cancel"}


class DimonaDeclaration:
    """`DeclarationType` for DIMONA; ``tree`` is the Belgian parameter tree."""

    code = "dimona"
    periodicity = "event"

    def __init__(self, tree: Any) -> None:
        self.tree = tree

    def generate(self, data: DimonaRequest) -> GeneratedFile:
        action = data.action
        on = action.start if isinstance(action, DimonaIn) else data.created_at.date()
        problems = Problems()
        if type(action) not in KINDS:
            problems.add("action", f"unknown DIMONA action {type(action).__name__}")
            problems.raise_if_any()
        checks.check_employer(problems, data.employer)
        check_action(problems, action, DimonaRules(self.tree, on), data.created_at)
        problems.raise_if_any()
        kind = KINDS[type(action)]
        stamp = data.created_at.strftime("%Y%m%dT%H%M%S")
        return GeneratedFile(self.code, Period.month(on.year, on.month), f"dimona-{kind}-{stamp}.xml",
                             to_bytes(node("Dimona", form(data))), "application/xml", {"action": kind})

    def check(self, generated: GeneratedFile) -> list[str]:
        return xsd_problems(generated.content, RESOURCES.path("onss-dimona", XSD))
