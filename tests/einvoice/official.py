"""The official unit-test sets (VEFA validator format) under the shared e-invoice folder.

Each ``testSet`` file holds ``test`` elements; a test's ``assert`` lists expectations and the test embeds
one document. ``<success>R</success>``: rule R does not fire; ``<error>R</error>``: R fires as fatal;
``<warning>R</warning>``: R fires as a warning; ``number="N"``: it fires exactly N times.
The testSet's ``configuration`` says which rules apply (tc434-*: EN 16931; peppolbis-*: Peppol BIS 3.0).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from partage.core.einvoice import engine, paths
from partage.core.einvoice.engine import RulesRuntimeError
from partage.core.einvoice.report import Finding
from partage.core.einvoice.schematron import SCH

UNIT_GLOBS = ("en16931/test/*/*.xml", "peppol/unit-*/*.xml")


@dataclass(frozen=True)
class Expectation:
    kind: str            # success, error, warning
    rule: str
    number: int | None


@dataclass(frozen=True)
class Case:
    name: str            # relative file path # test index
    configuration: str
    expectations: tuple[Expectation, ...]
    document: bytes

    @property
    def schematrons(self) -> tuple[str, ...]:
        cii = self.configuration.endswith("cii")
        if self.configuration.startswith("tc434"):
            return (paths.CII_EN16931 if cii else paths.UBL_EN16931,)
        return paths.CII_PEPPOL if cii else paths.UBL_PEPPOL


def unit_files(root: Path) -> list[Path]:
    return sorted(p for pattern in UNIT_GLOBS for p in root.glob(pattern)
                  if etree.QName(etree.parse(str(p)).getroot()).localname == "testSet")


def cases(root: Path) -> list[Case]:
    return [case for path in unit_files(root) for case in file_cases(root, path)]


def file_cases(root: Path, path: Path) -> list[Case]:
    test_set = etree.parse(str(path)).getroot()
    configuration = test_set.get("configuration", "")
    found = []
    for index, test in enumerate(test_set.iterfind("{*}test"), start=1):
        expect = tuple(Expectation(etree.QName(el).localname, (el.text or "").strip(),
                                   int(el.get("number")) if el.get("number") else None)
                       for el in test.find("{*}assert")
                       if etree.QName(el).localname in ("success", "error", "warning"))
        body = [el for el in test if isinstance(el.tag, str) and etree.QName(el).localname != "assert"]
        document = etree.tostring(body[0], encoding="utf-8")
        found.append(Case(f"{path.relative_to(root)}#{index}", configuration, expect, document))
    return found


@lru_cache(maxsize=None)
def rule_ids(sch: Path) -> frozenset[str]:
    """The assert/report ids a Schematron file defines."""
    return frozenset(el.get("id") for el in etree.parse(str(sch)).iter(f"{{{SCH}}}assert", f"{{{SCH}}}report"))


def run_case(case: Case) -> list[str]:
    """Run the case's rule files on its document; return the disagreements (empty: as expected).

    Each file runs on its own, as the official validator does: a dynamic error raised by one file's
    rules (several bundled CEN rules fail on deliberately partial documents) only affects expectations
    about that file's rules.
    """
    node = engine.parse(case.document.decode("utf-8"))
    findings: list[Finding] = []
    broken: dict[str, str] = {}
    for sch in case.schematrons:
        path = paths.artifact(sch)
        try:
            findings += engine.run(engine.schematron_executable(path), node)
        except RulesRuntimeError as exc:
            broken.update({rule: str(exc) for rule in rule_ids(path)})
    return [f"{problem}: rules raised {broken[exp.rule]}" if exp.rule in broken else problem
            for exp, problem in disagreements(case, findings)]


def disagreements(case: Case, findings: list[Finding]) -> list[tuple[Expectation, str]]:
    """The expectations the findings do not meet, with what happened."""
    fired = Counter((f.rule_id, "warning" if f.flag == "warning" else "error") for f in findings)
    problems = []
    for exp in case.expectations:
        count = fired[(exp.rule, "error")] + fired[(exp.rule, "warning")]
        if exp.kind == "success":
            ok = count == 0
        else:
            count = fired[(exp.rule, exp.kind)]
            ok = count == exp.number if exp.number is not None else count > 0
        if not ok:
            problems.append((exp, f"{exp.kind} {exp.rule}{f' x{exp.number}' if exp.number else ''}: fired {count}"))
    return problems
