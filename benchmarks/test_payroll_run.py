"""Bulk payroll runs end to end, against a COPY of the same rows as the baseline.

Run: ``make bench`` or ``.venv/bin/pytest benchmarks/test_payroll_run.py --benchmark-only -s``.
Sizes: 100,000 members (PostgreSQL, SQLite) and 200,000 (Redis workers) by default; smaller with
``PARTAGE_BENCH_MEMBERS`` and ``PARTAGE_BENCH_REDIS_MEMBERS``. PostgreSQL and Redis come from the
test URLs (``PARTAGE_TEST_POSTGRES_URL``, ``..._OWNER_URL``, ``PARTAGE_TEST_REDIS_URL``; a schema of
their own, dropped afterwards). Ratios and rates are printed and stored in ``extra_info``.

The baseline is the strictest we could make it: the run's own payslip rows, read back and already
serialised (cents, text, JSON text) before the clock starts, COPYed into a bare *regular* table (no
key, index, constraint or row-level security, but written to the WAL like the real one) on
PostgreSQL, and inserted with one ``executemany`` into a bare table on SQLite.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select, text

from partage.core.db import Database
from partage.core.jobs import make_broker
from partage.core.migrate import upgrade
from partage.core.money import to_cents
from partage.core.payroll.bulk import copy_tuples, write_tuples
from partage.core.payroll.execute import default_threads, run_payroll
from partage.core.payroll.loading import load_work
from partage.core.ids import uuid7_text
from partage.core.payroll.models import DEFAULT_CHUNK_SIZE, PayrollChunk, PayrollRun, PayslipRecord
from partage.core.payroll.paying import mark_paid, sepa_file
from partage.core.payroll.runs import approve_run
from partage.core.settings import load_settings
from partage.core.tenancy import bind_tenant
from partage.tenants.demo_payroll import seed_payroll
from tests.conftest import create_tenant
from tests.payroll_runs.conftest import PERIOD, settings

ROOT = Path(__file__).resolve().parents[1]
MEMBERS = int(os.environ.get("PARTAGE_BENCH_MEMBERS", "100000"))
REDIS_MEMBERS = int(os.environ.get("PARTAGE_BENCH_REDIS_MEMBERS", "200000"))
COLUMNS = [c.name for c in PayslipRecord.__table__.columns]
MONEY = {"gross", "net", "withholding_tax", "net_to_pay", "employer_contributions", "employer_cost"}


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"set {name}")
    return value


@pytest.fixture(scope="module")
def pg() -> Database:
    """A fresh schema of the test database (dropped afterwards)."""
    owner, app = _env("PARTAGE_TEST_POSTGRES_OWNER_URL"), _env("PARTAGE_TEST_POSTGRES_URL")
    schema = f"bench_{os.getpid()}"
    _owner(owner, f'CREATE SCHEMA "{schema}"')
    upgrade(with_search_path(owner, schema), app_role="partage_app")
    db = Database(with_search_path(app, schema))
    db.url, db.owner_url = with_search_path(app, schema), with_search_path(owner, schema)
    yield db
    db.dispose()
    _owner(owner, f'DROP SCHEMA "{schema}" CASCADE')


def with_search_path(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path={schema}"


def _owner(url: str, statement: str) -> None:
    from partage.core.db import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text(statement))
    engine.dispose()


def _rows(db: Database, tenant) -> list[tuple]:
    """The run's payslip rows as ready tuples: ids as text, money in cents, lines as JSON text."""
    def ready(name, value):
        if name in MONEY:
            return to_cents(value)
        if name == "lines":
            return json.dumps(value, separators=(",", ":"))
        return str(value) if isinstance(value, uuid.UUID) else value

    with bind_tenant(tenant), db.session() as s:
        return [tuple(ready(n, v) for n, v in zip(COLUMNS, r))
                for r in s.execute(select(PayslipRecord.__table__))]


def _baseline_pg(db: Database, tenant, rows: list[tuple]) -> float:
    """COPY of the same rows into a bare regular table (created by the owner role)."""
    _owner(db.owner_url, "CREATE TABLE bare_payslips (LIKE payslips); "
                         "GRANT INSERT, SELECT ON bare_payslips TO partage_app")
    bare = PayslipRecord.__table__.to_metadata(sa.MetaData(), name="bare_payslips")
    try:
        start = time.perf_counter()
        with bind_tenant(tenant), db.session() as s:
            copy_tuples(s, bare, COLUMNS, rows, via_temp=False)
        return time.perf_counter() - start  # the commit included, as in the run
    finally:
        _owner(db.owner_url, "DROP TABLE bare_payslips")  # a fresh table for each measure


