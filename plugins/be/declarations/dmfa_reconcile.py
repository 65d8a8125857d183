"""Proof that a produced DmfA declares exactly the quarter's payslips, to the cent.

The totals are read back from the XML file (not from the generator's memory) and compared with
sums over the input payslips: overall, and per person (INSS).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from lxml import etree

from partage.core.declarations import Check, GeneratedFile, Reconciliation, reconcile
from partage.plugins.be.declarations.dmfa_inputs import DmfaPayslip


def _sum(element: "etree._Element", path: str) -> int:
    return sum(int(text) for text in element.xpath(f"{path}/text()"))


def declared_by_person(root: "etree._Element") -> dict[str, tuple[int, int, int]]:
    """(remuneration, contributions, deductions) in cents per INSS, read from the file."""
    found = {}
    for person in root.iter("NaturalPerson"):
        niss = person.findtext("INSS")
        remun = _sum(person, ".//RemunAmount") + _sum(person, ".//StudentRemunAmount")
        contrib = _sum(person, ".//ContributionAmount") + _sum(person, ".//StudentContributionAmount")
        found[niss] = (remun, contrib, _sum(person, ".//DeductionAmount"))
    return found


def expected_by_person(payslips: Iterable[DmfaPayslip]) -> dict[str, tuple[int, int, int]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for slip in payslips:
        row = totals[slip.worker.niss]
        row[0] += slip.remuneration_cents()
        row[1] += slip.contribution_cents()
        row[2] += slip.work_bonus
    return {k: tuple(v) for k, v in totals.items()}


def reconcile_dmfa(generated: GeneratedFile, payslips: Iterable[DmfaPayslip]) -> Reconciliation:
    payslips = list(payslips)
    root = etree.fromstring(generated.content)
    declared, expected = declared_by_person(root), expected_by_person(payslips)
    checks = [Check("people", len(declared), len(expected))]
    names = ("remuneration", "contributions", "work bonus deduction")
    for i, name in enumerate(names):
        checks.append(Check(f"total {name}", sum(v[i] for v in declared.values()), sum(v[i] for v in expected.values())))
    for niss in sorted(expected):
        got = declared.get(niss, (0, 0, 0))
        checks.extend(Check(f"{niss} {name}", got[i], expected[niss][i]) for i, name in enumerate(names))
    net = int(root.findtext(".//NetOwedAmount") or 0)
    checks.append(Check("NetOwedAmount", net, sum(s.contribution_cents() - s.work_bonus for s in payslips)))
    return reconcile(checks)
