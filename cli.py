"""The ``partage`` command line: install, migrate, tenants, plugins, audit, payroll, workers, demo."""
from __future__ import annotations

import json
import sys
from datetime import date
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
einvoice_app = typer.Typer(help="E-invoices (UBL, CII, Factur-X): official conformance rules.", no_args_is_help=True)
invoice_app = typer.Typer(help="Issued invoices and credit notes.", no_args_is_help=True)
declarations_app = typer.Typer(help="Social and tax declarations from stored data.", no_args_is_help=True)
webhooks_app = typer.Typer(help="Webhooks: the tenant's endpoints hear its events.", no_args_is_help=True)
for name, sub in (("db", db_app), ("tenant", tenant_app), ("plugins", plugins_app),
                  ("audit", audit_app), ("payroll", payroll_app), ("einvoice", einvoice_app),
                  ("invoice", invoice_app), ("declarations", declarations_app),
                  ("webhooks", webhooks_app)):
    app.add_typer(sub, name=name)

out = Console()
err = Console(stderr=True)


def fail(message: str, code: int = 1) -> None:
    """Exit with one line on stderr: 2 for a usage error, 1 for a refused operation."""
    from rich.markup import escape

    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code)


def reason(exc: BaseException) -> str:
    """An exception's message as a person reads it (a KeyError's str() is a repr)."""
    if isinstance(exc, KeyError) and exc.args:
        return str(exc.args[0])
    return str(exc) or type(exc).__name__


JSON = typer.Option(False, "--json", help="machine-readable output (a JSON list)")


def show(rows: list[dict], as_json: bool, keep_whole: tuple[str, ...] = (), title: str | None = None) -> None:
    """Print ``rows`` as JSON or as a table; the ``keep_whole`` columns (identifiers the next command
    needs) are never cut or wrapped, whatever the terminal width."""
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    if not rows:
        out.print("(none)")
        return
    table = Table(*rows[0].keys(), title=title)
    for column in table.columns:
        if column.header in keep_whole:
            column.no_wrap = True
            column.min_width = max(len(str(row[column.header] or "")) for row in rows)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row.values()))
    print_whole(table)


def print_whole(table: Table) -> None:
    """A table wider than the terminal is printed wider (the terminal wraps it), never cropped."""
    from rich.measure import Measurement

    needed = Measurement.get(out, out.options, table).minimum
    out.print(table, width=max(out.width, needed), crop=False)


def _database():
    from partage.core.db import database

    return database()


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("heads")) -> None:
    """Apply migrations (as the owner role on PostgreSQL) and sync row-level security."""
    from partage.core.migrate import upgrade
    from partage.core.settings import settings

    upgrade(revision=revision)
    out.print(f"database at [bold]{revision}[/] ({settings().migration_database_url.split('@')[-1]})")


@tenant_app.command("apply")
def tenant_apply(path: Path = typer.Argument(..., help="preset folder, e.g. tenants/presets/smart-be")) -> None:
    """Create or update a tenant from a preset (idempotent)."""
    from partage.tenants.preset import PresetError
    from partage.tenants.provisioning import apply_preset

    try:
        result = apply_preset(_database(), path)
    except PresetError as exc:
        fail(str(exc))
    verb = "created" if result.created else ("updated" if result.changed else "unchanged")
    detail = f" ({', '.join(result.changed)})" if result.changed and not result.created else ""
    out.print(f"tenant [bold]{result.slug}[/] {verb}{detail}")


def _archive_passphrase(variable: str) -> str:
    """The archive passphrase: from the environment variable named, else asked (hidden)."""
    import os
    import sys

    value = os.environ.get(variable)
    if value:
        return value
    if not sys.stdin.isatty():
        fail(f"--passphrase-env: set {variable} (the archive passphrase) or run interactively", code=2)
    return typer.prompt("Archive passphrase", hide_input=True)


