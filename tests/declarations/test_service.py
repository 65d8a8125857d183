"""Generate -> check -> reconcile -> validate -> submit, on a real DmfA and on a faulty generator."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from partage.core.declarations import (Declaration, FileSubmission, GeneratedFile, IllegalTransition,
                               InvalidDeclarationInput, Period, Status)
from partage.core.declarations.service import produce, submit
from partage.plugins.be.declarations.dmfa import DmfaDeclaration
from partage.plugins.be.declarations.dmfa_reconcile import reconcile_dmfa
from tests.declarations.dmfa_data import payslips, quarter

AT = datetime(2025, 4, 14, 10, 0)


def test_dmfa_is_validated_then_submitted(be_tree, employer, tmp_path):
    draft = Declaration("dmfa", Period.parse("2025-Q1"))
    produced = produce(draft, DmfaDeclaration(be_tree), quarter(employer), AT,
                       lambda g: reconcile_dmfa(g, payslips()))
    assert produced.valid and produced.declaration.status is Status.VALIDATED
    sent = submit(produced.declaration, produced.generated, FileSubmission(tmp_path), AT)
    assert sent.status is Status.SUBMITTED and sent.receipt.startswith("dmfa-2025-Q1-")
    assert (tmp_path / "dmfa" / "2025-Q1" / "dmfa-2025-Q1.xml").exists()


class Faulty:
    code, periodicity = "dmfa", "quarter"

    def generate(self, data):
        return GeneratedFile("dmfa", Period.parse("2025-Q1"), "x.xml", b"<x/>", "application/xml")

    def check(self, generated):
        return ["line 1: Element 'x': No matching global declaration available"]


def test_a_file_the_schema_refuses_goes_back_to_draft(tmp_path):
    produced = produce(Declaration("dmfa", Period.parse("2025-Q1")), Faulty(), None, AT)
    assert produced.declaration.status is Status.DRAFT and not produced.valid
    assert "No matching global declaration" in produced.declaration.history[-1].note
    with pytest.raises(IllegalTransition):
        submit(produced.declaration, produced.generated, FileSubmission(tmp_path), AT)
    assert not any(tmp_path.iterdir())   # nothing was sent


def test_a_mismatch_blocks_validation(be_tree, employer):
    wrong = list(payslips())
    wrong[0] = replace(wrong[0], work_bonus=wrong[0].work_bonus + 1)
    produced = produce(Declaration("dmfa", Period.parse("2025-Q1")), DmfaDeclaration(be_tree), quarter(employer), AT,
                       lambda g: reconcile_dmfa(g, wrong))
    assert produced.declaration.status is Status.DRAFT
    assert any("work bonus" in p for p in produced.problems)


def test_bad_input_leaves_the_declaration_untouched(be_tree, employer):
    draft = Declaration("dmfa", Period.parse("2025-Q1"))
    with pytest.raises(InvalidDeclarationInput, match="open_runs"):
        produce(draft, DmfaDeclaration(be_tree), quarter(employer, open_runs=("run 7",)), AT)
    assert draft.status is Status.DRAFT and draft.history == ()


def test_only_the_validated_file_is_submitted(be_tree, employer, tmp_path):
    produced = produce(Declaration("dmfa", Period.parse("2025-Q1")), DmfaDeclaration(be_tree), quarter(employer), AT)
    other = replace(produced.generated, content=produced.generated.content + b" ")
    with pytest.raises(IllegalTransition, match="not the validated one"):
        submit(produced.declaration, other, FileSubmission(tmp_path), AT)
