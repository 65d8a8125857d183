"""Dated per-tenant parameter overrides, stored in the database (override first, then YAML)."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from partage.core.db import Base, TenantScoped, UUIDPrimaryKey, utcnow

if TYPE_CHECKING:
    from partage.core.params import Override


class ParameterOverride(UUIDPrimaryKey, TenantScoped, Base):
    __tablename__ = "parameter_overrides"
    __table_args__ = (UniqueConstraint("tenant_id", "name", "start"),)

    name: Mapped[str] = mapped_column(String(200))
    start: Mapped[date] = mapped_column(Date)
    value: Mapped[str] = mapped_column(String(100))   # exact decimal text, parsed as Decimal
    reference: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def tenant_overrides(session: Session) -> list[Override]:
    """The bound tenant's overrides as ``core.params.Override`` values."""
    from decimal import Decimal

    from partage.core.params import Override

    rows = session.scalars(select(ParameterOverride).order_by(ParameterOverride.name,
                                                              ParameterOverride.start))
    return [Override(name=r.name, start=r.start, value=Decimal(r.value), reference=r.reference)
            for r in rows]
