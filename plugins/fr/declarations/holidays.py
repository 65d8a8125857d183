"""French public holidays of a year, from the dated YAML (`declarations/holidays.yaml`)."""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Callable


def easter(year: int) -> date:
    """Easter Sunday (Gregorian calendar; anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holidays_from(tree: Any) -> Callable[[int], frozenset[date]]:
    @lru_cache(maxsize=16)
    def holidays(year: int) -> frozenset[date]:
        on = date(year, 1, 1)
        fixed = tree.at("declarations.holidays.fixed", on).split()
        offsets = tree.at("declarations.holidays.after_easter", on).split()
        days = {date(year, int(md[:2]), int(md[3:])) for md in fixed}
        days |= {easter(year) + timedelta(days=int(n)) for n in offsets}
        return frozenset(days)
    return holidays
