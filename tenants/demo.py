"""``partage demo``: the embedded default (SQLite, in-process jobs) set up from scratch with the
preset tenants, then the main job run on it, phase by phase (tenants, payroll, billing,
declarations, logins), each with its progress and time, pinned to one date (``--as-of``) so that
examples can name periods that have data."""
from __future__ import annotations

import resource
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from partage.core.audit import verify
from partage.core.db import Database
from partage.core.migrate import upgrade
from partage.core.plugins import registry
from partage.core.settings import settings
from partage.core.tenancy import cross_tenant
from partage.tenants.provisioning import apply_preset, list_tenants

PRESETS = Path(__file__).parent / "presets"
SERVE_URL = "http://127.0.0.1:8000"
# Members per tenant given a billing history (quotes, invoices, payments) through the full billing
# services; every member still has an activity with revenue and is paid by the payroll run.
BILLING_MEMBERS = 100


@dataclass
class DemoResult:
    as_of: date
    members: int
    logins: list = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)


def cpu_seconds() -> float:  # float ok: seconds of CPU for the progress report, not money
    """CPU time of this process and of the worker processes it waited for (a run may fork)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Phases:
    """One progress line per phase, refreshed on each step (never by a thread: the payroll run may
    fork worker processes); each phase's wall and CPU time is kept for the closing summary."""

    def __init__(self, console: Console, result: DemoResult) -> None:
        self.console, self.result = console, result
        self.progress = Progress(TextColumn("{task.description:<13}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=console, auto_refresh=False, transient=True)

    @contextmanager
    def phase(self, name: str, total: int | None):
        task = self.progress.add_task(name, total=total)
        start, cpu = time.perf_counter(), cpu_seconds()

        def advance(steps: int = 1, extend: int = 0) -> None:
            """``steps`` more done; ``extend``: that many more steps planned (total grows)."""
            if extend:
                current = next(t.total for t in self.progress.tasks if t.id == task)
                self.progress.update(task, total=(current or 0) + extend)
            self.progress.update(task, advance=steps, refresh=True)

        with self.progress:
            self.progress.refresh()
            yield advance
        self.progress.remove_task(task)
        self.result.seconds[name] = time.perf_counter() - start
        self.result.cpu[name] = cpu_seconds() - cpu


def _reset_sqlite(url: str) -> None:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def _apply_presets(db: Database, console: Console, phases: Phases) -> None:
    folders = sorted(p for p in PRESETS.iterdir() if (p / "tenant.yaml").exists())
    with phases.phase("tenants", len(folders)) as advance:
        for folder in folders:
            apply_preset(db, folder, actor="demo")
            advance()
    table = Table("slug", "legal name", "country", "VAT", "contribution", title="Tenants")
    for t in list_tenants(db):
        table.add_row(t.slug, t.legal_name, t.country, t.vat_number or "", f"{t.contribution_rate:.1%}")
    console.print(table)


def _show_plugins(console: Console) -> None:
    table = Table("code", "name", "capabilities", title="Country plugins")
    for row in registry().describe():
        table.add_row(row.code, row.name, ", ".join(row.capabilities))
    console.print(table)


def _seed_billing(db: Database, console: Console, members: int, as_of: date, phases: Phases) -> None:
    """Clients, quotes, issued invoices and payments for the tenants that bill (``members`` of them
    per tenant invoice)."""
    from partage.tenants.demo_billing import seed_billing

    billing = [t for t in list_tenants(db) if "billing" in t.modules]
    with phases.phase("billing", None) as advance:   # each tenant adds its invoices and payments
        for tenant in billing:
            seed_billing(db, tenant.slug, members, console, today=as_of, advance=advance)


def show_logins(console: Console, logins: list, url: str = SERVE_URL) -> None:
    """Who can sign in, with the one password (shown here only), and what to run next."""
    if not logins:
        return
    table = Table("role", "organisation", "email", title="Sign in")
    rows = [(login.role, login.organisation, login.email) for login in logins]
    for i, column in enumerate(table.columns):   # never cut: these are typed into the sign-in form
        column.no_wrap, column.min_width = True, max(len(row[i]) for row in rows)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    console.print(f"password (every login above, shown once): {logins[0].password}", highlight=False)
    console.print(f"Next: partage serve (or make serve), then open {url}/login", highlight=False)


def run_demo(console: Console, reset: bool = True, members: int = 20, as_of: date | None = None,
             password: str | None = None, billing_members: int = BILLING_MEMBERS) -> DemoResult:
    """The whole demo; returns what it did (its logins and the time of each phase)."""
    from partage.tenants.demo_accounts import create_logins
    from partage.tenants.demo_declarations import run_demo_declarations
    from partage.tenants.demo_payroll import run_demo_payroll

    s = settings()
    result = DemoResult(as_of or date.today(), members)
    if reset and s.database_url == s.migration_database_url:
        _reset_sqlite(s.database_url)
    console.rule(f"Partage demo, as of {result.as_of:%Y-%m-%d}")
    start, cpu = time.perf_counter(), cpu_seconds()
    upgrade()
    db = Database(s.database_url)
    phases = Phases(console, result)
    _apply_presets(db, console, phases)
    _show_plugins(console)
    run_demo_payroll(db, console, members=members, as_of=result.as_of, phases=phases)
    _seed_billing(db, console, min(members, billing_members), result.as_of, phases)
    run_demo_declarations(db, console, as_of=result.as_of, phases=phases)
    with phases.phase("logins", len(list_tenants(db))) as advance:
        result.logins = create_logins(db, password, advance=advance)
    with cross_tenant(actor="demo", reason="verify audit trail"), db.session() as session:
        problems = verify(session)
    console.print("audit trail intact" if not problems else f"[red]{len(problems)} audit problems[/]")
    db.dispose()
    timing = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.seconds.items())
    console.print(f"demo ready in {time.perf_counter() - start:.1f} s, {cpu_seconds() - cpu:.1f} s of CPU "
                  f"({timing})", highlight=False)
    console.print("CPU by phase: " + ", ".join(f"{n} {c:.1f} s" for n, c in result.cpu.items()),
                  highlight=False)
    show_logins(console, result.logins)
    return result
