"""Declaration tables: one row per generated version, and its append-only status events.

A row's file (``content``, ``sha256``) never changes once written: regenerating makes a new
version. Only ``status`` and ``receipt`` follow the lifecycle, and every change is an event.
"""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKeyConstraint, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from partage.core.db import Base, TenantScoped, UUIDPrimaryKey, utcnow


class DeclarationRecord(UUIDPrimaryKey, TenantScoped, Base):
    """One version of a declaration of a type, period and subject (event declarations: a performance)."""

    __tablename__ = "declarations"
    __table_args__ = (UniqueConstraint("tenant_id", "id", name="uq_declarations_tenant_id_id"),
                      UniqueConstraint("tenant_id", "declaration_type", "period", "subject", "version",
                                       name="uq_declarations_version"))

    declaration_type: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(60), default="")  # "" for periodic declarations
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(60))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    problems: Mapped[list] = mapped_column(JSON, default=list)
    receipt: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DeclarationEvent(UUIDPrimaryKey, TenantScoped, Base):
    """A lifecycle step of a declaration version; only ever inserted."""

    __tablename__ = "declaration_events"
    __table_args__ = (UniqueConstraint("tenant_id", "declaration_id", "position"),
                      ForeignKeyConstraint(["tenant_id", "declaration_id"],
                                           ["declarations.tenant_id", "declarations.id"], ondelete="RESTRICT"),)

    declaration_id: Mapped[uuid.UUID] = mapped_column(index=True)
    position: Mapped[int] = mapped_column(Integer)  # 1, 2... within the declaration
    event: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="")
