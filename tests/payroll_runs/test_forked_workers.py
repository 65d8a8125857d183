"""In-process runs on PostgreSQL fork their chunk workers: a worker killed with SIGKILL in the
middle of a run leaves its chunk pending, and the run still completes here, one payslip each.

The run is made by a fresh process (`partage`'s own code, as the CLI runs it): the test process has
other threads by now, and a process with other threads computes its chunks in threads instead."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from partage.core.payroll.models import PayrollChunk, PayslipRecord
from partage.core.tenancy import bind_tenant
from partage.tenants.demo_payroll import seed_payroll
from tests.conftest import create_tenant
from tests.payroll_runs.conftest import PERIOD, settings

pytestmark = pytest.mark.postgres
MEMBERS, CHUNK = 3000, 50
ROOT = Path(__file__).resolve().parents[2]

# The run, in a process of its own with no other thread: prints "forked" if it could fork.
RUN = textwrap.dedent("""
    import sys, uuid
    from partage.core.db import Database
    from partage.core.payroll.execute import _forkable, run_payroll
    from partage.core.tenancy import bind_tenant
    print("forked" if _forkable() else "threads", flush=True)
    with bind_tenant(uuid.UUID(sys.argv[2])):
        status = run_payroll(Database(sys.argv[1]), sys.argv[3], threads=2)
    print(status.status, status.payslips + status.blocked, flush=True)
""")

# Waits for a forked worker of PARENT (a child running the same program), kills it, says which.
KILLER = textwrap.dedent("""
    import os, signal, sys, time
    parent, deadline = sys.argv[1], time.monotonic() + 60
    def children():
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as f:
                    stat = f.read()
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmd = f.read()
            except OSError:
                continue
            with open(f"/proc/{parent}/cmdline", "rb") as f:
                mine = f.read()
            if stat[stat.rindex(")") + 2:].split()[1] == parent and cmd == mine:
                found.append(int(pid))
        return found
    while time.monotonic() < deadline:
        pids = children()
        if pids:
            time.sleep(0.3)  # into the run: chunks done, one being written
            os.kill(pids[0], signal.SIGKILL)
            print("killed", pids[0], flush=True)
            break
        time.sleep(0.01)
""")


def test_a_killed_worker_process_leaves_a_complete_run(pg_db, pg_app_url):
    tenant = create_tenant(pg_db, country="be")
    seed_payroll(pg_db, tenant, "be", MEMBERS, PERIOD)
    settings(pg_db, tenant, chunk_size=CHUNK)
    run = subprocess.Popen([sys.executable, "-c", RUN, pg_app_url, str(tenant), f"{PERIOD:%Y-%m}"],
                           cwd=ROOT, stdout=subprocess.PIPE, text=True)
    killer = subprocess.Popen([sys.executable, "-c", KILLER, str(run.pid)], stdout=subprocess.PIPE, text=True)
    out, _ = run.communicate(timeout=300)
    killed, _ = killer.communicate(timeout=60)
    assert run.returncode == 0 and out.splitlines()[0] == "forked", out
    assert killed.startswith("killed"), "no worker process was found to kill"
    assert out.splitlines()[1] == f"computed {MEMBERS}"
    with bind_tenant(tenant), pg_db.session() as s:
        run_id = s.scalar(select(PayrollChunk.run_id).limit(1))
        rows = s.scalar(select(func.count()).select_from(PayslipRecord).where(PayslipRecord.run_id == run_id))
        distinct = s.scalar(select(func.count(func.distinct(PayslipRecord.performance_id)))
                            .where(PayslipRecord.run_id == run_id))
        pending = s.scalar(select(func.count()).select_from(PayrollChunk)
                           .where(PayrollChunk.run_id == run_id, PayrollChunk.status != "done"))
    assert (rows, distinct, pending) == (MEMBERS, MEMBERS, 0)