@tenant_app.command("export")
def tenant_export(tenant: str = typer.Option(..., help="tenant slug"),
                  out_file: Path = typer.Option(..., "--out", help="archive to write (encrypted)"),
                  passphrase_env: str = typer.Option("PARTAGE_ARCHIVE_PASSPHRASE", help="variable holding the passphrase")) -> None:
    """Write everything of one tenant (settings, people, documents, ledger, payroll, declarations,
    audit trail) to one encrypted archive (docs/portability.md)."""
    from partage.tenants.archive import ArchiveError
    from partage.tenants.portability import ImportRefused, export_tenant

    passphrase = _archive_passphrase(passphrase_env)
    try:
        moved = export_tenant(_database(), tenant, out_file, passphrase, actor="cli")
    except ImportRefused as exc:
        fail(str(exc), code=2)
    except ArchiveError as exc:
        fail(str(exc), code=2)
    out.print(f"tenant {tenant}: {sum(moved.rows.values())} rows in {len(moved.rows)} tables written to {out_file}",
              highlight=False)


@tenant_app.command("import")
def tenant_import(archive: Path = typer.Argument(..., help="archive written by `partage tenant export`"),
                  slug: str = typer.Option("", help="import under this slug (default: the archive's)"),
                  passphrase_env: str = typer.Option("PARTAGE_ARCHIVE_PASSPHRASE", help="variable holding the passphrase")) -> None:
    """Restore a tenant archive into this instance, all or nothing; the audit trail is kept and
    says where it came from."""
    from partage.tenants.archive import ArchiveError
    from partage.tenants.portability import ImportRefused, import_tenant

    passphrase = _archive_passphrase(passphrase_env)
    try:
        moved = import_tenant(_database(), archive, passphrase, actor="cli", slug=slug or None)
    except (ArchiveError, ImportRefused) as exc:
        fail(str(exc))
    out.print(f"tenant {moved.slug} imported: {sum(moved.rows.values())} rows in {len(moved.rows)} tables",
              highlight=False)


@tenant_app.command("list")
def tenant_list(as_json: bool = JSON) -> None:
    """List tenants."""
    from partage.tenants.provisioning import list_tenants

    rows = [{"slug": t.slug, "legal_name": t.legal_name, "country": t.country, "locales": ",".join(t.locales),
             "contribution_rate": str(t.contribution_rate), "modules": ",".join(t.modules)}
            for t in list_tenants(_database())]
    show(rows, as_json, keep_whole=("slug",))


@plugins_app.command("list")
def plugins_list(as_json: bool = JSON) -> None:
    """List installed country plugins and their capabilities."""
    from partage.core.plugins import PluginError, registry

    try:
        rows = registry().describe()
    except PluginError as exc:
        fail(str(exc))
    show([{"code": r.code, "name": r.name, "package": r.package, "capabilities": ", ".join(r.capabilities)}
          for r in rows], as_json, keep_whole=("code",))


@audit_app.command("verify")
def audit_verify() -> None:
    """Verify every hash chain; exit 1 if an event was edited or deleted."""
    from partage.core.audit import verify
    from partage.core.tenancy import cross_tenant

    with cross_tenant(actor="cli", reason="audit verify"), _database().session() as s:
        problems = verify(s)
    if problems:
        for problem in problems:
            err.print(f"[red]{problem}[/]", highlight=False)
        fail(f"audit trail broken: {len(problems)} problem(s)")
    out.print("audit trail intact")


