"""Country-neutral engine: periods, lifecycle state machine, deadlines and warnings, file submission."""
from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from partage.core.declarations import (Declaration, DeadlineRule, Due, Event, FileSubmission, GeneratedFile,
                               IllegalTransition, Period, Status, deadline, transition, warnings)
from partage.core.declarations.calendar import shift_to_working_day
from partage.core.errors import ValidationFailed

AT = datetime(2025, 4, 1, 12, 0)


@pytest.mark.parametrize("text, start, end", [
    ("2025-03", date(2025, 3, 1), date(2025, 3, 31)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2025-Q2", date(2025, 4, 1), date(2025, 6, 30)),
    ("2025q4", date(2025, 10, 1), date(2025, 12, 31)),
    ("2025", date(2025, 1, 1), date(2025, 12, 31)),
])
def test_periods(text, start, end):
    period = Period.parse(text)
    assert (period.start, period.end) == (start, end)
    assert Period.parse(str(period)) == period


@pytest.mark.parametrize("text", ["2025-13", "2025-Q5", "25-01", "March"])
def test_bad_period_names_the_field(text):
    with pytest.raises(ValidationFailed, match="period"):
        Period.parse(text)


def test_the_happy_path_and_its_history():
    d = Declaration("dmfa", Period.parse("2025-Q1"))
    for event in (Event.GENERATE, Event.VALIDATE, Event.SUBMIT, Event.ACCEPT):
        d = transition(d, event, AT)
    assert d.status is Status.ACCEPTED
    assert [s.status for s in d.history] == [Status.GENERATED, Status.VALIDATED, Status.SUBMITTED, Status.ACCEPTED]
    assert d.allowed() == ()


def test_rejected_declaration_is_corrected_and_resubmitted():
    d = Declaration("dsn", Period.parse("2026-01"), Status.SUBMITTED)
    d = transition(d, Event.REJECT, AT, "S21.G00.30.001 invalid")
    d = transition(d, Event.GENERATE, AT, content_sha256="abc")
    assert d.status is Status.GENERATED and d.content_sha256 == "abc"
    assert d.history[0].note == "S21.G00.30.001 invalid"


def test_failed_validation_goes_back_to_draft():
    d = transition(transition(Declaration("dimona", Period.parse("2025-03")), Event.GENERATE, AT), Event.INVALIDATE, AT)
    assert d.status is Status.DRAFT


@pytest.mark.parametrize("status, event", [
    (Status.DRAFT, Event.SUBMIT), (Status.DRAFT, Event.VALIDATE), (Status.GENERATED, Event.SUBMIT),
    (Status.VALIDATED, Event.ACCEPT), (Status.ACCEPTED, Event.GENERATE), (Status.SUBMITTED, Event.GENERATE),
])
def test_illegal_transitions_are_refused(status, event):
    d = Declaration("vat", Period.parse("2025-03"), status)
    with pytest.raises(IllegalTransition, match=f"cannot {event.value}"):
        transition(d, event, AT)


def test_deadline_rules():
    end_of_next_month = DeadlineRule(1, None)
    assert deadline(end_of_next_month, Period.parse("2025-Q4")) == date(2026, 1, 31)
    assert deadline(DeadlineRule(1, 31), Period.parse("2025-01")) == date(2025, 2, 28)
    assert deadline(DeadlineRule(1, 15, True), Period.parse("2025-02")) == date(2025, 3, 17)  # 15 March 2025: Saturday
    assert shift_to_working_day(date(2025, 8, 15), lambda y: frozenset({date(y, 8, 15)})) == date(2025, 8, 18)


def test_overdue_and_due_soon_warnings():
    q1, q2 = Period.parse("2025-Q1"), Period.parse("2025-Q2")
    dues = [Due("dmfa", q1, date(2025, 4, 30)), Due("dmfa", q2, date(2025, 7, 31)), Due("vat", q2, date(2025, 7, 25))]
    statuses = {("dmfa", q1): Status.GENERATED, ("vat", q2): Status.SUBMITTED}
    found = warnings(dues, statuses, today=date(2025, 7, 28))
    assert [(w.declaration_type, w.level) for w in found] == [("dmfa", "overdue"), ("dmfa", "due_soon")]
    assert "89 day(s) overdue" in found[0].message and "3 day(s) left" in found[1].message
    assert warnings(dues, {k: Status.ACCEPTED for k in [("dmfa", q1), ("dmfa", q2), ("vat", q2)]}, date(2026, 1, 1)) == []


def test_file_submission_writes_file_and_receipt(tmp_path):
    generated = GeneratedFile("dmfa", Period.parse("2025-Q1"), "dmfa-2025-Q1.xml", b"<x/>", "application/xml",
                              {"net_owed_cents": 12})
    receipt = FileSubmission(tmp_path).submit(generated, AT)
    target = tmp_path / "dmfa" / "2025-Q1" / "dmfa-2025-Q1.xml"
    assert target.read_bytes() == b"<x/>" and receipt.sha256 == generated.sha256
    stored = json.loads((target.parent / "dmfa-2025-Q1.xml.receipt.json").read_text())
    assert stored["reference"] == receipt.reference and stored["summary"] == {"net_owed_cents": 12}
    with pytest.raises(FileExistsError):
        FileSubmission(tmp_path).submit(generated, AT)
    d = transition(Declaration("dmfa", generated.period, Status.VALIDATED), Event.SUBMIT, AT, receipt=receipt.reference)
    assert d.receipt == receipt.reference


def test_a_third_party_country_supplies_declarations_through_the_contract(sqlite_db, monkeypatch):
    """A package outside ``plugins`` (entry point ``partage.countries``) is reached by the store
    through `DeclarationRules.source`: no module name is built from the country code."""
    from importlib.metadata import EntryPoint

    from partage.core.declarations import store
    from partage.core.plugins.registry import GROUP, load_registry
    from tests.conftest import create_tenant

    found = load_registry([EntryPoint("lu", "tests.declarations.third_party:plugin", GROUP)])
    assert found.capabilities("lu") == ("declarations",)
    monkeypatch.setattr(store, "registry", lambda: found)
    tenant_id = create_tenant(sqlite_db, country="lu")
    record = store.generate(sqlite_db, tenant_id, "headcount", Period.parse("2026-03"), datetime(2026, 4, 1))
    assert (record.status, record.content) == ("validated", b"0")
