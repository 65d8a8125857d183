"""DmfA: validates against the official XSD; totals reconcile with the payslips to the cent."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from partage.core.declarations import InvalidDeclarationInput, ReconciliationFailed
from partage.core.declarations.xml import xsd_problems
from partage.plugins.be.declarations.dmfa import DmfaDeclaration
from partage.plugins.be.declarations.dmfa_reconcile import reconcile_dmfa
from partage.plugins.be.declarations.inputs import Employer, Worker
from tests.declarations.dmfa_data import FEB, Q1, payslips, quarter, slip


def test_demo_quarter_validates_against_the_official_xsd(be_tree, employer, dmfa_xsd):
    generated = DmfaDeclaration(be_tree).generate(quarter(employer))
    assert xsd_problems(generated.content, dmfa_xsd) == []
    assert DmfaDeclaration(be_tree).check(generated) == []


def test_demo_quarter_reconciles_to_the_cent(be_tree, employer):
    slips = payslips()
    generated = DmfaDeclaration(be_tree).generate(quarter(employer))
    result = reconcile_dmfa(generated, slips)
    assert result.ok, result.mismatches()
    root = etree.fromstring(generated.content)
    gross = sum(r.cents for s in slips for r in s.remunerations) + sum(s.student.remuneration for s in slips if s.student)
    assert sum(int(x) for x in root.xpath("//RemunAmount/text() | //StudentRemunAmount/text()")) == gross


def test_structure_follows_the_published_layout(be_tree, employer):
    root = etree.fromstring(DmfaDeclaration(be_tree).generate(quarter(employer)).content)
    assert root.findtext(".//Quarter") == "20251"
    assert len(root.findall(".//NaturalPerson")) == 3
    deduction = root.find(".//WorkerDeduction")
    assert deduction.findtext("DeductionCode") == "0001"   # work bonus (belgium.md 2.2)
    assert root.find(".//StudentContribution/StudentHoursNbr").text == "30"
    assert all(r.findtext("NOSSQuarterStartingDate") == "2025-01-01" for r in root.iter("WorkerRecord"))


def test_a_tampered_file_does_not_reconcile(be_tree, employer):
    generated = DmfaDeclaration(be_tree).generate(quarter(employer))
    altered = replace(generated, content=generated.content.replace(b"<RemunAmount>61250<", b"<RemunAmount>61251<", 1))
    with pytest.raises(ReconciliationFailed, match="remuneration"):
        reconcile_dmfa(altered, payslips()).raise_if_mismatch()


@pytest.mark.parametrize("changes, field", [
    ({"open_runs": ("2025-03 run #4",)}, "open_runs"),
    ({"payslips": ()}, "payslips"),
])
def test_quarter_level_errors(be_tree, employer, changes, field):
    with pytest.raises(InvalidDeclarationInput) as exc:
        DmfaDeclaration(be_tree).generate(replace(quarter(employer), **changes))
    assert field in {e.field for e in exc.value.errors}


@pytest.mark.parametrize("bad, field", [
    (lambda s: replace(s, worker=Worker("")), "payslips[0].worker.niss"),
    (lambda s: replace(s, month=date(2025, 4, 1)), "payslips[0].month"),
    (lambda s: replace(s, occupation=None), "payslips[0].occupation"),
    (lambda s: replace(s, worker_code="49"), "payslips[0].worker_code"),
    (lambda s: replace(s, services=()), "payslips[0].services"),
    (lambda s: replace(s, work_bonus=-1), "payslips[0].work_bonus"),
    (lambda s: replace(s, work_bonus=10**7), "payslips[0].work_bonus"),
])
def test_bad_payslip_is_named_and_nothing_is_produced(be_tree, employer, bad, field):
    slips = list(payslips())
    slips[0] = bad(slips[0])
    with pytest.raises(InvalidDeclarationInput) as exc:
        DmfaDeclaration(be_tree).generate(quarter(employer, slips))
    assert field in {e.field for e in exc.value.errors}


def test_float_amounts_are_refused(be_tree, employer):
    slips = list(payslips())
    slips[1] = replace(slips[1], work_bonus=12.5)
    with pytest.raises(InvalidDeclarationInput, match="integer cents"):
        DmfaDeclaration(be_tree).generate(quarter(employer, slips))


cents = st.integers(min_value=0, max_value=2_000_000)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["85073003328", "17073003384", "98472899765"]),
                          st.integers(1, 3), cents, st.integers(1, 23), cents, cents), min_size=1, max_size=8))
def test_any_quarter_validates_and_reconciles(be_tree, dmfa_xsd, rows):
    employer = Employer("197200032", "0403019261")
    slips = [slip(f"p{i}", niss, date(2025, month, 1), "495", FEB, gross, days, days * 760, onss, min(bonus, onss))
             for i, (niss, month, gross, days, onss, bonus) in enumerate(rows)]
    generated = DmfaDeclaration(be_tree).generate(quarter(employer, slips))
    assert xsd_problems(generated.content, dmfa_xsd) == []
    assert reconcile_dmfa(generated, slips).ok
    assert generated.period == Q1
