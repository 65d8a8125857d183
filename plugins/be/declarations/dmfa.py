"""DmfA (quarterly multifunctional declaration) from the quarter's payslips, per DmfAOriginal_20223.xsd.

Payslips are grouped by person (INSS), then worker record (employer class, worker code), then
occupation (equal terms); services and remunerations are summed by code, contributions by
(worker code, type). Amounts are integer euro-cents, as the DmfA writes them.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from partage.core.declarations import GeneratedFile
from partage.core.declarations.xml import leaf, node, to_bytes, xsd_problems
from partage.plugins.be.declarations.dmfa_checks import check_quarter
from partage.plugins.be.declarations.dmfa_inputs import DmfaPayslip, DmfaQuarter, Occupation
from partage.plugins.be.resources import RESOURCES

XSD = "DmfAOriginal_20223.xsd"


def sum_by(items: Iterable[Any], key: Any, *fields: str) -> dict[Any, tuple[int, ...]]:
    """Totals of ``fields`` per ``key(item)``, in first-seen order."""
    totals: dict[Any, list[int]] = {}
    for item in items:
        row = totals.setdefault(key(item), [0] * len(fields))
        for i, name in enumerate(fields):
            row[i] += getattr(item, name) or 0
    return {k: tuple(v) for k, v in totals.items()}


def occupation_element(seq: int, terms: Occupation, slips: list[DmfaPayslip]):
    services = sum_by((s for p in slips for s in p.services), lambda s: s.code, "days", "hours")
    remuns = sum_by((r for p in slips for r in p.remunerations), lambda r: r.code, "cents")
    return node(
        "Occupation", leaf("OccupationSequenceNbr", seq),
        leaf("OccupationStartingDate", terms.start and terms.start.isoformat()),
        leaf("OccupationEndingDate", terms.end and terms.end.isoformat()),
        leaf("JointCommissionNbr", terms.joint_commission), leaf("WorkingDaysSystem", terms.working_days_system),
        leaf("ContractType", terms.contract_type), leaf("RefMeanWorkingHours", terms.reference_hours),
        leaf("MeanWorkingHours", terms.mean_hours), leaf("Retired", terms.retired),
        [node("Service", leaf("ServiceSequenceNbr", i), leaf("ServiceCode", code), leaf("ServiceNbrDays", days),
              leaf("ServiceNbrHours", hours or None))
         for i, (code, (days, hours)) in enumerate(services.items(), 1)],
        [node("Remun", leaf("RemunSequenceNbr", i), leaf("RemunCode", code), leaf("RemunAmount", cents))
         for i, (code, (cents,)) in enumerate(remuns.items(), 1) if cents])


def contributions(slips: list[DmfaPayslip]):
    rows = sum_by((c for p in slips for c in p.contributions), lambda c: (c.worker_code, c.type), "basis", "amount")
    return [node("WorkerContribution", leaf("ContributionWorkerCode", code), leaf("ContributionType", kind),
                 leaf("ContributionCalculationBasis", basis), leaf("ContributionAmount", amount))
            for (code, kind), (basis, amount) in rows.items()]


def ordinary_record(slips: list[DmfaPayslip], bonus_code: str) -> list:
    by_terms: dict[Occupation, list[DmfaPayslip]] = defaultdict(list)
    for slip in slips:
        by_terms[slip.occupation].append(slip)  # type: ignore[index]
    bonus = sum(s.work_bonus for s in slips)
    deduction = node("WorkerDeduction", leaf("DeductionCode", bonus_code), leaf("DeductionAmount", bonus)) if bonus else None
    return [[occupation_element(i, terms, group) for i, (terms, group) in enumerate(by_terms.items(), 1)],
            contributions(slips), deduction]


def student_record(slips: list[DmfaPayslip]) -> list:
    totals = sum_by((s.student for s in slips), lambda s: 0, "remuneration", "contribution", "hours")[0]
    return [node("StudentContribution", leaf("StudentRemunAmount", totals[0]),
                 leaf("StudentContributionAmount", totals[1]), leaf("StudentHoursNbr", totals[2]))]


def worker_records(data: DmfaQuarter, slips: list[DmfaPayslip], bonus_code: str):
    groups: dict[tuple[str, str, bool], list[DmfaPayslip]] = defaultdict(list)
    for slip in slips:
        groups[(slip.employer_class, slip.worker_code, slip.student is not None)].append(slip)
    for (employer_class, worker_code, is_student), group in sorted(groups.items()):
        body = student_record(group) if is_student else ordinary_record(group, bonus_code)
        yield node("WorkerRecord", leaf("EmployerClass", employer_class), leaf("WorkerCode", worker_code),
                   leaf("NOSSQuarterStartingDate", data.quarter.start.isoformat()),
                   leaf("NOSSQuarterEndingDate", data.quarter.end.isoformat()), leaf("Border", 0), *body)


def natural_persons(data: DmfaQuarter, bonus_code: str):
    people: dict[str, list[DmfaPayslip]] = defaultdict(list)
    for slip in data.payslips:
        people[slip.worker.niss].append(slip)
    for seq, niss in enumerate(sorted(people), 1):
        yield node("NaturalPerson", leaf("NaturalPersonSequenceNbr", seq), leaf("INSS", niss),
                   list(worker_records(data, people[niss], bonus_code)))


def net_owed(data: DmfaQuarter) -> int:
    return sum(s.contribution_cents() - s.work_bonus for s in data.payslips)


def document(data: DmfaQuarter, bonus_code: str):
    created, quarter = data.created_at, data.quarter
    declaration = node("EmployerDeclaration", leaf("Quarter", f"{quarter.year}{quarter.number}"),
                       leaf("NOSSRegistrationNbr", data.employer.noss_number), leaf("Trusteeship", 0),
                       leaf("CompanyID", data.employer.company_number), leaf("NetOwedAmount", net_owed(data)),
                       list(natural_persons(data, bonus_code)))
    form = node("Form", leaf("Identification", "DMFA"), leaf("FormCreationDate", created.date().isoformat()),
                leaf("FormCreationHour", created.strftime("%H:%M:%S.") + f"{created.microsecond // 1000:03d}"),
                leaf("AttestationStatus", 0), leaf("TypeForm", "SU"), declaration)
    return node("DmfAOriginal", form)


class DmfaDeclaration:
    """`DeclarationType` for the DmfA; ``tree`` is the Belgian parameter tree."""

    code = "dmfa"
    periodicity = "quarter"

    def __init__(self, tree: Any) -> None:
        self.tree = tree

    def generate(self, data: DmfaQuarter) -> GeneratedFile:
        check_quarter(data)
        bonus_code = self.tree.at("declarations.dmfa.work_bonus_deduction_code", data.quarter.end)
        content = to_bytes(document(data, bonus_code))
        summary = {"people": len({s.worker.niss for s in data.payslips}), "payslips": len(data.payslips),
                   "remuneration_cents": sum(s.remuneration_cents() for s in data.payslips),
                   "net_owed_cents": net_owed(data)}
        return GeneratedFile(self.code, data.quarter, f"dmfa-{data.quarter}.xml", content, "application/xml", summary)

    def check(self, generated: GeneratedFile) -> list[str]:
        return xsd_problems(generated.content, RESOURCES.path("onss-dmfa", XSD))
