"""The monthly DSN built from a paid run of the demo (20 members): the dictionary-built validator,
the blocks the usage table requires, one identifier per person, contracts coded from the
performances, remuneration types, complementary pension, CTP aggregation and the payslips' totals."""
from __future__ import annotations

import csv
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from partage.core.declarations import InvalidDeclarationInput, Period
from partage.core.declarations import store
from tests.corpora import corpus
from partage.core.payroll.models import PayslipRecord, Performance, WorkerProfile
from partage.core.payroll.service import run_for_slug
from partage.core.tenancy import bind_tenant
from partage.plugins.fr.declarations.dsn import ENCODING, check_dsn
from partage.plugins.fr.declarations.dsn_reconcile import blocks, cents
from partage.tenants.demo_payroll import seed_payroll
from partage.tenants.demo_people import BIRTHPLACES
from tests.declarations.stored import (AT, FR_FACTS, MARCH as MARCH_DAY, drop_employer_facts, employer_facts,
                                       paid_run, tenant)

MARCH = Period.parse("2026-03")
REQUIRED = ("S10.G00.00", "S10.G00.01", "S10.G00.02", "S20.G00.05", "S21.G00.06", "S21.G00.11", "S21.G00.20",
            "S21.G00.22", "S21.G00.23", "S21.G00.30", "S21.G00.40", "S21.G00.50", "S21.G00.51", "S21.G00.71",
            "S21.G00.78", "S21.G00.79", "S21.G00.81", "S90.G00.90")


def labels(rubric: str) -> dict[str, str]:
    """The code list of a rubric in the P26V01 dictionary (../shared/schemas/fr/dsn/csv-CT2026)."""
    folder = corpus("schemas", "fr", "dsn", "csv-CT2026")
    block, number = rubric.rsplit(".", 1)
    with (folder / "Fields.csv").open(encoding="utf-8") as f:
        kind = next(r["DataType Id"] for r in csv.DictReader(f) if r["Block Id"] == block and r["Id"] == number)
    with (folder / "Data_Types.csv").open(encoding="utf-8") as f:
        values = next(r["Values"] for r in csv.DictReader(f) if r["Id"] == kind)
    return dict(part.split("=", 1) for part in values.split(";") if "=" in part)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A French tenant with the demo's 20 members (one of them cadre) and March paid."""
    from partage.core.db import Database
    from partage.core.migrate import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('dsn') / 'partage.db'}"
    upgrade(url)
    db = Database(url)
    tenant_id, slug = tenant(db, "fr", "demo-fr-dsn")
    seed_payroll(db, tenant_id, "fr", 20, MARCH_DAY)
    with bind_tenant(tenant_id), db.session() as s:
        s.scalars(select(WorkerProfile).order_by(WorkerProfile.id)).first().profile = {
            **s.scalars(select(WorkerProfile).order_by(WorkerProfile.id)).first().profile, "cadre": True}
    employer_facts(db, tenant_id, **FR_FACTS)
    run_for_slug(db, slug, MARCH_DAY, approve=True, paid=True)
    record = store.generate(db, tenant_id, "dsn", MARCH, AT)
    with bind_tenant(tenant_id), db.session() as s:
        slips = list(s.scalars(select(PayslipRecord)))
        perfs = {p.id: p for p in s.scalars(select(Performance))}
        profiles = {p.member_id: p for p in s.scalars(select(WorkerProfile))}
    yield record, blocks(record.content.decode(ENCODING)), slips, perfs, profiles
    db.dispose()


def test_the_dsn_passes_the_dictionary_validator_with_every_required_block(demo):
    record, found, *_ = demo
    assert record.status == "validated", record.problems
    assert check_dsn(record.content.decode(ENCODING), MARCH) == []
    assert [b for b in REQUIRED if not found.get(b)] == []
    assert found["S10.G00.00"][0]["006"] == "P26V01"


