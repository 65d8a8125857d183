"""The demo's last step: each tenant's declarations for the month (and quarter) just paid."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from rich.console import Console
from rich.table import Table

from core.db import Database
from core.declarations import store
from core.declarations.period import Period
from core.errors import PartageError
from core.settings import settings
from tenants.provisioning import list_tenants

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
        return tenant.slug, kind, period, "refused", str(exc)[:60]
    out = folder / f"{kind}-{tenant.slug}-{period}{Path(record.filename).suffix}"   # .xml, .txt, .json as produced
    out.write_bytes(record.content)
    return tenant.slug, kind, period, record.status, out.name


def run_demo_declarations(db: Database, console: Console) -> None:
    month = date.today().replace(day=1)
    folder = settings().var_dir / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    table = Table("tenant", "declaration", "period", "status", "file", title="Declarations")
    for tenant in list_tenants(db):
        if "declarations" not in tenant.modules:
            continue
        for kind, span in PLAN.get(tenant.country, ()):
            table.add_row(*_generate(db, tenant, kind, _period(span, month), folder))
    console.print(table)
