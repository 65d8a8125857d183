"""THE permission table: which role may use which permission, and over what scope.

Every route declares one permission name (``opt={"permission": ...}``); this table alone decides.
A permission missing here is refused to everyone (and the route-table test fails).

Scopes: ``own`` (only the principal's own records), ``tenant`` (the whole tenant),
``platform`` (across tenants, through the audited ``cross_tenant`` path).
"""
from __future__ import annotations

from typing import Iterable, Literal

Scope = Literal["own", "tenant", "platform"]
MEMBER, ADVISOR, TENANT_ADMIN, PLATFORM_OPS = "member", "advisor", "tenant_admin", "platform_ops"
ROLES = (MEMBER, ADVISOR, TENANT_ADMIN, PLATFORM_OPS)
TENANT_ROLES = (MEMBER, ADVISOR, TENANT_ADMIN)     # what a tenant admin may grant
PUBLIC = "public"                                  # no authentication (login, OIDC, schema)
_STAFF: dict[str, Scope] = {ADVISOR: "tenant", TENANT_ADMIN: "tenant"}
_EVERYONE: dict[str, Scope] = {role: "own" for role in ROLES}

POLICY: dict[str, dict[str, Scope]] = {
    "session:end": _EVERYONE,
    "me:read": _EVERYONE,
    "users:read": {MEMBER: "own", **_STAFF},
    "users:write": {TENANT_ADMIN: "tenant"},
    "roles:read": {**_STAFF},
    "tenant_settings:read": {MEMBER: "tenant", **_STAFF},
    "tenant_settings:write": {TENANT_ADMIN: "tenant"},
    "api_keys:read": {TENANT_ADMIN: "tenant"},
    "api_keys:write": {TENANT_ADMIN: "tenant"},
    "ops:tenants:read": {PLATFORM_OPS: "platform"},
    "ops:tenants:write": {PLATFORM_OPS: "platform"},
    # billing (api/routes/billing_*): a member reads their own activities' records, staff all
    "billing:read": {MEMBER: "own", **_STAFF},
    "billing:write": {**_STAFF},
    "billing:write_off": {TENANT_ADMIN: "tenant"},   # bad debt: the guarantee fund pays for it
    # payroll (api/routes/payroll*): a member declares and reads their own work and payslips;
    # staff approve, review and amend performances, and run, approve and pay payroll runs
    "payroll:read": {MEMBER: "own", **_STAFF},
    "payroll:declare": {MEMBER: "own", **_STAFF},
    "payroll:write": {**_STAFF},
    "payroll_runs:read": {**_STAFF},
    "payroll_runs:write": {**_STAFF},
    # declarations (api/routes/declarations): staff generate, validate, mark submitted, download
    "declarations:read": {**_STAFF},
    "declarations:write": {**_STAFF},
    # webhooks (api/routes/webhooks): the tenant's endpoints hear its events (an integration's key too)
    "webhooks:read": {TENANT_ADMIN: "tenant"},
    "webhooks:write": {TENANT_ADMIN: "tenant"},
    # web UI pages (api/web): member pages show the caller's own records, staff pages the tenant
    "web:member": {MEMBER: "own", **_STAFF},
    "web:staff": {**_STAFF},
    "web:payroll": {TENANT_ADMIN: "tenant"},
    "web:billing_admin": {TENANT_ADMIN: "tenant"},
    "web:users": {TENANT_ADMIN: "tenant"},          # accounts, roles, invitations
    "web:ops": {PLATFORM_OPS: "platform"},
}
# Permissions an API key may never carry: keys act for an integration, not a person.
NOT_FOR_KEYS = frozenset({"session:end", "me:read", "api_keys:read", "api_keys:write",
                          "ops:tenants:read", "ops:tenants:write",
                          "web:member", "web:staff", "web:payroll", "web:billing_admin", "web:users",
                          "web:ops"})

# Permissions that only concern the account itself (signing out, reading one's own profile and
# pages): giving an account a role grants them, whoever gives it.
PERSONAL = frozenset({"session:end", "me:read", "web:member"})
_WIDTH = {"own": 0, "tenant": 1, "platform": 2}


def known(permission: str) -> bool:
    return permission == PUBLIC or permission in POLICY


def scope_for(permission: str, roles: Iterable[str]) -> Scope | None:
    """The widest scope ``roles`` give on ``permission``; None: refused."""
    rules = POLICY.get(permission, {})
    scopes = [rules[r] for r in roles if r in rules]
    return max(scopes, key=_WIDTH.__getitem__) if scopes else None


def scope_for_key(permission: str, key_permissions: Iterable[str]) -> Scope | None:
    if permission in NOT_FOR_KEYS or permission not in POLICY:
        return None
    return "tenant" if permission in set(key_permissions) else None


def grantable_to_key(permission: str, roles: Iterable[str]) -> bool:
    """A key may carry a permission its creator holds at tenant scope, never a personal one."""
    return permission not in NOT_FOR_KEYS and scope_for(permission, roles) == "tenant"


def permissions_of(role: str) -> dict[str, Scope]:
    return {name: rules[role] for name, rules in POLICY.items() if role in rules}


def role_within(role: str, holds) -> bool:
    """True when ``holds(permission)`` (the granter's scope on it) covers every permission of
    ``role`` at least as widely, its personal ones aside: nobody gives more than they have."""
    for permission, scope in permissions_of(role).items():
        if permission in PERSONAL:
            continue
        held = holds(permission)
        if held is None or _WIDTH[held] < _WIDTH[scope]:
            return False
    return True