def test_one_distinct_identifier_per_person(demo):
    _, found, slips, _, profiles = demo
    people = found["S21.G00.30"]
    assert len(people) == len({s.member_id for s in slips}) == 20
    assert len({p["019"] for p in people}) == 20 and len({p["001"] for p in people}) == 20
    assert {p["001"] for p in people} == {p.national_number[:13] for p in profiles.values()}


def test_place_of_birth_is_the_commune_the_nir_names(demo):
    _, found, *_ = demo
    for person in found["S21.G00.30"]:
        assert person["007"] == BIRTHPLACES[person["001"][5:10]]      # INSEE code -> commune name
        assert person["014"] == person["001"][5:7] and person["015"] == "FR"


def test_contracts_are_coded_from_the_performances(demo):
    _, found, _, perfs, _ = demo
    natures, reasons = labels("S21.G00.40.007"), labels("S21.G00.40.021")
    by_start = Counter((p.start.strftime("%d%m%Y"), p.end.strftime("%d%m%Y"), p.kind) for p in perfs.values())
    declared = Counter()
    for contract in found["S21.G00.40"]:
        assert natures[contract["007"]].startswith("Contrat de travail à durée déterminée")   # CDD
        kind = "artist" if "usage" in reasons[contract["021"]] else None
        assert kind == "artist" or reasons[contract["021"]].startswith("Accroissement temporaire")
        assert contract["017"] == FR_FACTS["idcc"] != "9999"                                  # collective agreement
        declared[(contract["001"], contract["010"], kind)] += 1
    expected = Counter((s, e, "artist" if k == "artist" else None) for (s, e, k), n in by_start.items()
                       for _ in range(n))
    assert declared == expected
    assert len(found["S21.G00.71"]) == len(found["S21.G00.40"])                  # one per contract (1..*)
    assert {b["002"] for b in found["S21.G00.71"]} == {"RUAA"}


def test_remuneration_types_per_contract(demo):
    _, found, slips, *_ = demo
    types = Counter(b["011"] for b in found["S21.G00.51"])
    assert types == {"001": len(slips), "002": len(slips), "003": len(slips), "010": len(slips)}
    gross = sum(cents(b["013"]) for b in found["S21.G00.51"] if b["011"] == "001")
    assert gross == sum(int(s.gross * 100) for s in slips)


def test_ctp_lines_are_aggregated_per_code_and_base_qualifier(demo):
    _, found, *_ = demo
    keys = [(b["001"], b["002"]) for b in found["S21.G00.23"]]
    assert len(keys) == len(set(keys))
    assert ("100", "921") in keys and ("100", "920") in keys and ("260", "920") in keys
    assert len(found["S21.G00.23"]) < 15


def test_totals_equal_the_payslips_to_the_cent(demo):
    _, found, slips, *_ = demo
    due = cents(found["S21.G00.22"][0]["005"])
    assert due == sum(cents(b["005"]) for b in found["S21.G00.23"]) == cents(found["S21.G00.20"][0]["005"])
    assert due == sum(cents(b["004"]) for b in found["S21.G00.81"] if b.get("002"))
    lines = [line for s in slips for line in s.lines]
    outside = ("withholding_tax", "construction_effort", "csa")  # S21.G00.50 / not a DSN contribution / S21.G00.82
    assert sum(cents(b["004"]) for b in found["S21.G00.81"]) == sum(int(line[2]) for line in lines
                                                                     if line[0] not in outside)
    # the CSA is an establishment contribution: S21.G00.82.002 code 079 in the P26V01 code list
    assert any(line[0] == "csa" for line in lines)                # the demo employer has 250+ staff
    assert "CSA" in labels("S21.G00.82.002")["079"]
    assert sum(cents(b["001"]) for b in found.get("S21.G00.82", []) if b["002"] == "079") == sum(
        int(line[2]) for line in lines if line[0] == "csa")
    assert sum(cents(b["009"]) for b in found["S21.G00.50"]) == sum(int(s.withholding_tax * 100) for s in slips)
    assert sum(cents(b["004"]) for b in found["S21.G00.50"]) == sum(int(s.net_to_pay * 100) for s in slips)