@payroll_app.command("simulate", add_help_option=False,
                     context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def payroll_simulate(ctx: typer.Context,
                     country: Optional[str] = typer.Option(None, help="country plugin code, e.g. be or fr")) -> None:
    """Simulate one payslip with a country's rules (options after --country belong to the country;
    --country XX --help lists them)."""
    from partage.core.plugins import UnknownCountry, registry

    if country is None:
        if "--help" in ctx.args:
            out.print(ctx.get_help(), highlight=False)
            raise typer.Exit()
        fail("--country: required (a country plugin code, e.g. be or fr); --country XX --help lists its options", 2)
    try:
        plugin = registry().get(country)
    except UnknownCountry as exc:
        fail(f"--country: {exc}")
    payroll = getattr(plugin, "payroll", None)
    if payroll is None:
        fail(f"--country: the {country} plugin has no payroll rules")
    payroll.simulate_command().main(args=list(ctx.args), prog_name=f"partage payroll simulate --country {country}",
                                    standalone_mode=True)


@payroll_app.command("run")
def payroll_run(tenant: str = typer.Option(..., help="tenant slug"),
                period: str = typer.Option(..., help="month paid, YYYY-MM"),
                approve: bool = typer.Option(False, help="approve the run once computed"),
                sepa: Optional[Path] = typer.Option(None, help="write the SEPA pain.001 file here"),
                paid: bool = typer.Option(False, help="mark the run paid (posts costs to the ledger)"),
                advance: bool = typer.Option(False, help="pay a month that has not started yet (in advance)")) -> None:
    """Compute a tenant's payroll run (in-process, or over Redis workers when configured). Once
    the month's run is approved or paid, work approved since goes to a supplementary run; the
    SEPA file of a run is issued once, and asked again it is the same file."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from partage.core.errors import PartageError
    from partage.core.payroll.service import run_for_slug

    # refreshed on each chunk done, not by a thread: a run may fork its worker processes
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=out, auto_refresh=False) as bar:
        task = bar.add_task(f"payroll {tenant} {period}", total=None)
        on_progress = lambda p: bar.update(task, total=p.chunks_total, completed=p.chunks_done,  # noqa: E731
                                           refresh=True)
        try:
            summary = run_for_slug(_database(), tenant, period, on_progress=on_progress,
                                   approve=approve or paid, sepa=sepa, paid=paid, advance=advance)
        except PartageError as exc:
            fail(str(exc))
    for line in summary.lines():
        out.print(line, highlight=False)


@payroll_app.command("correct")
def payroll_correct(tenant: str = typer.Option(..., help="tenant slug"),
                    period: str = typer.Option(..., help="month corrected, YYYY-MM (its run is paid)"),
                    approve: bool = typer.Option(False, help="approve the correction run"),
                    sepa: Optional[Path] = typer.Option(None, help="write the SEPA pain.001 file here"),
                    paid: bool = typer.Option(False, help="mark it paid (posts cost differences)")) -> None:
    """Pay the differences of a period's amended performances (a correction run; paid payslips
    are never edited)."""
    from partage.core.errors import PartageError
    from partage.core.payroll.service import correct_for_slug

    try:
        summary = correct_for_slug(_database(), tenant, period, approve=approve or paid, sepa=sepa,
                                   paid=paid)
    except PartageError as exc:
        fail(str(exc))
    for line in summary.lines():
        out.print(line, highlight=False)


@payroll_app.command("reissue")
def payroll_reissue(tenant: str = typer.Option(..., help="tenant slug"),
                    order: str = typer.Option(..., help="the payment order's MsgId or id"),
                    reason: str = typer.Option(..., help="why (e.g. the bank rejected the file)"),
                    out_file: Path = typer.Option(..., "--sepa", help="write the new SEPA pain.001 file here")) -> None:
    """Issue a payment order again: the previous order is cancelled first (audited with the reason)."""
    from partage.core.errors import PartageError
    from partage.core.payroll.orders import find_order, reissue_order
    from partage.core.tenancy import bind_tenant

    db, tenant_id = _tenant_session(tenant)
    try:
        with bind_tenant(tenant_id), db.session() as session:
            new = reissue_order(session, find_order(session, order).id, actor="cli", reason=reason,
                                execution_date=date.today())
    except PartageError as exc:
        fail(str(exc))
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_bytes(new.document)
    out.print(f"{out_file}: {new.message()} (replaces {order}, cancelled)", highlight=False)


@payroll_app.command("bank-status")
def payroll_bank_status(tenant: str = typer.Option(..., help="tenant slug"),
                        file: Path = typer.Argument(..., help="pain.002 status report or camt.054/053 statement")) -> None:
    """Read the bank's refusals: each rejected or returned transfer is open for payment again."""
    from partage.core.errors import PartageError
    from partage.core.payroll.bank_status import apply_bank_file

    from partage.core.tenancy import bind_tenant

    if not file.is_file():
        fail(f"FILE: no such file {file}", 2)
    db, tenant_id = _tenant_session(tenant)
    try:
        with bind_tenant(tenant_id), db.session() as session:
            result = apply_bank_file(session, file.read_bytes(), actor="cli")
            lines = [f"{i.status} {i.name} {i.amount} EUR: {i.reason}" for i in result.refused]
    except PartageError as exc:
        fail(str(exc))
    for line in lines:
        out.print(line, highlight=False)
    out.print(f"{len(lines)} item(s) open for payment again; {len(result.unmatched)} unmatched", highlight=False)


