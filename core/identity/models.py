"""Users and their credentials; every table is tenant-owned (``TenantScoped``).

Foreign keys between these tables include ``tenant_id`` (scale path: sharding by tenant).
"""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKeyConstraint, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from partage.core.db import Base, TenantScoped, UUIDPrimaryKey, utcnow


class User(UUIDPrimaryKey, TenantScoped, Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("tenant_id", "email"), UniqueConstraint("tenant_id", "id"),
                      UniqueConstraint("tenant_id", "oidc_subject"))

    email: Mapped[str] = mapped_column(String(254))
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))   # None: OIDC-only account
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    oidc_subject: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str | None] = mapped_column(String(5))   # pages and mails; None: the tenant's
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def _user_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["tenant_id", "user_id"], ["users.tenant_id", "users.id"],
                                ondelete="RESTRICT")


class ApiKey(UUIDPrimaryKey, TenantScoped, Base):
    """An integration's key: one tenant, a set of permissions, revocable. Only a hash is kept."""

    __tablename__ = "api_keys"
    __table_args__ = (UniqueConstraint("secret_hash"),)

    name: Mapped[str] = mapped_column(String(100))
    secret_hash: Mapped[str] = mapped_column(String(64))
    permissions: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()


class RefreshToken(UUIDPrimaryKey, TenantScoped, Base):
    """A rotating refresh token (hashed). Reusing a rotated one revokes its whole family."""

    __tablename__ = "refresh_tokens"
    __table_args__ = (UniqueConstraint("token_hash"), _user_fk())

    user_id: Mapped[uuid.UUID] = mapped_column()
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebSession(UUIDPrimaryKey, TenantScoped, Base):
    """A browser session (cookie); the CSRF token is derived from it, never stored."""

    __tablename__ = "web_sessions"
    __table_args__ = (UniqueConstraint("token_hash"), _user_fk())

    user_id: Mapped[uuid.UUID] = mapped_column()
    token_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class UserToken(UUIDPrimaryKey, TenantScoped, Base):
    """A single-use, expiring link sent by e-mail: an invitation or a password reset (hashed)."""

    __tablename__ = "user_tokens"
    __table_args__ = (UniqueConstraint("token_hash"), _user_fk())

    user_id: Mapped[uuid.UUID] = mapped_column(index=True)
    purpose: Mapped[str] = mapped_column(String(20))   # "invite" | "reset"
    token_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
