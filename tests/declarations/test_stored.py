"""Declarations built from stored rows: schema, sums against the rows, refusals, lifecycle, isolation."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from lxml import etree
from sqlalchemy import func, select

from partage.core.audit.models import AuditEvent
from partage.core.billing.models import CreditNote, Invoice
from partage.core.declarations import InvalidDeclarationInput, Period
from partage.core.declarations import store
from partage.core.declarations.models import DeclarationEvent, DeclarationRecord
from partage.core.declarations.submission import FileSubmission
from partage.core.declarations.xml import xsd_problems
from partage.core.errors import NotFound
from partage.core.payroll.models import Performance, PayslipRecord, WorkerProfile
from partage.core.tenancy import bind_tenant
from partage.tenants.demo_billing import seed_billing
from tests.declarations.stored import AT, BE_DECLARANT, employer_facts, paid_run, tenant

Q1 = Period.parse("2026-Q1")


def count(db, tenant_id, model=DeclarationRecord) -> int:
    with bind_tenant(tenant_id), db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_dmfa_from_a_paid_run_validates_and_equals_the_payslips(sqlite_db, dmfa_xsd):
    tenant_id, _ = paid_run(sqlite_db)
    record = store.generate(sqlite_db, tenant_id, "dmfa", Q1, AT)
    assert record.status == "validated" and record.problems == []
    assert xsd_problems(record.content, dmfa_xsd) == []
    root = etree.fromstring(record.content)
    declared = sum(int(x) for x in root.xpath("//RemunAmount/text() | //StudentRemunAmount/text()"))
    with bind_tenant(tenant_id), sqlite_db.session() as s:
        slips = list(s.scalars(select(PayslipRecord).where(PayslipRecord.status == "computed")))
        niss = set(s.scalars(select(WorkerProfile.national_number)))
    assert declared == sum(int(slip.gross * 100) for slip in slips)
    assert set(root.xpath("//NaturalPerson/INSS/text()")) <= niss


def test_dimona_from_a_stored_performance_validates(sqlite_db, dimona_xsd):
    tenant_id, _ = paid_run(sqlite_db, members=3)
    with bind_tenant(tenant_id), sqlite_db.session() as s:
        perfs = list(s.scalars(select(Performance)))
    for perf in perfs:
        before = datetime.combine(perf.start, datetime.min.time(), timezone.utc).replace(hour=6)
        record = store.generate(sqlite_db, tenant_id, "dimona", Period.month(perf.start.year, perf.start.month),
                                before, str(perf.id))
        assert record.status == "validated", record.problems
        assert xsd_problems(record.content, dimona_xsd) == []
        worker_type = etree.fromstring(record.content).xpath("//WorkerType/text()")
        assert worker_type == (["STU"] if perf.kind == "student" else ["OTH"])


def test_a_member_without_national_number_is_named_and_nothing_is_stored(sqlite_db):
    tenant_id, _ = paid_run(sqlite_db, members=3)
    with bind_tenant(tenant_id), sqlite_db.session() as s:
        profile = s.scalars(select(WorkerProfile)).first()
        profile.national_number, member = None, profile.member_id
    with pytest.raises(InvalidDeclarationInput) as caught:
        store.generate(sqlite_db, tenant_id, "dmfa", Q1, AT)
    fields = [e.field for e in caught.value.errors]
    assert any("national_number" in f and str(member) in f for f in fields)
    assert count(sqlite_db, tenant_id) == 0 and count(sqlite_db, tenant_id, DeclarationEvent) == 0


def test_a_quarter_with_an_open_run_is_refused(sqlite_db):
    tenant_id, _ = paid_run(sqlite_db, members=2, approve=False)
    with pytest.raises(InvalidDeclarationInput, match="open_runs") as caught:
        store.generate(sqlite_db, tenant_id, "dmfa", Q1, AT)
    assert "2026-03" in str(caught.value.errors)
    assert count(sqlite_db, tenant_id) == 0


@pytest.mark.parametrize("country, kind", [("be", "vat"), ("fr", "ca3")])
def test_vat_returns_equal_the_invoices_minus_credit_notes(sqlite_db, country, kind):
    tenant_id, slug = tenant(sqlite_db, country, f"demo-{country}")
    seed_billing(sqlite_db, slug, 3, today=date(2026, 3, 28))
    if country == "be":
        employer_facts(sqlite_db, tenant_id, **BE_DECLARANT)
    record = store.generate(sqlite_db, tenant_id, kind, Period.parse("2026-03"), AT)
    assert record.status == "validated", record.problems
    with bind_tenant(tenant_id), sqlite_db.session() as s:
        vat = [sum(int(d.total_vat * 100) for d in s.scalars(select(m).where(
            m.status != "draft", m.issue_date >= date(2026, 3, 1), m.issue_date <= date(2026, 3, 31))))
            for m in (Invoice, CreditNote)]
    assert vat[0] > 0
    if kind == "vat":
        assert (record.summary.get("grid_54", 0), record.summary.get("grid_64", 0)) == tuple(vat)
    else:
        import json
        assert round(float(json.loads(record.content)["totals"]["16"]) * 100) == vat[0] - vat[1]


def test_lifecycle_and_versions(sqlite_db, tmp_path):
    tenant_id, _ = paid_run(sqlite_db, members=2)
    first = store.generate(sqlite_db, tenant_id, "dmfa", Q1, AT)
    sent = store.submit(sqlite_db, tenant_id, first.id, FileSubmission(tmp_path), AT)
    assert sent.status == "submitted" and (tmp_path / "dmfa" / "2026-Q1" / "dmfa-2026-Q1.xml.receipt.json").exists()
    done = store.answer(sqlite_db, tenant_id, first.id, True, AT, "accepted by ONSS")
    steps = [(e.position, e.event, e.status) for e in store.events(sqlite_db, tenant_id, first.id)]
    assert steps == [(1, "generate", "generated"), (2, "validate", "validated"), (3, "submit", "submitted"),
                     (4, "accept", "accepted")] and done.receipt == sent.receipt
    with bind_tenant(tenant_id), sqlite_db.session() as s:
        audited = list(s.scalars(select(AuditEvent.action).where(AuditEvent.subject == f"declaration:{first.id}")
                                 .order_by(AuditEvent.seq)))
    assert audited == ["declaration.validated", "declaration.submitted", "declaration.accepted"]
    second = store.generate(sqlite_db, tenant_id, "dmfa", Q1, AT.replace(hour=11))
    assert second.version == 2 and second.id != first.id
    kept = {r.version: (r.status, r.sha256) for r in store.listing(sqlite_db, tenant_id)}
    assert kept[1] == ("accepted", first.sha256) and kept[2][0] == "validated"
    with pytest.raises(Exception, match="cannot accept"):
        store.answer(sqlite_db, tenant_id, second.id, True, AT)
    store.submit(sqlite_db, tenant_id, second.id, FileSubmission(tmp_path / "again"), AT)
    assert store.answer(sqlite_db, tenant_id, second.id, False, AT, "error 0042").status == "rejected"


def test_declarations_are_isolated_per_tenant(db):
    from tests.conftest import create_tenant

    owner, _ = tenant(db, "be")
    other = create_tenant(db)
    with bind_tenant(owner), db.session() as s:
        record = DeclarationRecord(declaration_type="vat", period="2026-03", subject="", version=1,
                                   status="validated", filename="vat.xml", media_type="application/xml",
                                   sha256="0" * 64, content=b"<x/>", summary={}, problems=[])
        s.add(record)
        s.flush()
        record_id = record.id
    assert len(store.listing(db, owner)) == 1 and store.listing(db, other) == []
    with pytest.raises(NotFound):
        store.answer(db, other, record_id, True, AT)


def _eu_services(db, tenant_id, first: date, last: date) -> tuple[int, int]:
    """(bases to clients in another EU country, bases to Belgian clients) of the reverse-charge rows
    of the invoices issued in [first, last], read from the stored invoices and clients."""
    from partage.core.billing.models import Client

    with bind_tenant(tenant_id), db.session() as s:
        countries = dict(s.execute(select(Client.id, Client.country)).all())
        rows = [(countries[i.client_id], r) for i in s.scalars(select(Invoice).where(
            Invoice.status != "draft", Invoice.issue_date >= first, Invoice.issue_date <= last))
            for r in i.vat_breakdown if r["category"] == "AE"]
    return (sum(r["base"] for c, r in rows if c not in ("BE",)), sum(r["base"] for c, r in rows if c == "BE"))


def test_demo_eu_services_land_in_grid_44_and_the_file_validates(sqlite_db):
    """The demo's Berlin client buys services under reverse charge: grid 44, never 45 (issue 20)."""
    from partage.plugins.be.declarations.vat import xsd

    tenant_id, slug = tenant(sqlite_db, "be", "demo-be-vat")
    seed_billing(sqlite_db, slug, 12, today=date(2026, 3, 28))
    employer_facts(sqlite_db, tenant_id, **BE_DECLARANT, vat_periodicity="quarter")
    eu, domestic = _eu_services(sqlite_db, tenant_id, date(2026, 1, 1), date(2026, 3, 31))
    assert eu > 0                                              # the demo has such invoices in Q1
    record = store.generate(sqlite_db, tenant_id, "vat", Q1, AT)
    assert record.status == "validated", record.problems
    assert xsd_problems(record.content, xsd()) == []
    assert record.summary.get("grid_44", 0) == eu and record.summary.get("grid_45", 0) == domestic


