"""API keys for integrations: one tenant, a set of permissions, the secret shown once."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from litestar import delete, get, post
from litestar.params import FromPath, JSONBody
from msgspec import Meta, Struct

from partage.api.deps import Caller, Session
from partage.api.timefmt import utc
from partage.core.identity import credentials
from partage.core.identity.models import ApiKey

TAGS = ["api keys"]


class ApiKeyOut(Struct):
    id: uuid.UUID
    name: str
    permissions: list[str]
    created_by: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, key: ApiKey) -> "ApiKeyOut":
        return cls(id=key.id, name=key.name, permissions=list(key.permissions),
                   created_by=key.created_by, created_at=utc(key.created_at),
                   last_used_at=utc(key.last_used_at), revoked_at=utc(key.revoked_at))


class ApiKeyCreated(Struct):
    key: ApiKeyOut
    secret: str    # shown once: only its hash is stored


class ApiKeyCreate(Struct, forbid_unknown_fields=True):
    name: Annotated[str, Meta(min_length=1, max_length=100)]
    permissions: Annotated[list[str], Meta(min_length=1, max_length=50)]


@get("/api-keys", opt={"permission": "api_keys:read"}, sync_to_thread=True, tags=TAGS)
def list_keys(session: Session) -> list[ApiKeyOut]:
    return [ApiKeyOut.of(k) for k in credentials.list_keys(session)]


@post("/api-keys", opt={"permission": "api_keys:write"}, sync_to_thread=True, tags=TAGS)
def create_key(data: JSONBody[ApiKeyCreate], session: Session, principal: Caller) -> ApiKeyCreated:
    """Create a key; ``secret`` is in this response only. Use it as ``Authorization: Bearer``."""
    new = credentials.create_key(session, name=data.name, permissions=data.permissions,
                                 roles=list(principal.roles), actor=principal.actor)
    return ApiKeyCreated(key=ApiKeyOut.of(new.key), secret=new.secret)


@delete("/api-keys/{key_id:uuid}", opt={"permission": "api_keys:write"}, sync_to_thread=True,
        tags=TAGS)
def revoke_key(key_id: FromPath[uuid.UUID], session: Session, principal: Caller) -> None:
    """Revoke a key (kept for the record; it stops working at once)."""
    credentials.revoke_key(session, key_id, actor=principal.actor)
