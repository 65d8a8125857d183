"""A third-party country package (not under ``plugins``): its declarations reach
`core.declarations.store` through the plugin contract alone (issue 24)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from partage.core.declarations import GeneratedFile, Period
from partage.core.declarations.types import Source


class HeadcountReturn:
    """A toy declaration: the number of members, as text."""

    code = "headcount"
    periodicity = "month"

    def generate(self, data: int) -> GeneratedFile:
        return GeneratedFile(self.code, Period.parse("2026-03"), "headcount.txt", str(data).encode(), "text/plain",
                             {"members": data})

    def check(self, generated: GeneratedFile) -> list[str]:
        return [] if generated.content.isdigit() else ["not a number"]


class Declarations:
    declaration_types = ("headcount",)

    def generator(self, declaration_type: str) -> HeadcountReturn:
        return HeadcountReturn()

    def deadline(self, declaration_type: str, period: Any, options: Any = None) -> date | None:
        return None

    def source(self, session: Any, tenant: Any, declaration_type: str, period: Any, at: datetime,
               subject: str = "") -> Source:
        from sqlalchemy import func, select

        from partage.core.billing.models import Member

        return Source(session.scalar(select(func.count()).select_from(Member)))


class Luxembourg:
    code = "lu"
    name = "Luxembourg"
    locales = ("fr",)
    declarations = Declarations()


plugin = Luxembourg()
