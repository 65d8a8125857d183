"""Field checks shared by the Belgian generators; each adds a named error to `Problems`."""
from __future__ import annotations

import re
from datetime import date

from stdnum.be import bis, nn, vat
from stdnum.exceptions import ValidationError

from partage.core.declarations import Problems

HOUR = re.compile(r"^(([01]\d)|(2[0-3]))[0-5]\d$")
NOSS_RANGE = (100006, 199999934)  # NOSSRegistrationNbr bounds in Dimona_20231.xsd / DmfA XSD


def check_niss(problems: Problems, field: str, value: str | None, required: bool = True) -> None:
    if not value:
        if required:
            problems.add(field, "national number (NISS) is missing")
        return
    for module in (nn, bis):
        try:
            module.validate(value)
            return
        except ValidationError:
            continue
    problems.add(field, f"{value!r} is not a valid national or BIS number")


def check_employer(problems: Problems, employer: object, prefix: str = "employer") -> None:
    noss = getattr(employer, "noss_number", "")
    if not noss:
        problems.add(f"{prefix}.noss_number", "ONSS registration number is missing")
    elif not noss.isdigit() or not NOSS_RANGE[0] <= int(noss) <= NOSS_RANGE[1]:
        problems.add(f"{prefix}.noss_number", f"{noss!r} is not an ONSS registration number")
    company = getattr(employer, "company_number", "")
    try:
        vat.validate(company or "")
    except ValidationError:
        problems.add(f"{prefix}.company_number", f"{company!r} is not a valid enterprise number")


def check_hour(problems: Problems, field: str, value: str | None) -> None:
    if value is not None and not HOUR.match(value):
        problems.add(field, f"{value!r} is not an hour HHMM")


def check_order(problems: Problems, field: str, start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        problems.add(field, f"end {end.isoformat()} is before start {start.isoformat()}")


def check_range(problems: Problems, field: str, value: int | None, low: int, high: int) -> None:
    if value is not None and not low <= value <= high:
        problems.add(field, f"{value} is outside {low}..{high}")


def check_period_id(problems: Problems, field: str, value: str) -> None:
    if not (value and value.isdigit() and len(value) <= 12):
        problems.add(field, f"{value!r} is not a DIMONA period id (up to 12 digits)")