@einvoice_app.command("validate")
def einvoice_validate(file: Path = typer.Argument(..., help="UBL 2.1 / CII D16B XML, or a Factur-X PDF"),
                      peppol: bool = typer.Option(False, "--peppol", help="also Peppol BIS Billing 3.0 rules"),
                      as_json: bool = typer.Option(False, "--json", help="machine-readable report")) -> None:
    """Validate an e-invoice layer by layer (XSD, EN 16931, Peppol, Factur-X); exit 1 on fatal findings."""
    from partage.core.einvoice import ArtifactsMissing, ProcessingError, validate
    from partage.core.einvoice.render import as_json as render_json, as_text

    if not file.is_file():
        fail(f"{file}: no such file", code=2)
    try:
        report = validate(file, peppol=peppol)
    except (ArtifactsMissing, ProcessingError) as exc:
        fail(f"{file}: {exc}", code=2)
    typer.echo(render_json(report, str(file)) if as_json else as_text(report, str(file)))
    raise typer.Exit(0 if report.valid else 1)


def _tenant_session(slug: str):
    """(database, tenant id) of ``--tenant``; fails cleanly when unknown."""
    from partage.tenants.provisioning import tenant_by_slug

    db = _database()
    try:
        return db, tenant_by_slug(db, slug).id
    except LookupError:
        fail(f"--tenant: no tenant with slug {slug!r}", code=2)


@invoice_app.command("export")
def invoice_export(tenant: str = typer.Option(..., help="tenant slug"),
                   number: str = typer.Option(..., help="invoice or credit note number"),
                   fmt: str = typer.Option("pdf", "--format", help="pdf, ubl, cii or facturx"),
                   out_file: Path = typer.Option(..., "--out", help="file to write")) -> None:
    """Write an issued invoice or credit note as a PDF, UBL, CII or Factur-X file."""
    from partage.core.billing.exports import describe, document_by_number, render_document
    from partage.core.errors import PartageError
    from partage.core.tenancy import bind_tenant

    db, tenant_id = _tenant_session(tenant)
    try:
        with bind_tenant(tenant_id), db.session() as s:
            kind, document_id = document_by_number(s, number)
            content = render_document(s, kind, document_id, fmt)
            produced = describe(s, kind, document_id, fmt)
    except PartageError as exc:
        fail(str(exc))
    out_file.write_bytes(content)
    out.print(f"{kind.replace('_', ' ')} {number} ({produced}) written to {out_file}", highlight=False)


@invoice_app.command("write-off")
def invoice_write_off(tenant: str = typer.Option(..., help="tenant slug"),
                      number: str = typer.Option(..., help="invoice number"),
                      reason: str = typer.Option(..., help="why the client will not pay (audited)"),
                      on: str = typer.Option("", help="date of the write-off, YYYY-MM-DD (default: today)")) -> None:
    """Write off what remains due on an invoice as bad debt: the guarantee fund absorbs the loss
    where the activity cannot (docs/billing.md, bad debt)."""
    from partage.core.billing import write_off
    from partage.core.billing.exports import document_by_number
    from partage.core.errors import PartageError
    from partage.core.tenancy import bind_tenant

    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        fail(f"--on: expected a date YYYY-MM-DD, got {on}", code=2)
    db, tenant_id = _tenant_session(tenant)
    try:
        with bind_tenant(tenant_id), db.session() as s:
            kind, document_id = document_by_number(s, number)
            if kind != "invoice":
                fail(f"--number: {number} is a {kind.replace('_', ' ')}, not an invoice")
            invoice, taken = write_off(s, document_id, {"reason": reason}, actor="cli", on=day)
            written = invoice.written_off
    except PartageError as exc:
        fail(str(exc))
    out.print(f"invoice {number} written off: {written} EUR; the guarantee fund covered {taken.covered} "
              f"and forgave {taken.forgiven}", highlight=False)


