"""What `partage declarations generate|list` do (cli.py only parses options and calls these)."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from pathlib import Path

from rich.console import Console
from rich.table import Table

from partage.core.db import Database
from partage.core.declarations import store
from partage.core.declarations.calendar import schedule, warnings
from partage.core.declarations.lifecycle import Status
from partage.core.declarations.period import Period
from partage.core.plugins import registry


def generate(db: Database, tenant_id: uuid.UUID, kind: str, period: str, out_file: Path, console: Console,
             subject: str = "") -> bool:
    """Generate and store a new version, write its file; True if validated."""
    record = store.generate(db, tenant_id, kind, Period.parse(period), datetime.now(timezone.utc), subject)
    out_file.write_bytes(record.content)
    console.print(f"{kind} {record.period} v{record.version}: {record.status} -> {out_file} "
                  f"(sha256 {record.sha256[:12]})", highlight=False)
    for key, value in record.summary.items():
        console.print(f"  {key}: {value}", highlight=False)
    for problem in record.problems:
        console.print(f"  [red]problem[/]: {problem}", highlight=False)
    return not record.problems


def _due(country: str, record) -> date | None:
    try:
        return registry().get(country).declarations.deadline(record.declaration_type, Period.parse(record.period))
    except (KeyError, ValueError):
        return None


def owed(db: Database, tenant_id: uuid.UUID, country: str, records: list, today: date) -> list[str]:
    """Overdue and due-soon warnings of the last year's periodic declarations (drafted or not)."""
    from datetime import timedelta

    rules = registry().get(country).declarations
    dues = schedule(rules, today - timedelta(days=365), today + timedelta(days=62))
    statuses = {(r.declaration_type, Period.parse(r.period)): Status(r.status) for r in records}
    return [f"{w.level}: {w.message}" for w in warnings(dues, statuses, today)]


def listing(db: Database, tenant_id: uuid.UUID, country: str, console: Console, today: date | None = None) -> list[str]:
    """Print the stored versions with their deadline, then the warnings; returns the warnings."""
    today = today or date.today()
    records = store.listing(db, tenant_id)
    table = Table("type", "period", "subject", "version", "status", "due", "sha256")
    for record in records:
        due = _due(country, record)
        table.add_row(record.declaration_type, record.period, record.subject, str(record.version), record.status,
                      due.isoformat() if due else "", record.sha256[:12])
    console.print(table)
    found = owed(db, tenant_id, country, records, today)
    for line in found:
        console.print(f"[yellow]{line}[/]", highlight=False)
    return found
