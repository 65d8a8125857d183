"""``partage demo``: the embedded default (SQLite, in-process jobs) set up from scratch with the
preset tenants, then the main job run on it."""
from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from core.audit import verify
from core.db import Database
from core.migrate import upgrade
from core.plugins import registry
from core.settings import settings
from core.tenancy import cross_tenant
from tenants.provisioning import apply_preset, list_tenants

PRESETS = Path(__file__).parent / "presets"


def _reset_sqlite(url: str) -> None:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def _apply_presets(db: Database, console: Console) -> None:
    folders = sorted(p for p in PRESETS.iterdir() if (p / "tenant.yaml").exists())
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("tenants", total=len(folders))
        for folder in folders:
            result = apply_preset(db, folder, actor="demo")
            console.print(f"  tenant [bold]{result.slug}[/] {'created' if result.created else 'up to date'}")
            progress.advance(task)


def _show_tenants(db: Database, console: Console) -> None:
    table = Table("slug", "legal name", "country", "VAT", "contribution", title="Tenants")
    for t in list_tenants(db):
        table.add_row(t.slug, t.legal_name, t.country, t.vat_number or "", f"{t.contribution_rate:.1%}")
    console.print(table)


def _show_plugins(console: Console) -> None:
    table = Table("code", "name", "capabilities", title="Country plugins")
    for row in registry().describe():
        table.add_row(row.code, row.name, ", ".join(row.capabilities))
    console.print(table)


def _seed_billing(db: Database, console: Console, members: int) -> None:
    """Clients, quotes, issued invoices and payments for the tenants that bill."""
    from tenants.demo_billing import seed_billing

    for tenant in list_tenants(db):
        if "billing" in tenant.modules:
            seed_billing(db, tenant.slug, members, console)


def run_demo(console: Console, reset: bool = True, members: int = 20) -> None:
    s = settings()
    if reset and s.database_url == s.migration_database_url:
        _reset_sqlite(s.database_url)
    console.rule("Partage demo")
    upgrade()
    db = Database(s.database_url)
    _apply_presets(db, console)
    _show_tenants(db, console)
    _show_plugins(console)
    from tenants.demo_payroll import run_demo_payroll

    run_demo_payroll(db, console, members=members)
    _seed_billing(db, console, members)
    from tenants.demo_declarations import run_demo_declarations

    run_demo_declarations(db, console)
    with cross_tenant(actor="demo", reason="verify audit trail"), db.session() as session:
        problems = verify(session)
    console.print("audit trail intact" if not problems else f"[red]{len(problems)} audit problems[/]")
    db.dispose()