def _baseline_sqlite(db: Database, tenant, rows: list[tuple]) -> float:
    bare = PayslipRecord.__table__.to_metadata(sa.MetaData(), name="bare_payslips")
    for c in bare.constraints.copy():
        if not isinstance(c, sa.PrimaryKeyConstraint):
            bare.constraints.discard(c)
    bare.create(db.engine)
    try:
        start = time.perf_counter()
        with bind_tenant(tenant), db.session() as s:
            write_tuples(s, bare, COLUMNS, rows)
        return time.perf_counter() - start
    finally:
        bare.drop(db.engine)  # a fresh table for each measure


def _floor(db: Database, tenant, rows: list[tuple]) -> float:
    """The same rows written the way a run writes them, into the real ``payslips`` table (row-level
    security, keys, foreign keys, indexes), under another run of the period: what no run can beat."""
    with bind_tenant(tenant), db.session() as s:
        run = PayrollRun(period=PERIOD, sequence=99, status="draft", chunks_total=0, performances_total=0)
        s.add(run)
        s.flush()
        run_id = str(run.id)
    key, run = COLUMNS.index("id"), COLUMNS.index("run_id")
    again = []
    for new_id, row in zip(uuid7_text(len(rows)), rows):
        row = list(row)
        row[key], row[run] = new_id, run_id
        again.append(tuple(row))
    start = time.perf_counter()
    with bind_tenant(tenant), db.session() as s:
        write_tuples(s, PayslipRecord.__table__, COLUMNS, again, skip_existing=False)  # as a chunk does
    return time.perf_counter() - start


def _read(db: Database, tenant, run_id) -> float:
    """Reading the run's work (performances and worker profiles) chunk by chunk, as the run does."""
    with bind_tenant(tenant), db.session() as s:
        chunks = s.scalars(select(PayrollChunk.performance_ids).where(PayrollChunk.run_id == run_id)).all()
    start = time.perf_counter()
    for ids in chunks:
        with bind_tenant(tenant), db.session() as s:
            load_work(s, ids)
    return time.perf_counter() - start


def _pay(db: Database, run_id) -> float:
    """approve (payment orders drawn), SEPA file, mark paid (ledger debits): after the run."""
    start = time.perf_counter()
    with db.session() as s:
        approve_run(s, run_id, "bench")
    with db.session() as s:
        sepa_file(s, run_id, PERIOD, validate=False)
        mark_paid(s, run_id, "bench")
    return time.perf_counter() - start


def _measure(benchmark, db: Database, baseline, label: str, bare: str) -> None:
    tenant = create_tenant(db, country="be")
    seed_payroll(db, tenant, "be", MEMBERS, PERIOD)
    with bind_tenant(tenant):
        start = time.perf_counter()
        status = benchmark.pedantic(run_payroll, args=(db, PERIOD), rounds=1, iterations=1)
        run_s = time.perf_counter() - start
        pay_s = _pay(db, status.run_id)
    assert status.payslips == MEMBERS
    rows = _rows(db, tenant)
    copies = sorted(baseline(db, tenant, rows) for _ in range(3))
    copy_s, floor_s, read_s = copies[1], _floor(db, tenant, rows), _read(db, tenant, status.run_id)
    bound_s = (floor_s + read_s) / default_threads(db)
    benchmark.extra_info.update(members=MEMBERS, run_s=round(run_s, 2), copy_s=round(copy_s, 3),
                                copies_s=[round(c, 3) for c in copies], ratio=round(run_s / copy_s, 1),
                                floor_s=round(floor_s, 2), read_s=round(read_s, 2),
                                bound_ratio=round(bound_s / copy_s, 2),
                                payslips_per_s=round(MEMBERS / run_s), approve_sepa_paid_s=round(pay_s, 2))
    print(f"\n{label}: {MEMBERS} members, run {run_s:.2f} s ({MEMBERS / run_s:,.0f}/s); "
          f"{bare} of the same rows into a bare table {copy_s:.3f} s (median of "
          f"{', '.join(f'{c:.3f}' for c in copies)}): ratio {run_s / copy_s:.1f}x; "
          f"the same rows into the real payslips table {floor_s:.2f} s ({run_s / floor_s:.1f}x); "
          f"reading the run's work {read_s:.2f} s; writing and reading alone, shared perfectly over "
          f"{default_threads(db)} worker(s): {bound_s:.2f} s = {bound_s / copy_s:.2f}x the {bare}; "
          f"then approve + SEPA + paid {pay_s:.2f} s")


