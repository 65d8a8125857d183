"""Single-use, expiring e-mail links: invitations (choose a first password) and password resets.

The link carries ``put_<tenant hex>_<secret>``; only the secret's SHA-256 is stored (``user_tokens``,
tenant-owned, row-level security), the lookup runs bound to the tenant in the link, a token is spent
by its first use, and issuing a new one of the same purpose voids the older ones.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.db import utcnow
from partage.core.errors import FieldError, ValidationFailed
from partage.core.identity.hashing import MIN_PASSWORD, hash_password, new_token, parse_token
from partage.core.identity.models import User, UserToken

PREFIX = "put"
INVITE, RESET = "invite", "reset"
TTL = {INVITE: timedelta(days=7), RESET: timedelta(hours=2)}


class TokenRefused(Exception):
    """Unknown, already used, expired, or for an account that is no longer active."""


def tenant_of(token: str) -> uuid.UUID | None:
    parsed = parse_token(PREFIX, token or "")
    return parsed[0] if parsed else None


def issue(session: Session, user: User, purpose: str, *, actor: str) -> str:
    """A fresh link secret for ``user``; older unused ones of the same purpose stop working."""
    if purpose not in TTL:
        raise ValueError(f"unknown token purpose {purpose!r}")
    now = utcnow()
    session.execute(update(UserToken).where(UserToken.user_id == user.id, UserToken.purpose == purpose,
                                            UserToken.used_at.is_(None)).values(used_at=now))
    token, hashed = new_token(PREFIX, user.tenant_id)
    session.add(UserToken(user_id=user.id, purpose=purpose, token_hash=hashed, expires_at=now + TTL[purpose]))
    session.flush()
    record(session, actor=actor, action=f"user.{purpose}_sent", subject=f"user:{user.id}")
    return token


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _row(session: Session, token: str) -> tuple[UserToken, User]:
    parsed = parse_token(PREFIX, token or "")
    row = session.scalars(select(UserToken).where(UserToken.token_hash == parsed[1])).first() \
        if parsed else None
    if row is None or row.used_at is not None or _aware(row.expires_at) <= utcnow():
        raise TokenRefused("this link is not valid any more")
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        raise TokenRefused("this link is not valid any more")
    return row, user


def check(session: Session, token: str) -> tuple[str, User]:
    """(purpose, user) of a live token, without spending it (to show the form)."""
    row, user = _row(session, token)
    return row.purpose, user


def redeem(session: Session, token: str, password: str, confirm: str | None = None) -> User:
    """Spend the token: set the password, unlock the account; bad input spends nothing."""
    errors = []
    if len(password or "") < MIN_PASSWORD:
        errors.append(FieldError("password", f"at least {MIN_PASSWORD} characters"))
    elif len(password) > 1024:
        errors.append(FieldError("password", "at most 1024 characters"))
    if confirm is not None and confirm != password:
        errors.append(FieldError("confirm", "the two passwords differ"))
    row, user = _row(session, token)
    if errors:
        raise ValidationFailed(errors)
    row.used_at = utcnow()
    user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until = 0, None
    record(session, actor=f"user:{user.id}", action="user.password_set", subject=f"user:{user.id}",
           payload={"via": row.purpose})
    return user