def test_a_tenant_files_one_periodicity(sqlite_db):
    tenant_id, slug = tenant(sqlite_db, "be", "demo-be-period")
    employer_facts(sqlite_db, tenant_id, **BE_DECLARANT)            # monthly: the default
    with pytest.raises(InvalidDeclarationInput, match="period"):
        store.generate(sqlite_db, tenant_id, "vat", Q1, AT)
    assert store.generate(sqlite_db, tenant_id, "vat", Period.parse("2026-03"), AT).status == "validated"
    employer_facts(sqlite_db, tenant_id, vat_periodicity="quarter")
    with pytest.raises(InvalidDeclarationInput, match="period"):
        store.generate(sqlite_db, tenant_id, "vat", Period.parse("2026-02"), AT)


def test_a_vat_return_without_the_declarant_contact_names_the_fields(sqlite_db):
    tenant_id, _ = tenant(sqlite_db, "be", "demo-be-contact")
    with pytest.raises(InvalidDeclarationInput) as caught:
        store.generate(sqlite_db, tenant_id, "vat", Period.parse("2026-03"), AT)
    fields = {e.field for e in caught.value.errors}
    assert {"payroll_settings.employer.street", "payroll_settings.employer.email",
            "payroll_settings.employer.phone"} <= fields
    assert count(sqlite_db, tenant_id) == 0


