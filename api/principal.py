"""Who is calling: a user (JWT or web session) or an API key, always inside one tenant."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from partage.core.identity import policy


@dataclass(frozen=True, slots=True)
class Principal:
    kind: str                                   # "user" | "api_key"
    tenant_id: uuid.UUID
    tenant_slug: str
    modules: frozenset[str]
    user_id: uuid.UUID | None = None
    roles: frozenset[str] = frozenset()
    key_id: uuid.UUID | None = None
    key_permissions: frozenset[str] = frozenset()
    via_cookie: bool = False

    @property
    def actor(self) -> str:
        """Who to name in the audit trail."""
        return f"user:{self.user_id}" if self.kind == "user" else f"api_key:{self.key_id}"

    def scope(self, permission: str) -> policy.Scope | None:
        if self.kind == "api_key":
            return policy.scope_for_key(permission, self.key_permissions)
        return policy.scope_for(permission, self.roles)

    def may_grant(self, role: str) -> bool:
        """A user or a key gives a role only if it holds all that the role gives (an API key
        with ``users:write`` cannot make an admin, then act as it)."""
        return policy.role_within(role, self.scope)

    def may_manage(self, roles) -> bool:
        """Change or deactivate an account only if every role it has is one the caller may give
        (a tenant admin cannot deactivate a platform ops account; a key, an admin)."""
        return all(self.may_grant(role) for role in roles)