def test_the_provident_base_carries_its_component(demo):
    _, found, *_ = demo
    assert {b["001"] for b in found["S21.G00.79"]} == {"11"}          # tranche A under base 31 (CCH-12)
    assert any(b["001"] == "31" for b in found["S21.G00.78"])


def test_dsn_names_the_missing_employer_facts_and_stores_nothing(sqlite_db):
    tenant_id, _ = paid_run(sqlite_db, "fr", members=2)
    drop_employer_facts(sqlite_db, tenant_id, "urssaf_id", "naf")
    employer_facts(sqlite_db, tenant_id, nic="00074")
    with pytest.raises(InvalidDeclarationInput) as caught:
        store.generate(sqlite_db, tenant_id, "dsn", MARCH, AT)
    fields = {e.field for e in caught.value.errors}
    assert {"payroll_settings.employer.urssaf_id", "payroll_settings.employer.naf"} <= fields
    assert store.listing(sqlite_db, tenant_id) == []


def test_a_person_without_a_place_of_birth_is_named(sqlite_db):
    tenant_id, _ = paid_run(sqlite_db, "fr", members=2)
    employer_facts(sqlite_db, tenant_id, **FR_FACTS)
    with bind_tenant(tenant_id), sqlite_db.session() as s:
        profile = s.scalars(select(WorkerProfile)).first()
        profile.profile = {k: v for k, v in profile.profile.items() if k != "birthplace"}
    with pytest.raises(InvalidDeclarationInput, match=r"profile\.birthplace"):
        store.generate(sqlite_db, tenant_id, "dsn", MARCH, AT)


def test_dpae_from_a_stored_performance(sqlite_db):
    """The DPAE signalement of a performance before it starts: the validator's nature-10 column, the
    start and hour, the contract coded as in the DSN, and the trial period of art. L1242-10 (one day
    per full week, at most 14)."""
    from datetime import datetime, timezone

    from partage.plugins.fr.declarations.dpae import DpaeDeclaration  # noqa: F401 (the generator under test)
    from partage.plugins.fr.declarations.dsn_dictionary import load
    from partage.plugins.fr.declarations.dsn_validate import validate

    tenant_id, _ = paid_run(sqlite_db, "fr", members=3)
    employer_facts(sqlite_db, tenant_id, **FR_FACTS, hiring_hour="08:30", health_service="SPST75001")
    with bind_tenant(tenant_id), sqlite_db.session() as s:
        perf = s.scalars(select(Performance).order_by(Performance.start)).first()
    before = datetime(perf.start.year, perf.start.month, perf.start.day, tzinfo=timezone.utc) - timedelta(days=1)
    record = store.generate(sqlite_db, tenant_id, "dpae", Period.month(perf.start.year, perf.start.month), before,
                            str(perf.id))
    text = record.content.decode(ENCODING)
    assert record.status == "validated" and validate(text, load("P26V01")) == []
    contract = blocks(text)["S21.G00.40"][0]
    weeks = ((perf.end - perf.start).days + 1) // 7
    assert (contract["001"], contract["083"], contract["082"]) == (perf.start.strftime("%d%m%Y"), "0830",
                                                                   str(min(weeks, 14)))
    assert blocks(text)["S20.G00.05"][0]["001"] == "10"


def test_dpae_without_the_hiring_hour_is_named(sqlite_db):
    from datetime import datetime, timezone

    tenant_id, _ = paid_run(sqlite_db, "fr", members=2)
    employer_facts(sqlite_db, tenant_id, **FR_FACTS)
    with bind_tenant(tenant_id), sqlite_db.session() as s:
        perf = s.scalars(select(Performance)).first()
    with pytest.raises(InvalidDeclarationInput) as caught:
        store.generate(sqlite_db, tenant_id, "dpae", Period.month(perf.start.year, perf.start.month),
                       datetime(2026, 2, 27, tzinfo=timezone.utc), str(perf.id))
    assert {"payroll_settings.employer.hiring_hour", "payroll_settings.employer.health_service"} <= {
        e.field for e in caught.value.errors}