def _perfs(db, tenant_id) -> list[Performance]:
    with bind_tenant(tenant_id), db.session() as s:
        return list(s.scalars(select(Performance).order_by(Performance.start, Performance.id)))


def _dimona(db, tenant_id, perf, action: str = ""):
    at = datetime.combine(perf.start, datetime.min.time(), timezone.utc).replace(hour=6)
    subject = f"{perf.id}:{action}" if action else str(perf.id)
    return store.generate(db, tenant_id, "dimona", Period.month(perf.start.year, perf.start.month), at, subject)


def test_dimona_in_carries_the_ending_date_the_performance_implies(sqlite_db, dimona_xsd):
    """Glossary zone 00911: the IN of a one-day performance ends on its start; a fixed-term one on its end."""
    tenant_id, _ = paid_run(sqlite_db, members=6)
    with bind_tenant(tenant_id), sqlite_db.session() as s:
        perfs = list(s.scalars(select(Performance).order_by(Performance.start)))
        perfs[0].end = perfs[0].start                                 # a one-day performance
    for perf in _perfs(sqlite_db, tenant_id):
        record = _dimona(sqlite_db, tenant_id, perf)
        assert record.status == "validated", record.problems
        root = etree.fromstring(record.content)
        assert root.xpath("//DimonaIn/StartingDate/text()") == [perf.start.isoformat()]
        assert root.xpath("//DimonaIn/EndingDate/text()") == [perf.end.isoformat()]
        assert root.xpath("//JointCommissionNbr/text()") == ["XXX"]   # PC 200 is not in the DIMONA list
        hours = root.xpath("//PlannedHoursNbr/text()")
        assert hours == ([str(int(perf.hours))] if perf.kind == "student" else [])


@pytest.mark.parametrize("action, element", [("out", "DimonaOut"), ("update", "DimonaUpdate"),
                                             ("cancel", "DimonaCancel")])
def test_out_update_cancel_from_a_stored_performance(sqlite_db, dimona_xsd, action, element):
    tenant_id, _ = paid_run(sqlite_db, members=2)
    perf = _perfs(sqlite_db, tenant_id)[0]
    with bind_tenant(tenant_id), sqlite_db.session() as s:
        s.get(Performance, perf.id).declaration_ref = "123456789012"   # the period id ONSS returned
    record = _dimona(sqlite_db, tenant_id, perf, action)
    assert record.status == "validated", record.problems
    assert xsd_problems(record.content, dimona_xsd) == []
    root = etree.fromstring(record.content)
    assert root.xpath(f"//{element}/DimonaPeriodId/text()") == ["123456789012"]
    if action != "cancel":
        assert root.xpath(f"//{element}/EndingDate/text()") == [perf.end.isoformat()]
    assert record.subject == f"{perf.id}:{action}" and record.summary["action"] == action


