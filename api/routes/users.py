"""The caller (``/me``), users and roles of the tenant. A member sees only their own account."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec
from litestar import get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter
from msgspec import Meta, Struct

from partage.api.deps import Access, Caller, Session
from partage.api.principal import Principal
from partage.api.timefmt import utc
from partage.core.db import PartageSession
from partage.core.errors import Conflict, NotFound, PermissionDenied
from partage.core.identity import policy, users
from partage.core.identity.models import User

TAGS = ["users"]


class UserOut(Struct):
    id: uuid.UUID
    email: str
    display_name: str
    roles: list[str]
    active: bool
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> "UserOut":
        return cls(id=user.id, email=user.email, display_name=user.display_name,
                   roles=list(user.roles), active=user.active, created_at=utc(user.created_at))


class Me(Struct):
    user: UserOut
    tenant: str
    modules: list[str]
    permissions: dict[str, str]


class UserPage(Struct):
    items: list[UserOut]
    total: int


class UserCreate(Struct, forbid_unknown_fields=True):
    email: Annotated[str, Meta(min_length=3, max_length=254)]
    display_name: Annotated[str, Meta(min_length=1, max_length=200)]
    roles: list[str] = msgspec.field(default_factory=lambda: ["member"])
    password: Annotated[str, Meta(min_length=10, max_length=1024)] | None = None


class UserUpdate(Struct, forbid_unknown_fields=True):
    display_name: Annotated[str, Meta(min_length=1, max_length=200)] | None = None
    roles: list[str] | None = None


class RoleOut(Struct):
    name: str
    permissions: dict[str, str]


def _visible(session: PartageSession, principal: Principal, access: str, user_id: uuid.UUID) -> User:
    """The user, if this caller may see it: ``own`` scope sees only itself (else 404)."""
    if access == "own" and user_id != principal.user_id:
        raise NotFound("no such user")
    return users.get_user(session, user_id)


def _permissions(roles) -> dict[str, str]:
    return {name: scope for name in policy.POLICY if (scope := policy.scope_for(name, roles))}


@get("/me", opt={"permission": "me:read"}, sync_to_thread=True, tags=TAGS)
def me(session: Session, principal: Caller) -> Me:
    """The signed-in user, their tenant and what they may do."""
    user = users.get_user(session, principal.user_id)
    return Me(user=UserOut.of(user), tenant=principal.tenant_slug, modules=sorted(principal.modules),
              permissions=_permissions(principal.roles))


@get("/users", opt={"permission": "users:read"}, sync_to_thread=True, tags=TAGS)
def list_users(session: Session, principal: Caller, access: Access,
               limit: Annotated[int, QueryParameter(ge=1, le=500)] = 100,
               offset: Annotated[int, QueryParameter(ge=0, le=1_000_000)] = 0) -> UserPage:
    """Users of the tenant (a member: only themself)."""
    only = principal.user_id if access == "own" else None
    rows, total = users.list_users(session, only=only, limit=limit, offset=offset)
    return UserPage(items=[UserOut.of(u) for u in rows], total=total)


def _grantable(principal: Principal, roles) -> None:
    beyond = [role for role in roles if role in policy.TENANT_ROLES and not principal.may_grant(role)]
    if beyond:
        raise PermissionDenied(f"you cannot give the role(s) {', '.join(beyond)}: they allow more "
                               "than you may do")


def require_manageable(principal: Principal, user: User) -> None:
    if not principal.may_manage(user.roles):
        raise PermissionDenied("this account has roles you cannot give; you cannot change it")


@post("/users", opt={"permission": "users:write"}, sync_to_thread=True, tags=TAGS)
def create_user(data: JSONBody[UserCreate], session: Session, principal: Caller) -> UserOut:
    """Create an account (roles: member, advisor, tenant_admin; only roles the caller could hold
    all of: an API key cannot create an admin)."""
    _grantable(principal, data.roles)
    user = users.create_user(session, email=data.email, display_name=data.display_name,
                             roles=data.roles, password=data.password, actor=principal.actor)
    return UserOut.of(user)


@get("/users/{user_id:uuid}", opt={"permission": "users:read"}, sync_to_thread=True, tags=TAGS)
def get_user(user_id: FromPath[uuid.UUID], session: Session, principal: Caller, access: Access) -> UserOut:
    return UserOut.of(_visible(session, principal, access, user_id))


@patch("/users/{user_id:uuid}", opt={"permission": "users:write"}, sync_to_thread=True, tags=TAGS)
def update_user(user_id: FromPath[uuid.UUID], data: JSONBody[UserUpdate], session: Session,
                principal: Caller) -> UserOut:
    """Rename a user or replace their tenant roles (only an account whose roles the caller could
    give, and only such roles; the last active tenant admin keeps the role)."""
    user = users.get_user(session, user_id)
    require_manageable(principal, user)
    if data.roles is not None:
        _grantable(principal, data.roles)
    user = users.update_user(session, user, actor=principal.actor,
                             display_name=data.display_name, roles=data.roles)
    return UserOut.of(user)


@post("/users/{user_id:uuid}/deactivate", opt={"permission": "users:write"}, status_code=200,
      sync_to_thread=True, tags=TAGS)
def deactivate_user(user_id: FromPath[uuid.UUID], session: Session, principal: Caller) -> UserOut:
    """Deactivate an account: its tokens and sessions stop working at once (not one with roles the
    caller could not give, such as platform ops; not the last active tenant admin)."""
    user = users.get_user(session, user_id)
    if user.id == principal.user_id:
        raise Conflict("you cannot deactivate your own account")
    require_manageable(principal, user)
    return UserOut.of(users.deactivate(session, user, actor=principal.actor))


@get("/roles", opt={"permission": "roles:read"}, sync_to_thread=False, tags=TAGS)
def list_roles() -> list[RoleOut]:
    """The roles and the permission scopes each one gives (from the one policy table)."""
    return [RoleOut(name=role, permissions=policy.permissions_of(role)) for role in policy.ROLES]
