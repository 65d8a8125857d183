"""Payments received and their allocation to invoices; what is left unallocated is client credit."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from partage.core.billing.models.common import tenant_fk, tenant_key
from partage.core.db import Base, Cents, TenantScoped, UUIDPrimaryKey, utcnow


class Payment(UUIDPrimaryKey, TenantScoped, Base):
    __tablename__ = "payments"
    __table_args__ = (tenant_key("payments"), tenant_fk("client_id", "clients"))

    amount: Mapped[Decimal] = mapped_column(Cents)
    received_on: Mapped[date] = mapped_column(Date)
    communication: Mapped[str | None] = mapped_column(String(500))
    payer_name: Mapped[str | None] = mapped_column(String(200))
    payer_iban: Mapped[str | None] = mapped_column(String(40))
    bank_reference: Mapped[str | None] = mapped_column(String(100))
    client_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    unallocated: Mapped[Decimal] = mapped_column(Cents, default=Decimal("0"))  # client credit
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PaymentAllocation(UUIDPrimaryKey, TenantScoped, Base):
    __tablename__ = "payment_allocations"
    __table_args__ = (tenant_key("payment_allocations"), tenant_fk("payment_id", "payments"),
                      tenant_fk("invoice_id", "invoices"))

    payment_id: Mapped[uuid.UUID] = mapped_column(index=True)
    invoice_id: Mapped[uuid.UUID] = mapped_column(index=True)
    amount: Mapped[Decimal] = mapped_column(Cents)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
