"""Invoices and credit notes with their lines. Issued documents never change (see ``guards``)."""
from __future__ import annotations

from typing import Any

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partage.core.billing.models.common import tenant_fk, tenant_key
from partage.core.billing.types import Percent, Quantity, Rate
from partage.core.db import Base, Cents, TenantScoped, UUIDPrimaryKey, utcnow


class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    CANCELLED = "cancelled"  # fully credited
    WRITTEN_OFF = "written_off"  # what remained due is a bad debt (`core.billing.bad_debt`)


class DocumentStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"


class _Header:
    """Columns shared by invoices and credit notes."""

    status: Mapped[str] = mapped_column(String(20), default="draft")
    number: Mapped[str | None] = mapped_column(String(40))
    fiscal_year: Mapped[int | None] = mapped_column(Integer)
    sequence: Mapped[int | None] = mapped_column(Integer)
    issue_date: Mapped[date | None] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    language: Mapped[str | None] = mapped_column(String(5))  # PDF labels and mentions (ISO 639-1)
    total_net: Mapped[Decimal] = mapped_column(Cents, default=Decimal("0"))
    total_vat: Mapped[Decimal] = mapped_column(Cents, default=Decimal("0"))
    total_gross: Mapped[Decimal] = mapped_column(Cents, default=Decimal("0"))
    vat_breakdown: Mapped[list[Any]] = mapped_column(JSON, default=list)  # frozen at issue, cents
    mentions: Mapped[list[Any]] = mapped_column(JSON, default=list)  # frozen at issue
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_at: Mapped[datetime | None] = mapped_column()


class _Line:
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(500))
    quantity: Mapped[Decimal] = mapped_column(Quantity)
    unit_code: Mapped[str] = mapped_column(String(3), default="C62")  # UN/ECE rec 20: one
    unit_price: Mapped[Decimal] = mapped_column(Cents)
    discount_percent: Mapped[Decimal] = mapped_column(Percent, default=Decimal("0"))
    vat_code: Mapped[str] = mapped_column(String(30))
    vat_category: Mapped[str | None] = mapped_column(String(3))  # set at issue
    vat_rate: Mapped[Decimal | None] = mapped_column(Rate)  # set at issue
    net: Mapped[Decimal | None] = mapped_column(Cents)  # set at issue


class Invoice(UUIDPrimaryKey, TenantScoped, _Header, Base):
    __tablename__ = "invoices"
    __table_args__ = (tenant_key("invoices"), UniqueConstraint("tenant_id", "number"),
                      UniqueConstraint("tenant_id", "payment_reference"),
                      tenant_fk("activity_id", "activities"), tenant_fk("client_id", "clients"),
                      Index("ix_invoices_list_created", "tenant_id", "created_at", "id"))

    activity_id: Mapped[uuid.UUID] = mapped_column(index=True)
    client_id: Mapped[uuid.UUID] = mapped_column(index=True)
    due_date: Mapped[date | None] = mapped_column(Date)
    operation: Mapped[str] = mapped_column(String(10), default="services")
    buyer_reference: Mapped[str | None] = mapped_column(String(100))
    payment_reference: Mapped[str | None] = mapped_column(String(40))
    credited_net: Mapped[Decimal] = mapped_column(Cents, default=Decimal("0"))
    credited_gross: Mapped[Decimal] = mapped_column(Cents, default=Decimal("0"))
    paid: Mapped[Decimal] = mapped_column(Cents, default=Decimal("0"))
    written_off: Mapped[Decimal] = mapped_column(Cents, default=Decimal("0"))  # gross bad debt
    contribution_rate: Mapped[Decimal | None] = mapped_column(Rate)  # tenant rate frozen at issue

    lines: Mapped[list["InvoiceLine"]] = relationship(
        primaryjoin="Invoice.id == InvoiceLine.invoice_id", foreign_keys="InvoiceLine.invoice_id",
        order_by="InvoiceLine.position", cascade="all, delete-orphan", lazy="selectin")

    @property
    def amount_due(self) -> Decimal:
        """Gross total less credit notes, payments and bad debt written off (negative: overpaid)."""
        return self.total_gross - self.credited_gross - self.paid - self.written_off


class InvoiceLine(UUIDPrimaryKey, TenantScoped, _Line, Base):
    __tablename__ = "invoice_lines"
    __table_args__ = (tenant_key("invoice_lines"), tenant_fk("invoice_id", "invoices"))

    invoice_id: Mapped[uuid.UUID] = mapped_column(index=True)


class CreditNote(UUIDPrimaryKey, TenantScoped, _Header, Base):
    """A real credit note document, referencing the invoice it corrects (fully or partly)."""

    __tablename__ = "credit_notes"
    __table_args__ = (tenant_key("credit_notes"), UniqueConstraint("tenant_id", "number"),
                      tenant_fk("invoice_id", "invoices"))

    invoice_id: Mapped[uuid.UUID] = mapped_column(index=True)
    reason: Mapped[str] = mapped_column(String(500))

    lines: Mapped[list["CreditNoteLine"]] = relationship(
        primaryjoin="CreditNote.id == CreditNoteLine.credit_note_id",
        foreign_keys="CreditNoteLine.credit_note_id",
        order_by="CreditNoteLine.position", cascade="all, delete-orphan", lazy="selectin")


class CreditNoteLine(UUIDPrimaryKey, TenantScoped, _Line, Base):
    __tablename__ = "credit_note_lines"
    __table_args__ = (tenant_key("credit_note_lines"), tenant_fk("credit_note_id", "credit_notes"))

    credit_note_id: Mapped[uuid.UUID] = mapped_column(index=True)


class Quote(UUIDPrimaryKey, TenantScoped, _Header, Base):
    """An offer to a client; once accepted it becomes a draft invoice with the same lines."""

    __tablename__ = "quotes"
    __table_args__ = (tenant_key("quotes"), UniqueConstraint("tenant_id", "number"),
                      tenant_fk("activity_id", "activities"), tenant_fk("client_id", "clients"))

    activity_id: Mapped[uuid.UUID] = mapped_column(index=True)
    client_id: Mapped[uuid.UUID] = mapped_column(index=True)
    valid_until: Mapped[date | None] = mapped_column(Date)
    invoice_id: Mapped[uuid.UUID | None] = mapped_column()  # the invoice it became

    lines: Mapped[list["QuoteLine"]] = relationship(
        primaryjoin="Quote.id == QuoteLine.quote_id", foreign_keys="QuoteLine.quote_id",
        order_by="QuoteLine.position", cascade="all, delete-orphan", lazy="selectin")


class QuoteLine(UUIDPrimaryKey, TenantScoped, _Line, Base):
    __tablename__ = "quote_lines"
    __table_args__ = (tenant_key("quote_lines"), tenant_fk("quote_id", "quotes"))

    quote_id: Mapped[uuid.UUID] = mapped_column(index=True)
