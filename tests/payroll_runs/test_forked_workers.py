"""In-process runs on PostgreSQL fork their chunk workers: a worker killed with SIGKILL in the
middle of a run leaves its chunk pending, and the run still completes here, one payslip each."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading

import pytest
from sqlalchemy import func, select

from core.payroll.execute import run_payroll
from core.payroll.models import PayrollChunk, PayslipRecord
from core.tenancy import bind_tenant
from tenants.demo_payroll import seed_payroll
from tests.conftest import create_tenant
from tests.payroll_runs.conftest import PERIOD, settings

pytestmark = pytest.mark.postgres
MEMBERS, CHUNK = 3000, 50

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


def test_a_killed_worker_process_leaves_a_complete_run(pg_db):
    tenant = create_tenant(pg_db, country="be")
    seed_payroll(pg_db, tenant, "be", MEMBERS, PERIOD)
    settings(pg_db, tenant, chunk_size=CHUNK)
    killer = subprocess.Popen([sys.executable, "-c", KILLER, str(os.getpid())], stdout=subprocess.PIPE,
                              text=True)
    assert threading.active_count() == 1  # else the run would use threads, not processes
    with bind_tenant(tenant):
        status = run_payroll(pg_db, PERIOD, threads=2)
    out, _ = killer.communicate(timeout=60)
    assert out.startswith("killed"), "no worker process was found to kill"
    assert (status.status, status.payslips + status.blocked) == ("computed", MEMBERS)
    with bind_tenant(tenant), pg_db.session() as s:
        rows = s.scalar(select(func.count()).select_from(PayslipRecord).where(PayslipRecord.run_id == status.run_id))
        distinct = s.scalar(select(func.count(func.distinct(PayslipRecord.performance_id)))
                            .where(PayslipRecord.run_id == status.run_id))
        pending = s.scalar(select(func.count()).select_from(PayrollChunk)
                           .where(PayrollChunk.run_id == status.run_id, PayrollChunk.status != "done"))
    assert (rows, distinct, pending) == (MEMBERS, MEMBERS, 0)
