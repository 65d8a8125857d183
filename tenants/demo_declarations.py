"""The demo's last step: each tenant's declarations for the month (and quarter) just paid."""
from __future__ import annotations

from contextlib import nullcontext
from datetime import date, datetime, timezone
from pathlib import Path

from rich.console import Console
from rich.table import Table

from partage.core.db import Database
from partage.core.declarations import store
from partage.core.declarations.period import Period
from partage.core.errors import PartageError
from partage.core.settings import settings
from partage.tenants.provisioning import list_tenants

# What a cooperative files after a month's payroll and invoicing, per country.
PLAN = {"be": (("dmfa", "quarter"), ("vat", "month"), ("belcotax", "year")),
        "fr": (("dsn", "month"), ("ca3", "month"))}


def _period(kind: str, month: date) -> str:
    if kind == "year":
        return str(month.year)
    return f"{month.year}-Q{(month.month - 1) // 3 + 1}" if kind == "quarter" else f"{month:%Y-%m}"


def _generate(db: Database, tenant, kind: str, period: str, folder: Path) -> tuple[str, ...]:
    try:
        record = store.generate(db, tenant.id, kind, Period.parse(period), datetime.now(timezone.utc))
    except PartageError as exc:
        return tenant.slug, kind, period, "refused", str(exc)
    out = folder / f"{kind}-{tenant.slug}-{period}{Path(record.filename).suffix}"   # .xml, .txt, .json as produced
    out.write_bytes(record.content)
    return tenant.slug, kind, period, record.status, out.name


def run_demo_declarations(db: Database, console: Console, as_of: date | None = None, phases=None) -> None:
    """The declarations of the month (and quarter) of ``as_of`` (default today) for each tenant."""
    month = (as_of or date.today()).replace(day=1)
    folder = settings().var_dir / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    table = Table("tenant", "declaration", "period", "status", "file", title="Declarations")
    planned = [(tenant, kind, span) for tenant in list_tenants(db) if "declarations" in tenant.modules
               for kind, span in PLAN.get(tenant.country, ())]
    with (phases.phase("declarations", len(planned)) if phases else nullcontext(lambda *a, **k: None)) as advance:
        for tenant, kind, span in planned:
            table.add_row(*_generate(db, tenant, kind, _period(span, month), folder))
            advance()
    for column in table.columns[:3] + table.columns[4:]:   # slugs, periods, file names: never cut
        column.no_wrap = True
    console.print(table)
