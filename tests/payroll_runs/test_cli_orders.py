"""`partage payroll run` as a user runs it (subprocesses): paid twice, the same file and a message
saying so; an empty month and a month not started refused with exit 1, a message and no
traceback; late work paid by a supplementary run with its own file; the README's example."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from lxml import etree

from partage.core.db import Database
from partage.core.migrate import upgrade
from tests.conftest import create_tenant
from tests.payroll_runs.conftest import World
from tests.payroll_runs.test_payment_orders import DEBTOR, declare
from tests.payroll_runs.conftest import settings

ROOT = Path(__file__).resolve().parents[2]


def partage(cwd: Path, *args: str, var: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTAGE_")}
    env.update(COLUMNS="200", PYTHONPATH=str(ROOT))
    if var is not None:
        env["PARTAGE_VAR_DIR"] = str(var)
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=300)


def coop(tmp_path: Path) -> World:
    url = f"sqlite:///{tmp_path / 'var' / 'partage.db'}"
    upgrade(url)
    db = Database(url)
    world = World(db, create_tenant(db, slug="coop-pay", country="be"), "be")
    settings(db, world.tenant, **DEBTOR)
    return world


def test_paid_twice_empty_month_and_late_work(tmp_path):
    world = coop(tmp_path)
    declare(world)
    declare(world, gross="3000.00")
    var = tmp_path / "var"
    run = ("payroll", "run", "--tenant", "coop-pay", "--period")
    first = partage(ROOT, *run, "2025-03", "--approve", "--sepa", str(tmp_path / "a.xml"), var=var)
    assert first.returncode == 0, first.stderr
    assert "approved, 2 payslips" in first.stdout and "issued" in first.stdout
    second = partage(ROOT, *run, "2025-03", "--approve", "--sepa", str(tmp_path / "b.xml"), var=var)
    assert second.returncode == 0, second.stderr
    assert "returned unchanged" in second.stdout and "nothing new to pay" in second.stdout
    assert (tmp_path / "a.xml").read_bytes() == (tmp_path / "b.xml").read_bytes()

    empty = partage(ROOT, *run, "2025-04", "--approve", "--sepa", str(tmp_path / "c.xml"), var=var)
    assert empty.returncode == 1 and "2025-04" in empty.stderr and "no payslip" in empty.stderr
    assert "Traceback" not in empty.stderr + empty.stdout and not (tmp_path / "c.xml").exists()
    ahead = f"{date.today().year + 1}-01"
    future = partage(ROOT, *run, ahead, var=var)
    assert future.returncode == 1 and "--advance" in future.stderr and "Traceback" not in future.stderr

    paid = partage(ROOT, *run, "2025-03", "--paid", var=var)
    assert paid.returncode == 0 and "paid, 2 payslips" in paid.stdout, paid.stderr
    declare(world, start=date(2025, 3, 25), gross="1500.00")   # declared after its month was paid
    late = partage(ROOT, *run, "2025-03", "--paid", "--sepa", str(tmp_path / "d.xml"), var=var)
    assert late.returncode == 0, late.stderr
    assert "(supplementary): paid, 1 payslips" in late.stdout
    transfers = etree.parse(str(tmp_path / "d.xml")).getroot().findall(".//{*}CdtTrfTxInf")
    first_file = etree.fromstring((tmp_path / "a.xml").read_bytes())
    assert len(transfers) == 1 and Decimal(transfers[0].findtext("{*}Amt/{*}InstdAmt")) > 0
    assert (etree.parse(str(tmp_path / "d.xml")).getroot().findtext(".//{*}GrpHdr/{*}MsgId")
            != first_file.findtext(".//{*}GrpHdr/{*}MsgId"))


def test_the_readme_payroll_example(tmp_path):
    """As written in the README, in a fresh folder after `partage demo`: the demo's work is in the
    current month, so for 2026-11 it either pays (the demo has work then) or says there is no
    payslip that month, with exit 1 and no traceback."""
    demo = partage(tmp_path, "demo", "--members", "2")
    assert demo.returncode == 0, demo.stderr
    done = partage(tmp_path, "payroll", "run", "--tenant", "smart-be", "--period", "2026-11", "--approve",
                   "--sepa", "var/sepa.xml")
    assert "Traceback" not in done.stderr + done.stdout
    if date.today() < date(2026, 11, 1):
        assert done.returncode == 1 and "2026-11" in done.stderr and "--advance" in done.stderr
    elif f"{date.today():%Y-%m}" == "2026-11":
        assert done.returncode == 0 and (tmp_path / "var" / "sepa.xml").read_bytes().startswith(b"<?xml")
    else:
        assert done.returncode == 1 and "the run of 2026-11 has no payslip" in done.stderr
        assert not (tmp_path / "var" / "sepa.xml").exists()
