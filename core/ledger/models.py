"""Ledger entries: signed amounts (credit > 0, debit < 0) per activity. Never updated, never deleted:
an ORM guard refuses it, and database triggers (migration 0003) refuse it on SQLite and PostgreSQL."""
from __future__ import annotations

from typing import Any

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKeyConstraint, Index, String, UniqueConstraint, event, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from partage.core.db import Base, Cents, TenantScoped, UUIDPrimaryKey, utcnow

# The guarantee fund's rows only (advances, repayments): what is owed, per activity or for the
# tenant, is summed from a few rows, and the bulk salary debits do not maintain this index.
GUARANTEE_ROWS = "kind IN ('guarantee_advance', 'guarantee_repayment')"


class LedgerEntry(UUIDPrimaryKey, TenantScoped, Base):
    __tablename__ = "ledger_entries"
    __table_args__ = (
        UniqueConstraint("tenant_id", "id", name="uq_ledger_entries_tenant_id_id"),
        ForeignKeyConstraint(["tenant_id", "activity_id"], ["activities.tenant_id", "activities.id"],
                             ondelete="RESTRICT"),
        Index("ix_ledger_entries_guarantee", "tenant_id", "activity_id",
              postgresql_where=text(GUARANTEE_ROWS), sqlite_where=text(GUARANTEE_ROWS)),
    )

    activity_id: Mapped[uuid.UUID] = mapped_column(index=True)
    entry_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(40))  # revenue, contribution, guarantee_advance, ...
    amount: Mapped[Decimal] = mapped_column(Cents)  # > 0 credit, < 0 debit
    source_type: Mapped[str | None] = mapped_column(String(40))  # invoice, credit_note, payment
    source_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    invoice_id: Mapped[uuid.UUID | None] = mapped_column(index=True)  # the invoice it settles
    description: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AppendOnly(RuntimeError):
    """Ledger entries are never changed or removed; post a reversing entry instead."""


@event.listens_for(Session, "before_flush")
def _append_only(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, LedgerEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise AppendOnly("ledger entries are append-only; post a reversing entry")