def test_an_out_without_the_period_id_names_it(sqlite_db):
    tenant_id, _ = paid_run(sqlite_db, members=2)
    perf = _perfs(sqlite_db, tenant_id)[0]
    with bind_tenant(tenant_id), sqlite_db.session() as s:
        s.get(Performance, perf.id).declaration_ref = None
    with pytest.raises(InvalidDeclarationInput, match=rf"performances\[{perf.id}\].declaration_ref"):
        _dimona(sqlite_db, tenant_id, perf, "out")
    with pytest.raises(InvalidDeclarationInput, match="subject"):
        _dimona(sqlite_db, tenant_id, perf, "undo")


def test_the_two_belgian_demo_tenants_declare_distinct_onss_numbers(sqlite_db):
    from partage.tenants.demo_payroll import seed_payroll

    numbers = set()
    for slug in ("smart-be", "coop-lumen"):
        tenant_id, _ = tenant(sqlite_db, "be", f"{slug}-x")
        seed_payroll(sqlite_db, tenant_id, "be", 1, date(2026, 3, 1), slug=slug)
        perf = _perfs(sqlite_db, tenant_id)[0]
        numbers |= set(etree.fromstring(_dimona(sqlite_db, tenant_id, perf).content).xpath(
            "//NOSSRegistrationNbr/text()"))
    assert len(numbers) == 2


def test_belcotax_from_a_paid_year_validates_and_equals_the_payslips(sqlite_db):
    """281.10 fiches from the year's stored payslips: the official XSD, one fiche per worker, the
    remuneration, withholding tax and special contribution equal to the payslips' lines, to the cent."""
    from partage.plugins.be.declarations.belcotax import xsd

    tenant_id, _ = paid_run(sqlite_db, members=6)
    employer_facts(sqlite_db, tenant_id, **BE_DECLARANT)
    record = store.generate(sqlite_db, tenant_id, "belcotax", Period.parse("2026"), AT)
    assert record.status == "validated", record.problems
    assert xsd_problems(record.content, xsd()) == []
    root = etree.fromstring(record.content)
    with bind_tenant(tenant_id), sqlite_db.session() as s:
        slips = list(s.scalars(select(PayslipRecord).where(PayslipRecord.status == "computed")))
        profiles = {p.national_number: p for p in s.scalars(select(WorkerProfile))}
    line = lambda code: sum(int(x[2]) for slip in slips for x in slip.lines if x[0] == code)  # noqa: E731
    zone = lambda name: sum(int(x) for x in root.xpath(f"//Fiche28110/{name}/text()"))  # noqa: E731
    assert zone("f10_2060_gewonebezoldiginge") == zone("f10_2062_totaal") == line("taxable")
    assert zone("f10_2074_bedrijfsvoorheffing") == sum(int(s.withholding_tax * 100) for s in slips)
    assert zone("f10_2075_bijzonderbijdrage") == abs(line("special_social_security"))
    fiches = root.findall(".//Fiche28110")
    assert len(fiches) == len({s.member_id for s in slips})
    for f in fiches:
        home = profiles[f.findtext("f2011_nationaalnr")]
        assert (f.findtext("f2015_adres"), f.findtext("f2016_postcodebelgisch"), f.findtext("f2017_gemeente")) == (
            home.street, home.postcode, home.city)
        assert int(f.findtext("f10_2059_totaalcontrole")) == sum(int(z.text) for z in f if z.tag.startswith("f10_20")
                                                                 and 2060 <= int(z.tag[4:8]) <= 2088)
    assert int(root.findtext(".//r8012_controletotaal")) == sum(int(f.findtext("f10_2059_totaalcontrole"))
                                                                for f in fiches)


def test_belcotax_of_a_month_is_refused(sqlite_db):
    tenant_id, _ = paid_run(sqlite_db, members=2)
    employer_facts(sqlite_db, tenant_id, **BE_DECLARANT)
    with pytest.raises(InvalidDeclarationInput, match="period"):
        store.generate(sqlite_db, tenant_id, "belcotax", Period.parse("2026-03"), AT)