def test_run_postgres_vs_copy(benchmark, pg):
    _measure(benchmark, pg, _baseline_pg, "PostgreSQL (in-process)", "COPY")


def test_run_sqlite_vs_executemany(benchmark, tmp_path):
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    upgrade(url)
    db = Database(url)
    _measure(benchmark, db, _baseline_sqlite, "SQLite (in-process)", "executemany")
    db.dispose()


def _workers(count: int, db_url: str, redis_url: str) -> subprocess.Popen:
    env = {**os.environ, "PARTAGE_DATABASE_URL": db_url, "PARTAGE_REDIS_URL": redis_url}
    return subprocess.Popen([sys.executable, "-m", "dramatiq", "partage.core.jobs.worker", "--processes",
                             str(count), "--threads", "1", "--queues", "payroll"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _tenant(db: Database, members: int, chunk: int):
    tenant = create_tenant(db, country="be")
    seed_payroll(db, tenant, "be", members, PERIOD)
    settings(db, tenant, chunk_size=chunk)
    return tenant


def _redis_run(db: Database, redis_url: str, processes: int) -> float:
    tenant, warm_up = _tenant(db, REDIS_MEMBERS, DEFAULT_CHUNK_SIZE), _tenant(db, 4 * processes, 1)
    workers = _workers(processes, db.url, redis_url)
    try:
        broker = make_broker(load_settings({"PARTAGE_REDIS_URL": redis_url}))
        with bind_tenant(warm_up):  # every worker process up before the clock starts
            run_payroll(db, PERIOD, broker=broker, poll=0.05, stall_seconds=60)
        with bind_tenant(tenant):
            start = time.perf_counter()
            status = run_payroll(db, PERIOD, broker=broker, poll=0.2, stall_seconds=60)
            seconds = time.perf_counter() - start
        assert status.payslips == REDIS_MEMBERS
        return seconds
    finally:
        workers.terminate()
        workers.wait(timeout=30)


def test_redis_one_vs_two_workers(benchmark, pg):
    redis_url = _env("PARTAGE_TEST_REDIS_URL")
    one = _redis_run(pg, redis_url, 1)
    two = benchmark.pedantic(_redis_run, args=(pg, redis_url, 2), rounds=1, iterations=1)
    benchmark.extra_info.update(members=REDIS_MEMBERS, one_worker_s=round(one, 2),
                                two_workers_s=round(two, 2), speedup=round(one / two, 2))
    print(f"\nRedis: {REDIS_MEMBERS} members, 1 worker {one:.2f} s ({REDIS_MEMBERS / one:,.0f}/s), "
          f"2 workers {two:.2f} s ({REDIS_MEMBERS / two:,.0f}/s), speed-up {one / two:.2f}x")


def test_payslip_pdfs_per_second(benchmark):
    from decimal import Decimal

    from partage.core.payroll.pdf import SlipView, brand_of, render_batch, render_payslip
    import base64

    svg = (ROOT / "tenants" / "presets" / "smart-be" / "logo.svg").read_bytes()
    brand = brand_of("Smart Coop SC", {"primary_color": "#e5004b", "document_footer": "Gent",
                                       "logo_data_uri": "data:image/svg+xml;base64," + base64.b64encode(svg).decode()})
    lines = [["c%d" % i, "Social security contribution", "123.45", "employee", "3000.00", "0.1307"]
             for i in range(14)]
    view = SlipView("Lotte Peeters", "85073003328", "BE68539007547034", "2025-03", "design",
                    Decimal("3000.00"), Decimal("2100.00"), Decimal("3900.00"), lines)
    start = time.perf_counter()
    for _ in range(200):
        render_payslip(brand, view)
    single = 200 / (time.perf_counter() - start)
    start = time.perf_counter()
    benchmark.pedantic(render_batch, args=(brand, [view] * 1000), rounds=1, iterations=1)
    batch = 1000 / (time.perf_counter() - start)
    benchmark.extra_info.update(single_per_s=round(single), batch_per_s=round(batch))
    print(f"\nPayslip PDFs (reportlab, SVG logo): one file each {single:,.0f}/s; 1,000 pages in one "
          f"file {batch:,.0f}/s")