@invoice_app.command("list")
def invoice_list(tenant: str = typer.Option(..., help="tenant slug"),
                 limit: int = typer.Option(50, min=1, help="newest first"),
                 as_json: bool = JSON) -> None:
    """The tenant's latest invoices: number, status, dates, client, amounts."""
    from sqlalchemy import select

    from partage.core.billing.models import Client, Invoice
    from partage.core.tenancy import bind_tenant

    db, tenant_id = _tenant_session(tenant)
    with bind_tenant(tenant_id), db.session() as s:
        found = s.execute(select(Invoice, Client.name).join(Client, Client.id == Invoice.client_id)
                          .order_by(Invoice.issue_date.desc().nulls_last(), Invoice.number.desc(),
                                    Invoice.created_at.desc()).limit(limit))
        rows = [{"number": invoice.number, "status": invoice.status, "issued": invoice.issue_date,
                 "due": invoice.due_date, "client": client, "gross": str(invoice.total_gross),
                 "amount_due": str(invoice.amount_due)} for invoice, client in found]
    show(rows, as_json, keep_whole=("number", "status", "issued", "due"))


@declarations_app.command("generate")
def declarations_generate(tenant: str = typer.Option(..., help="tenant slug"),
                          kind: str = typer.Option(..., "--type", help="dimona|dmfa|belcotax|vat|dpae|dsn|ca3"),
                          period: str = typer.Option(..., help="2025-03, 2025-Q1 or 2025"),
                          out_file: Path = typer.Option(..., "--out", help="file to write"),
                          performance: str = typer.Option("", help="performance id (DIMONA, DPAE)"),
                          action: str = typer.Option("", help="DIMONA action: in (default), out, update, cancel")) -> None:
    """Generate a new version from stored data, store it, write its file and print a summary."""
    from partage.core.declarations.commands import generate
    from partage.core.errors import PartageError, ValidationFailed

    db, tenant_id = _tenant_session(tenant)
    try:
        subject = f"{performance}:{action}" if action else performance
        valid = generate(db, tenant_id, kind, period, out_file, out, subject)
    except ValidationFailed as exc:
        fail("; ".join(f"{e.field}: {e.message}" for e in exc.errors) or str(exc))
    except (PartageError, KeyError, ValueError) as exc:
        fail(reason(exc))
    raise typer.Exit(0 if valid else 1)


@declarations_app.command("list")
def declarations_list(tenant: str = typer.Option(..., help="tenant slug"), as_json: bool = JSON) -> None:
    """Stored declarations with their status and deadline, and overdue / due-soon warnings."""
    from partage.core.declarations import store
    from partage.core.declarations.commands import _due, owed
    from partage.tenants.provisioning import tenant_by_slug

    db, _ = _tenant_session(tenant)
    row = tenant_by_slug(db, tenant)
    records = store.listing(db, row.id)
    rows = [{"type": r.declaration_type, "period": r.period, "subject": r.subject, "version": r.version,
             "status": r.status, "due": _due(row.country, r), "sha256": r.sha256} for r in records]
    if as_json:
        show(rows, True)
        return
    show([{**r, "sha256": r["sha256"][:12]} for r in rows], False,
         keep_whole=("type", "period", "subject", "version", "status", "due"))
    for line in owed(db, row.id, row.country, records, date.today()):
        out.print(f"[yellow]{line}[/]", highlight=False)


@app.command("worker")
def worker(processes: int = 1, threads: int = 4) -> None:
    """Run Dramatiq workers on Redis (needs PARTAGE_REDIS_URL)."""
    import os

    from partage.core.settings import settings

    if not settings().redis_url:
        fail("PARTAGE_REDIS_URL is not set: jobs run in-process, no worker needed")
    os.execvp(sys.executable, [sys.executable, "-m", "dramatiq", "partage.core.jobs.worker",
                               "--processes", str(processes), "--threads", str(threads)])


@app.command("demo")
def demo(reset: bool = typer.Option(True, help="start from an empty embedded database"),
         members: int = typer.Option(20, min=0, help="demo members per tenant (payroll run size)"),
         as_of: str = typer.Option("", "--as-of", help="the demo's date, YYYY-MM-DD (default: today): "
                                   "the month paid, the invoices' last four months"),
         password: str = typer.Option("", help="password of every demo login (default: generated, shown once)"),
         billing_members: int = typer.Option(100, min=0, help="members per tenant with invoices, quotes and "
                                             "payments (at most --members)")) -> None:
    """Set up the embedded default (SQLite, in-process jobs) with demo tenants, run the main job,
    and print who can sign in."""
    from partage.tenants.demo import run_demo

    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        fail(f"--as-of: expected a date YYYY-MM-DD, got {as_of}", code=2)
    if day and day > date.today():
        fail(f"--as-of: {day} is after today: the demo's invoices would be dated in the future, "
             "which the billing rules refuse (choose today or an earlier day)", code=2)
    if password and len(password) < 10:
        fail("--password: at least 10 characters", code=2)
    run_demo(out, reset=reset, members=members, as_of=day, password=password or None,
             billing_members=billing_members)


