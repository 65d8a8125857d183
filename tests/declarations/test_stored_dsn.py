"""The monthly DSN built from a paid French run: structure, bordereau sums, sums against the rows."""
from __future__ import annotations

from collections import defaultdict

import pytest
from sqlalchemy import select

from core.declarations import InvalidDeclarationInput, Period
from core.declarations import store
from core.payroll.models import PayslipRecord, WorkerProfile
from core.tenancy import bind_tenant
from plugins.fr.declarations.dsn import ENCODING
from plugins.fr.declarations.dsn_check import check_dsn
from plugins.fr.declarations.dsn_reconcile import cents, rubric_rows
from tests.declarations.stored import AT, drop_employer_facts, employer_facts, paid_fr_run, paid_run

MARCH = Period.parse("2026-03")


def blocks(text: str) -> dict[str, list[dict[str, str]]]:
    """Each block occurrence as {rubric: value}, a new occurrence when a block's first rubric repeats."""
    found: dict[str, list[dict[str, str]]] = defaultdict(list)
    for block, rubric, value in rubric_rows(text):
        if not found[block] or rubric in found[block][-1]:
            found[block].append({})
        found[block][-1][rubric] = value
    return found


def test_dsn_from_a_paid_run_passes_the_structure_and_reconciles(sqlite_db):
    tenant_id, _ = paid_fr_run(sqlite_db)
    record = store.generate(sqlite_db, tenant_id, "dsn", MARCH, AT)
    assert record.status == "validated", record.problems
    text = record.content.decode(ENCODING)
    assert check_dsn(text) == []
    found = blocks(text)
    due = sum(cents(b["005"]) for b in found["S21.G00.22"])
    aggregated = sum(cents(b["005"]) for b in found["S21.G00.23"])
    individual = sum(cents(b["004"]) for b in found["S21.G00.81"] if b.get("002"))  # URSSAF ones name the OPS
    assert due == aggregated == individual
    with bind_tenant(tenant_id), sqlite_db.session() as s:
        slips = list(s.scalars(select(PayslipRecord)))
        nirs = {nir[:13] for nir in s.scalars(select(WorkerProfile.national_number))}  # DSN: NIR without key
    assert sum(cents(b["013"]) for b in found["S21.G00.51"]) == sum(int(p.gross * 100) for p in slips)
    assert sum(cents(b["009"]) for b in found["S21.G00.50"]) == sum(int(p.withholding_tax * 100) for p in slips)
    assert {b["001"] for b in found["S21.G00.30"]} <= nirs
    assert len(found["S21.G00.30"]) == len(slips)


def test_dsn_names_the_missing_employer_facts_and_stores_nothing(sqlite_db):
    tenant_id, _ = paid_run(sqlite_db, "fr", members=2)
    drop_employer_facts(sqlite_db, tenant_id, "urssaf_id", "naf")
    employer_facts(sqlite_db, tenant_id, nic="00074")
    with pytest.raises(InvalidDeclarationInput) as caught:
        store.generate(sqlite_db, tenant_id, "dsn", MARCH, AT)
    fields = {e.field for e in caught.value.errors}
    assert {"payroll_settings.employer.urssaf_id", "payroll_settings.employer.naf"} <= fields
    assert store.listing(sqlite_db, tenant_id) == []
