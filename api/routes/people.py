"""People over the API: staff edit members (identity, national number, IBAN, language, status);
tenant admins send invitations and password resets; anyone redeems an e-mailed link.

The links are single-use and expire (``core.identity.tokens``); the mails go through the configured
transport (``core.mail``) in the recipient's language (``api.mails``).
"""
from __future__ import annotations

import uuid
from typing import Annotated, Literal

from litestar import Request, Response, patch, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody
from msgspec import Meta, Struct

from partage.tenants.directory import find_tenant
from partage.api.deps import Caller, Session
from partage.api.web.mails import send_link
from partage.api.routes.billing_common import TAGS as BILLING_TAGS
from partage.api.routes.billing_common import WRITE
from partage.api.routes.billing_parties import MemberOut
from partage.api.routes.users import require_manageable
from partage.core.billing.models import Member
from partage.core.billing.parties import get as get_row
from partage.core.errors import Conflict, TooManyRequests, ValidationFailed
from partage.core.identity import tokens, users
from partage.core.identity.users import find_by_email, normalise_email
from partage.core.people import save_member
from partage.core.tenancy import bind_tenant
from partage.tenants.models import Tenant

PUBLIC = {"permission": "public"}
Text = Annotated[str, Meta(max_length=200)]


class MemberUpdate(Struct, forbid_unknown_fields=True):
    """Only the fields given change; ``""`` clears an optional one (email, language, numbers)."""

    first_name: Annotated[str, Meta(min_length=1, max_length=100)] | None = None
    last_name: Annotated[str, Meta(min_length=1, max_length=100)] | None = None
    email: Text | None = None
    language: Annotated[str, Meta(max_length=10)] | None = None
    national_number: Annotated[str, Meta(max_length=40)] | None = None   # checked by the country plugin
    iban: Annotated[str, Meta(max_length=42)] | None = None
    status: Literal["active", "inactive"] | None = None                 # inactive: kept, never deleted


class LinkGone(Conflict):
    status, title, slug = 410, "Link no longer valid", "link-gone"


class LinkSent(Struct):
    sent: str   # "invite" (never chose a password) or "reset"
    to: str


class ResetRequest(Struct, forbid_unknown_fields=True):
    tenant: Annotated[str, Meta(min_length=1, max_length=63, description="tenant slug")]
    email: Annotated[str, Meta(min_length=3, max_length=254)]


class NewPassword(Struct, forbid_unknown_fields=True):
    token: Annotated[str, Meta(min_length=10, max_length=200)]
    password: Annotated[str, Meta(min_length=1, max_length=1024)]


@patch("/billing/members/{member_id:uuid}", opt=WRITE, sync_to_thread=True, tags=BILLING_TAGS)
def update_member(member_id: FromPath[uuid.UUID], data: JSONBody[MemberUpdate], session: Session,
                  principal: Caller) -> MemberOut:
    """Edit a member; a national number or IBAN that fails its check is refused, naming the field."""
    member = get_row(session, Member, member_id, "member_id")
    given = {f: getattr(data, f) for f in data.__struct_fields__ if getattr(data, f) is not None}
    tenant = session.get(Tenant, principal.tenant_id)
    return MemberOut.of(save_member(session, tenant.country, member, given, actor=principal.actor))


@post("/users/{user_id:uuid}/invitation", opt={"permission": "users:write"}, status_code=202,
      sync_to_thread=True, tags=["users"])
def send_invitation(user_id: FromPath[uuid.UUID], request: Request, state: State, session: Session,
                    principal: Caller) -> LinkSent:
    """Mail the user a single-use link: an invitation if they never chose a password, else a reset
    (not to an account whose roles the caller could not give: a key cannot reset an admin's access)."""
    user = users.get_user(session, user_id)
    require_manageable(principal, user)
    if not user.active:
        raise Conflict("the account is deactivated; reactivate it first")
    purpose = tokens.RESET if user.password_hash else tokens.INVITE
    send_link(session, state.settings, str(request.base_url), session.get(Tenant, principal.tenant_id),
              user, purpose, actor=principal.actor)
    return LinkSent(sent=purpose, to=user.email)


@post("/auth/password-reset", opt=PUBLIC, status_code=202, sync_to_thread=True, tags=["auth"], security=[{}])
def request_reset(data: JSONBody[ResetRequest], request: Request, state: State) -> Response:
    """Mail a reset link when the account exists and is active; the answer is the same either way."""
    if state.throttle.check_address(request.client.host if request.client else "?"):
        raise TooManyRequests("too many attempts; try again later", retry_after=60)
    with state.db.session() as s:
        tenant = find_tenant(s, data.tenant)
        if tenant is not None:
            s.expunge(tenant)
    if tenant is not None:
        with bind_tenant(tenant.id), state.db.session() as s:
            user = find_by_email(s, normalise_email(data.email))
            if user is not None and user.active and user.password_hash:
                with s.begin_nested():
                    send_link(s, state.settings, str(request.base_url), tenant, user, tokens.RESET,
                              actor="system")
    return Response(None, status_code=202)


@post("/auth/password", opt=PUBLIC, status_code=204, sync_to_thread=True, tags=["auth"], security=[{}])
def set_password(data: JSONBody[NewPassword], state: State) -> None:
    """Spend an invitation or reset link's token to set the password (410 when the link is spent)."""
    tenant_id = tokens.tenant_of(data.token)
    if tenant_id is None:
        raise ValidationFailed.field("token", "not a link token")
    with bind_tenant(tenant_id), state.db.session() as s:
        try:
            tokens.redeem(s, data.token, data.password)
        except tokens.TokenRefused:
            raise LinkGone("this link is not valid any more: used or expired") from None
