"""Declaration periods: a month (``2025-03``), a quarter (``2025-Q1``) or a year (``2025``)."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from partage.core.errors import ValidationFailed

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A declaration period; ``number`` is the month (1-12), the quarter (1-4) or 1 for a year."""

    kind: str  # "month" | "quarter" | "year"
    year: int
    number: int = 1

    def __post_init__(self) -> None:
        top = {"month": 12, "quarter": 4, "year": 1}.get(self.kind)
        if top is None or not 1 <= self.number <= top:
            raise ValidationFailed.field("period", f"no {self.kind} number {self.number}")

    @classmethod
    def parse(cls, text: str) -> "Period":
        text = text.strip()
        for pattern, kind in ((_MONTH, "month"), (_QUARTER, "quarter"), (_YEAR, "year")):
            match = pattern.match(text)
            if match:
                number = int(match.group(2)) if kind != "year" else 1
                return cls(kind, int(match.group(1)), number)
        raise ValidationFailed.field("period", f"{text!r} is not YYYY-MM, YYYY-Qn or YYYY")

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls("month", year, month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        return cls("quarter", year, quarter)

    @property
    def first_month(self) -> int:
        return {"month": self.number, "quarter": 3 * self.number - 2, "year": 1}[self.kind]

    @property
    def last_month(self) -> int:
        return {"month": self.number, "quarter": 3 * self.number, "year": 12}[self.kind]

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> tuple[date, ...]:
        return tuple(date(self.year, m, 1) for m in range(self.first_month, self.last_month + 1))

    def __str__(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        return f"{self.year}-Q{self.number}" if self.kind == "quarter" else str(self.year)
