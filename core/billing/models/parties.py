"""Members, their activities, clients, per-tenant billing settings and numbering counters."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, Index, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from partage.core.billing.models.common import tenant_fk, tenant_key
from partage.core.db import Base, TenantScoped, UUIDPrimaryKey, utcnow


class Member(UUIDPrimaryKey, TenantScoped, Base):
    """A worker hosted by the cooperative."""

    __tablename__ = "members"
    __table_args__ = (tenant_key("members"),
                      Index("ix_members_list_name", "tenant_id", "last_name", "first_name", "id"))

    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(5))  # their payslips' language (ISO 639-1)
    status: Mapped[str] = mapped_column(String(20), default="active", server_default="active")
    deactivated_at: Mapped[datetime | None] = mapped_column()   # kept: history is never deleted
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Activity(UUIDPrimaryKey, TenantScoped, Base):
    """A member's budget line; it invoices clients and has a ledger."""

    __tablename__ = "activities"
    __table_args__ = (tenant_key("activities"), tenant_fk("member_id", "members"))

    member_id: Mapped[uuid.UUID] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="active")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Client(UUIDPrimaryKey, TenantScoped, Base):
    """Who an activity invoices: a business (with its numbers) or a consumer."""

    __tablename__ = "clients"
    __table_args__ = (tenant_key("clients"), tenant_fk("activity_id", "activities"),
                      Index("ix_clients_list_name", "tenant_id", "name", "id"))

    kind: Mapped[str] = mapped_column(String(20))  # "business" | "consumer"
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    company_number: Mapped[str | None] = mapped_column(String(40))
    vat_number: Mapped[str | None] = mapped_column(String(40))
    street: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(5))  # its invoices' language (ISO 639-1)
    peppol_id: Mapped[str | None] = mapped_column(String(60))  # "0208:0403019261": gets Peppol BIS
    # private to the activity that created it unless shared within the tenant (by staff)
    activity_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    shared: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_business(self) -> bool:
        return self.kind == "business"


class BillingSettings(UUIDPrimaryKey, TenantScoped, Base):
    """A tenant's billing choices (defaults apply when the tenant has no row)."""

    __tablename__ = "billing_settings"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    invoice_number_format: Mapped[str] = mapped_column(String(60), default="{year}-{seq:05d}")
    credit_note_number_format: Mapped[str] = mapped_column(String(60), default="CN{year}-{seq:05d}")
    quote_number_format: Mapped[str] = mapped_column(String(60), default="Q{year}-{seq:05d}")
    ledger_credit_on: Mapped[str] = mapped_column(String(10), default="issue")  # or "payment"
    vat_franchise: Mapped[bool] = mapped_column(Boolean, default=False)
    vat_on_debits: Mapped[bool] = mapped_column(Boolean, default=False)
    payment_terms_days: Mapped[int] = mapped_column(Integer, default=30)
    bank_account: Mapped[str | None] = mapped_column(String(34))  # IBAN receiving payments
    # the window of a numbered document's date: at most this many days after today (0: not after
    # today), at most this many days before today (None: only "not before the series' last")
    issue_date_future_days: Mapped[int] = mapped_column(Integer, default=0)
    issue_date_past_days: Mapped[int | None] = mapped_column(Integer)
    bank_bic: Mapped[str | None] = mapped_column(String(11))  # its BIC (else derived from the IBAN)
    # the seller block of invoices: registered office and register (BE: RPM/RPR court, FR: RCS city)
    street: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(100))
    register_city: Mapped[str | None] = mapped_column(String(100))


class NumberCounter(UUIDPrimaryKey, TenantScoped, Base):
    """Last number given in a series for a fiscal year; locked by the issuing transaction."""

    __tablename__ = "number_counters"
    __table_args__ = (UniqueConstraint("tenant_id", "series", "fiscal_year"),)

    series: Mapped[str] = mapped_column(String(20))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
    last_issued_on: Mapped[date | None] = mapped_column(Date)
