"""The tenant: one cooperative or country office, with its legal entity, branding and modules."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from partage.core.db import Base, UUIDPrimaryKey, utcnow


class Tenant(UUIDPrimaryKey, Base):
    """The root of tenancy (not itself tenant-scoped: ops reach it through ``cross_tenant``)."""

    __tablename__ = "tenants"

    slug: Mapped[str] = mapped_column(String(63), unique=True)
    legal_name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    company_number: Mapped[str | None] = mapped_column(String(40))
    vat_number: Mapped[str | None] = mapped_column(String(40))
    locales: Mapped[list] = mapped_column(JSON, default=list)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    contribution_rate: Mapped[Decimal] = mapped_column(Numeric(6, 4))
    modules: Mapped[list] = mapped_column(JSON, default=list)
    branding: Mapped[dict] = mapped_column(JSON, default=dict)
    oidc: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def default_locale(self) -> str:
        return self.locales[0] if self.locales else "en"
