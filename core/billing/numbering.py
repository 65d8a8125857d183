"""Gapless numbering per tenant, series and fiscal year.

The counter row is updated first (``UPDATE ... RETURNING``): on PostgreSQL that takes the row lock
a ``SELECT ... FOR UPDATE`` would, held until the issuing transaction ends, so concurrent issuers
queue on it; on SQLite the update takes the database write lock. A rolled-back issue rolls the
counter back too: numbers are never skipped nor given twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from partage.core.billing.errors import InvalidInput
from partage.core.billing.models import NumberCounter
from partage.core.ids import uuid7
from partage.core.tenancy import require_tenant

FORMAT_FIELDS = ("year", "seq", "series")


@dataclass(frozen=True, slots=True)
class Numbered:
    fiscal_year: int
    sequence: int
    number: str


def check_format(fmt: str, field: str = "number_format") -> str:
    """A number format must contain ``{seq...}`` and use only year, seq and series."""
    try:
        sample = fmt.format(year=2026, seq=1, series="invoice")
    except (KeyError, IndexError, ValueError) as exc:
        raise InvalidInput(field, f"bad number format {fmt!r}: {exc}") from None
    if "{seq" not in fmt or not sample or len(sample) > 40:
        raise InvalidInput(field, f"number format {fmt!r} needs {{seq}} and at most 40 characters")
    return fmt


def _bump(session: Session, series: str, year: int, count: int):
    statement = (update(NumberCounter)
                 .where(NumberCounter.series == series, NumberCounter.fiscal_year == year)
                 .values(last_number=NumberCounter.last_number + count)
                 .returning(NumberCounter.last_number, NumberCounter.last_issued_on)
                 .execution_options(synchronize_session=False))
    return session.execute(statement).first()


def _create_counter(session: Session, series: str, year: int) -> None:
    """Insert the year's counter at 0 unless a concurrent transaction just did."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = NumberCounter.__table__
    statement = dialect.insert(table).values(
        id=uuid7(), tenant_id=require_tenant("numbering"), series=series,
        fiscal_year=year, last_number=0).on_conflict_do_nothing()
    session.execute(statement)


def _set_last_date(session: Session, series: str, year: int, on: date) -> None:
    session.execute(update(NumberCounter)
                    .where(NumberCounter.series == series, NumberCounter.fiscal_year == year)
                    .values(last_issued_on=on).execution_options(synchronize_session=False))


def check_issue_date(session: Session, series: str, on: date, today: date | None = None) -> None:
    """A numbered document's date lies in the tenant's window: not after today (plus
    ``issue_date_future_days``), not more than ``issue_date_past_days`` before it when set, and
    never before the last document issued in the series (numbers follow the dates)."""
    from partage.core.billing.context import tenant_settings   # late: context imports the plugins

    today = today or date.today()
    settings = tenant_settings(session)
    ahead = settings.issue_date_future_days or 0
    if on > today + timedelta(days=ahead):
        raise InvalidInput("issue_date", f"{on} is after today ({today})"
                           + (f" by more than {ahead} day(s)" if ahead else "")
                           + "; a document cannot be dated in the future")
    back = settings.issue_date_past_days
    if back is not None and on < today - timedelta(days=back):
        raise InvalidInput("issue_date", f"{on} is more than {back} day(s) before today ({today})")
    last = session.scalar(select(func.max(NumberCounter.last_issued_on))
                          .where(NumberCounter.series == series))
    if last is not None and on < last:
        raise InvalidInput("issue_date", f"{on} is before the last {series} issued ({last}); "
                           "numbers must follow the chronological order")


def next_numbers(session: Session, series: str, on: date, fmt: str, count: int = 1) -> list[Numbered]:
    """``count`` consecutive numbers of ``series`` for the fiscal year of ``on`` (calendar year),
    after :func:`check_issue_date`."""
    check_issue_date(session, series, on)
    year = on.year
    row = _bump(session, series, year, count)
    if row is None:
        _create_counter(session, series, year)
        row = _bump(session, series, year, count)
    last, last_date = row
    if last_date is not None and on < last_date:
        raise InvalidInput("issue_date", f"{on} is before the last {series} issued ({last_date}); "
                           "numbers must follow the chronological order")
    if last_date != on:
        _set_last_date(session, series, year, on)
    return [Numbered(year, seq, fmt.format(year=year, seq=seq, series=series))
            for seq in range(last - count + 1, last + 1)]


def next_number(session: Session, series: str, on: date, fmt: str) -> Numbered:
    """The next number of ``series`` for the fiscal year of ``on``."""
    return next_numbers(session, series, on, fmt)[0]
