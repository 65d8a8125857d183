"""Webhook subscriptions, deliveries and their attempts (tenant-owned, row-level security)."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKeyConstraint, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from partage.core.db.base import Base, TenantScoped, UUIDPrimaryKey, utcnow


class WebhookSubscription(UUIDPrimaryKey, TenantScoped, Base):
    """An endpoint of the tenant's that hears some event types. ``cursor`` is the sequence number
    of the last audit event of the tenant's trail already turned into deliveries."""

    __tablename__ = "webhook_subscriptions"
    __table_args__ = (UniqueConstraint("tenant_id", "id"),)

    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(200), default="")
    event_types: Mapped[list] = mapped_column(JSON, default=list)
    secret: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deactivated_at: Mapped[datetime | None] = mapped_column(default=None)


class WebhookDelivery(UUIDPrimaryKey, TenantScoped, Base):
    """One event for one subscription: sent until the endpoint answers 2xx or attempts run out.
    Unique per (subscription, event): scanning the same events twice cannot deliver twice."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("tenant_id", "subscription_id", "event_seq"),
        UniqueConstraint("tenant_id", "id"),
        ForeignKeyConstraint(["tenant_id", "subscription_id"],
                             ["webhook_subscriptions.tenant_id", "webhook_subscriptions.id"],
                             ondelete="RESTRICT"),
    )

    subscription_id: Mapped[uuid.UUID] = mapped_column(index=True)
    event_seq: Mapped[int] = mapped_column(Integer)
    event_type: Mapped[str] = mapped_column(String(60))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending, delivered, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    last_status: Mapped[int | None] = mapped_column(Integer, default=None)
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
    delivered_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookAttempt(UUIDPrimaryKey, TenantScoped, Base):
    """The delivery log: every request sent, with what the endpoint answered."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "delivery_id"],
                             ["webhook_deliveries.tenant_id", "webhook_deliveries.id"],
                             ondelete="RESTRICT"),
    )

    delivery_id: Mapped[uuid.UUID] = mapped_column(index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    error: Mapped[str | None] = mapped_column(String(500), default=None)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