@app.command("serve")
def serve(host: str = typer.Option("127.0.0.1", help="address to listen on"),
          port: int = typer.Option(8000, help="port"),
          workers: int = typer.Option(1, help="worker processes"),
          reload: bool = typer.Option(False, help="reload on code changes (development)")) -> None:
    """Serve the API and web UI (uvicorn); the embedded SQLite database is migrated first."""
    import uvicorn

    from partage.core.settings import settings

    if not settings().is_postgres:
        from partage.core.migrate import upgrade

        upgrade()
    out.print(f"serving on http://{host}:{port} (OpenAPI at /schema)")
    uvicorn.run("partage.api.asgi:app", host=host, port=port, workers=workers, reload=reload,
                **proxy_options(settings()))


def proxy_options(s) -> dict:
    """X-Forwarded-For / -Proto believed only from ``PARTAGE_TRUSTED_PROXIES`` (none by default:
    a client cannot pick its own address and escape the per-address sign-in limit)."""
    if not s.trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": s.trusted_proxies}


def main(argv: Optional[list[str]] = None) -> None:
    """Entry point: a failure nobody foresaw is one line on stderr (exit 1), never a traceback
    (``PARTAGE_DEBUG=1`` shows it)."""
    import os

    try:
        app(args=argv)
    except Exception as exc:  # noqa: BLE001 - the last line of defence of a command line
        if os.environ.get("PARTAGE_DEBUG") == "1":
            raise
        err.print(f"error: {type(exc).__name__}: {reason(exc)} (PARTAGE_DEBUG=1 shows the traceback)",
                  highlight=False, markup=False)
        raise SystemExit(1) from None



@webhooks_app.command("dispatch")
def webhooks_dispatch(tenant: str = typer.Option(..., help="tenant slug"),
                      watch: float = typer.Option(0, min=0, help="repeat every SECONDS (0: one pass)"),
                      passes: int = typer.Option(0, min=0, help="with --watch: stop after N passes (0: never)")) -> None:
    """Queue the tenant's new events for its subscriptions and send what is due (retries included)."""
    import time

    from partage.core.jobs import enqueue
    from partage.core.tenancy import bind_tenant
    from partage.core.webhooks.jobs import dispatch_job

    _, tenant_id = _tenant_session(tenant)
    done = 0
    while True:
        with bind_tenant(tenant_id):
            enqueue(dispatch_job)   # in-process: runs now; on Redis: a worker runs it
        done += 1
        if not watch or (passes and done >= passes):
            break
        time.sleep(watch)
    out.print(f"webhooks: {done} dispatch pass(es) for {tenant}", highlight=False)


@webhooks_app.command("list")
def webhooks_list(tenant: str = typer.Option(..., help="tenant slug"),
                  status: str = typer.Option("", help="pending, delivered or failed"),
                  limit: int = typer.Option(50, min=1, max=200, help="newest first"),
                  as_json: bool = typer.Option(False, "--json", help="one JSON array")) -> None:
    """The delivery log: event, status, attempts, last answer."""
    import json

    from partage.core.tenancy import bind_tenant
    from partage.core.webhooks import WebhookProblem, list_deliveries

    db, tenant_id = _tenant_session(tenant)
    try:
        with bind_tenant(tenant_id), db.session() as s:
            rows = [{"id": str(d.id), "event_type": d.event_type, "sequence": d.event_seq,
                     "status": d.status, "attempts": d.attempts, "last_status": d.last_status,
                     "last_error": d.last_error, "created_at": d.created_at.isoformat()}
                    for d in list_deliveries(s, status=status or None, limit=limit)]
    except WebhookProblem as exc:
        fail(f"--{exc.field}: {exc.message}", code=2)
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table("id", "event", "seq", "status", "attempts", "last answer")
    for row in rows:
        table.add_row(row["id"], row["event_type"], str(row["sequence"]), row["status"],
                      str(row["attempts"]), str(row["last_status"] or row["last_error"] or ""))
    out.print(table)


if __name__ == "__main__":
    main()

