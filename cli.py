"""The ``partage`` command line: install, migrate, tenants, plugins, audit, payroll, workers, demo."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(help="Partage: open back office for shared enterprises.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
tenant_app = typer.Typer(help="Tenants (cooperatives and country offices).", no_args_is_help=True)
plugins_app = typer.Typer(help="Country plugins.", no_args_is_help=True)
audit_app = typer.Typer(help="Append-only audit trail.", no_args_is_help=True)
payroll_app = typer.Typer(help="Payroll.", no_args_is_help=True)
for name, sub in (("db", db_app), ("tenant", tenant_app), ("plugins", plugins_app),
                  ("audit", audit_app), ("payroll", payroll_app)):
    app.add_typer(sub, name=name)

out = Console()
err = Console(stderr=True)


def fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def _database():
    from core.db import database

    return database()


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("heads")) -> None:
    """Apply migrations (as the owner role on PostgreSQL) and sync row-level security."""
    from core.migrate import upgrade
    from core.settings import settings

    upgrade(revision=revision)
    out.print(f"database at [bold]{revision}[/] ({settings().migration_database_url.split('@')[-1]})")


@tenant_app.command("apply")
def tenant_apply(path: Path = typer.Argument(..., help="preset folder, e.g. tenants/presets/smart-be")) -> None:
    """Create or update a tenant from a preset (idempotent)."""
    from tenants.preset import PresetError
    from tenants.provisioning import apply_preset

    try:
        result = apply_preset(_database(), path)
    except PresetError as exc:
        fail(str(exc))
    verb = "created" if result.created else ("updated" if result.changed else "unchanged")
    detail = f" ({', '.join(result.changed)})" if result.changed and not result.created else ""
    out.print(f"tenant [bold]{result.slug}[/] {verb}{detail}")


@tenant_app.command("list")
def tenant_list() -> None:
    """List tenants."""
    from tenants.provisioning import list_tenants

    table = Table("slug", "legal name", "country", "locales", "contribution", "modules")
    for t in list_tenants(_database()):
        table.add_row(t.slug, t.legal_name, t.country, ",".join(t.locales),
                      f"{t.contribution_rate:%}", ",".join(t.modules))
    out.print(table)


@plugins_app.command("list")
def plugins_list() -> None:
    """List installed country plugins and their capabilities."""
    from core.plugins import PluginError, registry

    try:
        rows = registry().describe()
    except PluginError as exc:
        fail(str(exc))
    table = Table("code", "name", "package", "capabilities")
    for row in rows:
        table.add_row(row.code, row.name, row.package, ", ".join(row.capabilities))
    out.print(table)


@audit_app.command("verify")
def audit_verify() -> None:
    """Verify every hash chain; exit 1 if an event was edited or deleted."""
    from core.audit import verify
    from core.tenancy import cross_tenant

    with cross_tenant(actor="cli", reason="audit verify"), _database().session() as s:
        problems = verify(s)
    if problems:
        for problem in problems:
            err.print(f"[red]{problem}[/]", highlight=False)
        fail(f"audit trail broken: {len(problems)} problem(s)")
    out.print("audit trail intact")


@payroll_app.command("simulate", context_settings={"allow_extra_args": True,
                                                   "ignore_unknown_options": True})
def payroll_simulate(ctx: typer.Context,
                     country: str = typer.Option(..., help="country plugin code, e.g. be or fr")) -> None:
    """Simulate one payslip with a country's rules (options after --country belong to the country)."""
    from core.plugins import UnknownCountry, registry

    try:
        plugin = registry().get(country)
    except UnknownCountry as exc:
        fail(f"--country: {exc}")
    payroll = getattr(plugin, "payroll", None)
    if payroll is None:
        fail(f"--country: the {country} plugin has no payroll rules")
    payroll.simulate_command().main(args=list(ctx.args), prog_name=f"partage payroll simulate --country {country}",
                                    standalone_mode=True)


@app.command("worker")
def worker(processes: int = 1, threads: int = 4) -> None:
    """Run Dramatiq workers on Redis (needs PARTAGE_REDIS_URL)."""
    import os

    from core.settings import settings

    if not settings().redis_url:
        fail("PARTAGE_REDIS_URL is not set: jobs run in-process, no worker needed")
    os.execvp(sys.executable, [sys.executable, "-m", "dramatiq", "core.jobs.worker",
                               "--processes", str(processes), "--threads", str(threads)])


@app.command("demo")
def demo(reset: bool = typer.Option(True, help="start from an empty embedded database")) -> None:
    """Set up the embedded default (SQLite, in-process jobs) with demo tenants, then run the main job."""
    from tenants.demo import run_demo

    run_demo(out, reset=reset)


def main(argv: Optional[list[str]] = None) -> None:
    app(args=argv)


if __name__ == "__main__":
    main()
