"""Refresh tokens (rotating), web sessions and API keys: opaque secrets stored as digests.

Every lookup runs bound to the tenant written in the token (see ``core.identity.hashing``).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.db import utcnow
from partage.core.errors import NotFound, Unauthenticated, ValidationFailed
from partage.core.identity.hashing import new_token
from partage.core.identity.models import ApiKey, RefreshToken, User, WebSession
from partage.core.identity.policy import POLICY, grantable_to_key

REFRESH_PREFIX, SESSION_PREFIX, KEY_PREFIX = "prt", "pss", "pak"
REFRESH_TTL = timedelta(days=14)
SESSION_TTL = timedelta(hours=12)


def _live(expires_at: datetime, now: datetime) -> bool:
    expires = expires_at if expires_at.tzinfo else expires_at.replace(tzinfo=timezone.utc)
    return expires > now


def _active_user(session: Session, user_id: uuid.UUID) -> User | None:
    user = session.get(User, user_id)
    return user if user is not None and user.active else None


def issue_refresh(session: Session, user: User, family_id: uuid.UUID | None = None) -> str:
    token, hashed = new_token(REFRESH_PREFIX, user.tenant_id)
    session.add(RefreshToken(user_id=user.id, family_id=family_id or uuid.uuid4(),
                             token_hash=hashed, expires_at=utcnow() + REFRESH_TTL))
    session.flush()
    return token


def rotate_refresh(session: Session, hashed: str) -> tuple[User | None, str | None]:
    """Spend a refresh token for a new one.

    A reused (already rotated) token revokes its whole family and gives ``(None, None)``: the
    caller commits that revocation, then refuses the request.
    """
    now = utcnow()
    row = session.scalars(select(RefreshToken).where(RefreshToken.token_hash == hashed)).first()
    if row is None or row.revoked_at is not None or not _live(row.expires_at, now):
        raise Unauthenticated("refresh token invalid or expired")
    if row.used_at is not None:
        revoke_family(session, row.family_id, now)
        record(session, actor=f"user:{row.user_id}", action="refresh_token.reused",
               subject=f"user:{row.user_id}")
        return None, None
    user = _active_user(session, row.user_id)
    if user is None:
        raise Unauthenticated("refresh token invalid or expired")
    row.used_at = now
    return user, issue_refresh(session, user, row.family_id)


def revoke_family(session: Session, family_id: uuid.UUID, now: datetime | None = None) -> None:
    session.execute(update(RefreshToken).where(RefreshToken.family_id == family_id,
                                               RefreshToken.revoked_at.is_(None))
                    .values(revoked_at=now or utcnow()))


def revoke_refresh(session: Session, hashed: str, user_id: uuid.UUID) -> None:
    row = session.scalars(select(RefreshToken).where(RefreshToken.token_hash == hashed,
                                                     RefreshToken.user_id == user_id)).first()
    if row is not None:
        revoke_family(session, row.family_id)


def open_session(session: Session, user: User) -> str:
    token, hashed = new_token(SESSION_PREFIX, user.tenant_id)
    session.add(WebSession(user_id=user.id, token_hash=hashed, expires_at=utcnow() + SESSION_TTL))
    session.flush()
    return token


def session_user(session: Session, hashed: str) -> User | None:
    row = session.scalars(select(WebSession).where(WebSession.token_hash == hashed)).first()
    if row is None or row.revoked_at is not None or not _live(row.expires_at, utcnow()):
        return None
    return _active_user(session, row.user_id)


def close_session(session: Session, hashed: str) -> None:
    row = session.scalars(select(WebSession).where(WebSession.token_hash == hashed)).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()


@dataclass(frozen=True, slots=True)
class NewKey:
    key: ApiKey
    secret: str


def create_key(session: Session, *, name: str, permissions: list[str], roles: list[str],
               actor: str) -> NewKey:
    """A key with ``permissions`` (each held by the creator at tenant scope); secret shown once."""
    if not name.strip() or len(name) > 100:
        raise ValidationFailed.field("name", "1 to 100 characters")
    if not permissions:
        raise ValidationFailed.field("permissions", "at least one permission")
    for perm in permissions:
        if perm not in POLICY or not grantable_to_key(perm, roles):
            raise ValidationFailed.field("permissions", f"{perm!r} cannot be given to an API key")
    token, hashed = new_token(KEY_PREFIX, _tenant_of(session))
    key = ApiKey(name=name.strip(), secret_hash=hashed, permissions=sorted(set(permissions)),
                 created_by=actor)
    session.add(key)
    session.flush()
    record(session, actor=actor, action="api_key.created", subject=f"api_key:{key.id}",
           payload={"name": key.name, "permissions": key.permissions})
    return NewKey(key, token)


def _tenant_of(session: Session) -> uuid.UUID:
    from partage.core.tenancy import require_tenant

    return require_tenant("api key")


def key_for(session: Session, hashed: str) -> ApiKey | None:
    """The live key with this digest (touching ``last_used_at``), else None."""
    key = session.scalars(select(ApiKey).where(ApiKey.secret_hash == hashed)).first()
    if key is None or key.revoked_at is not None:
        return None
    key.last_used_at = utcnow()
    return key


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.created_at)))


def revoke_key(session: Session, key_id: uuid.UUID, *, actor: str) -> ApiKey:
    key = session.scalars(select(ApiKey).where(ApiKey.id == key_id)).first()
    if key is None:
        raise NotFound("no such API key")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        record(session, actor=actor, action="api_key.revoked", subject=f"api_key:{key.id}")
    return key
