"""User accounts: create, read, change roles, deactivate, authenticate (with lockout)."""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.db import utcnow
from partage.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from partage.core.identity.hashing import MIN_PASSWORD, hash_password, verify_password
from partage.core.identity.models import User
from partage.core.identity.policy import ROLES, TENANT_ADMIN, TENANT_ROLES
from partage.core.identity.throttle import LOCKOUT, MAX_FAILURES

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _check_roles(roles: list[str], grantable: tuple[str, ...] = TENANT_ROLES) -> list[str]:
    if not roles:
        raise ValidationFailed.field("roles", "at least one role")
    for role in roles:
        if role not in grantable:
            known = ", ".join(grantable)
            raise ValidationFailed.field("roles", f"unknown or not grantable role {role!r}; allowed: {known}")
    return sorted(set(roles))


def _check_new_user(email: str, display_name: str, password: str | None) -> None:
    errors = []
    if not EMAIL.match(email) or len(email) > 254:
        errors.append(FieldError("email", "not a valid email address"))
    if not display_name.strip() or len(display_name) > 200:
        errors.append(FieldError("display_name", "1 to 200 characters"))
    if password is not None and len(password) < MIN_PASSWORD:
        errors.append(FieldError("password", f"at least {MIN_PASSWORD} characters"))
    if errors:
        raise ValidationFailed(errors)


LANGUAGES = ("fr", "nl", "en")   # the languages of the pages and mails


def _check_language(language: str | None) -> str | None:
    if language in (None, ""):
        return None
    if language not in LANGUAGES:
        raise ValidationFailed.field("language", f"one of {', '.join(LANGUAGES)}")
    return language


def create_user(session: Session, *, email: str, display_name: str, roles: list[str],
                password: str | None, actor: str, grantable: tuple[str, ...] = TENANT_ROLES,
                language: str | None = None) -> User:
    """A new active account in the bound tenant (``grantable=ROLES`` for the CLI); without a
    password, the person chooses one through an invitation (``core.identity.tokens``)."""
    email = normalise_email(email)
    _check_new_user(email, display_name, password)
    roles = _check_roles(roles, grantable)
    language = _check_language(language)
    if find_by_email(session, email) is not None:
        raise Conflict("a user with this email already exists", )
    user = User(email=email, display_name=display_name.strip(), roles=roles, active=True,
                password_hash=hash_password(password) if password else None, failed_logins=0,
                language=language)
    session.add(user)
    session.flush()
    record(session, actor=actor, action="user.created", subject=f"user:{user.id}",
           payload={"email": email, "roles": roles})
    return user


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == normalise_email(email))).first()


def get_user(session: Session, user_id: uuid.UUID) -> User:
    """The user of the bound tenant with this id; another tenant's id is simply not found."""
    user = session.scalars(select(User).where(User.id == user_id)).first()
    if user is None:
        raise NotFound("no such user")
    return user


def list_users(session: Session, *, only: uuid.UUID | None = None, limit: int = 100,
               offset: int = 0) -> tuple[list[User], int]:
    query = select(User)
    if only is not None:
        query = query.where(User.id == only)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(User.email).limit(limit).offset(offset))
    return list(rows), int(total or 0)


def update_user(session: Session, user: User, *, actor: str, display_name: str | None = None,
                roles: list[str] | None = None, language: str | None = None) -> User:
    """Only what is given changes (``language=""`` clears it: the tenant's language applies)."""
    changes: dict = {}
    if language is not None and _check_language(language) != user.language:
        user.language = changes["language"] = _check_language(language)
    if display_name is not None:
        if not display_name.strip() or len(display_name) > 200:
            raise ValidationFailed.field("display_name", "1 to 200 characters")
        user.display_name = changes["display_name"] = display_name.strip()
    if roles is not None:
        keep = [r for r in user.roles if r not in TENANT_ROLES]   # platform_ops is not theirs to drop
        new_roles = sorted(set(_check_roles(roles) + keep))
        if TENANT_ADMIN in user.roles and TENANT_ADMIN not in new_roles:
            _keep_an_admin(session, user)
        user.roles = changes["roles"] = new_roles
    if changes:
        record(session, actor=actor, action="user.updated", subject=f"user:{user.id}", payload=changes)
    return user


def _keep_an_admin(session: Session, leaving: User) -> None:
    """Refuse when ``leaving`` is the tenant's last active tenant admin (no one could manage it)."""
    if not leaving.active or TENANT_ADMIN not in (leaving.roles or ()):
        return
    others = session.scalars(select(User).where(User.active.is_(True), User.id != leaving.id))
    if not any(TENANT_ADMIN in (u.roles or ()) for u in others):
        raise Conflict("the last active tenant admin cannot lose the role nor be deactivated; "
                       "make another account tenant admin first")


def deactivate(session: Session, user: User, *, actor: str) -> User:
    _keep_an_admin(session, user)
    if user.active:
        user.active = False
        record(session, actor=actor, action="user.deactivated", subject=f"user:{user.id}")
    return user


def reactivate(session: Session, user: User, *, actor: str) -> User:
    if not user.active:
        user.active = True
        user.failed_logins, user.locked_until = 0, None
        record(session, actor=actor, action="user.reactivated", subject=f"user:{user.id}")
    return user


@dataclass(frozen=True, slots=True)
class LoginOutcome:
    user: User | None
    locked_until: datetime | None = None   # set when refused because the account was locked


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=timezone.utc) if value and value.tzinfo is None else value


def authenticate(session: Session, email: str, password: str) -> LoginOutcome:
    """Check a password; counts failures and locks the account after ``MAX_FAILURES``."""
    user = find_by_email(session, email)
    now = utcnow()
    locked = _aware(user.locked_until) if user else None
    if locked and locked > now:
        verify_password(None, password)
        return LoginOutcome(None, locked)
    if not verify_password(user.password_hash if user else None, password) or not user.active:
        if user is not None:
            _count_failure(session, user, now)
        return LoginOutcome(None)
    user.failed_logins, user.locked_until = 0, None
    return LoginOutcome(user)


def _count_failure(session: Session, user: User, now: datetime) -> None:
    user.failed_logins = (user.failed_logins or 0) + 1
    if user.failed_logins >= MAX_FAILURES:
        user.locked_until, user.failed_logins = now + LOCKOUT, 0
        record(session, actor="system", action="user.locked", subject=f"user:{user.id}")


__all__ = ["ROLES", "authenticate", "create_user", "deactivate", "find_by_email", "get_user",
           "list_users", "reactivate", "update_user"]
