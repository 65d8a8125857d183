"""Who can sign in after ``partage demo``: per tenant a member (linked to a demo member with a
payslip and invoices), an advisor and an admin, plus one platform ops account; one password for all,
generated per demo (or ``--password``) and shown once, never stored in clear."""
from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass

from sqlalchemy import select

from partage.core.billing.models import Member
from partage.core.db import Database
from partage.core.identity.hashing import MIN_PASSWORD, hash_password
from partage.core.identity.policy import ADVISOR, MEMBER, PLATFORM_OPS, ROLES, TENANT_ADMIN
from partage.core.identity.users import create_user, find_by_email
from partage.core.tenancy import bind_tenant
from partage.tenants.provisioning import list_tenants

ACTOR = "demo"
DOMAIN = "example"                         # member@smart-be.example: reserved, never a real mailbox
OPS_TENANT = "smart-be"                    # the ops account signs in through this organisation
STAFF = ((MEMBER, "member", [MEMBER]), (ADVISOR, "advisor", [ADVISOR]),
         (TENANT_ADMIN, "admin", [TENANT_ADMIN]))


@dataclass(frozen=True, slots=True)
class Login:
    role: str
    organisation: str      # the tenant slug typed in the sign-in form
    email: str
    password: str

    def to_dict(self) -> dict:
        return asdict(self)


def new_password() -> str:
    """Readable, 16 characters, 80+ bits: four groups of four letters and digits."""
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def _link_member(session, email: str) -> None:
    """The demo member account signs in as the tenant's first demo member (its payslip, invoices)."""
    if session.scalars(select(Member).where(Member.email == email)).first() is not None:
        return
    first = session.scalars(select(Member).order_by(Member.created_at, Member.id)).first()
    if first is not None:
        first.email = email


def _account(session, email: str, name: str, roles: list[str], password_hash: str) -> None:
    """Create the account, or reset its password and roles when the demo runs again (one argon2
    hash for the demo's one password: hashing is deliberately slow)."""
    user = find_by_email(session, email) or create_user(
        session, email=email, display_name=name, roles=roles, password=None, actor=ACTOR, grantable=ROLES)
    user.password_hash, user.roles, user.active = password_hash, roles, True
    user.failed_logins, user.locked_until = 0, None


def create_logins(db: Database, password: str | None = None, advance=None) -> list[Login]:
    """The demo's accounts in every tenant (idempotent); returns what to print."""
    password = password or new_password()
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"--password: at least {MIN_PASSWORD} characters")
    password_hash = hash_password(password)
    logins, tenants = [], list_tenants(db)
    ops_tenant = OPS_TENANT if OPS_TENANT in {t.slug for t in tenants} else tenants[0].slug
    for tenant in tenants:
        with bind_tenant(tenant.id), db.session() as session:
            for role, local, roles in STAFF:
                email = f"{local}@{tenant.slug}.{DOMAIN}"
                if role == MEMBER:
                    _link_member(session, email)
                _account(session, email, f"Demo {local} ({tenant.slug})", roles, password_hash)
                logins.append(Login(role, tenant.slug, email, password))
            if ops_tenant == tenant.slug:
                email = f"ops@{tenant.slug}.{DOMAIN}"
                _account(session, email, "Demo platform ops", [PLATFORM_OPS], password_hash)
                logins.append(Login(PLATFORM_OPS, tenant.slug, email, password))
        if advance:
            advance(1)
    return logins


__all__ = ["Login", "create_logins", "new_password"]
