"""Staff keep the members: create, edit (identity, national number, IBAN, language, status), and
invite a member to sign in (a member account and an invitation mail)."""
from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from sqlalchemy import select

from partage.api.deps import Caller, Session
from partage.api.web.mails import send_link
from partage.api.web.forms import FormErrors
from partage.api.web.render import html, page_of, redirect
from partage.core.billing.models import Activity, Member
from partage.core.errors import NotFound, PartageError
from partage.core.identity import tokens, users
from partage.core.identity.models import User
from partage.core.ledger import balance
from partage.core.people import profile_of, save_member

STAFF = {"permission": "web:staff"}
USERS = {"permission": "web:users"}
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
FIELDS = ("first_name", "last_name", "email", "language", "national_number", "iban", "status")
LANGUAGE_OPTIONS = (("", "—"), ("fr", "Français"), ("nl", "Nederlands"), ("de", "Deutsch"), ("en", "English"))


def _member(session, member_id: uuid.UUID) -> Member:
    found = session.get(Member, member_id)
    if found is None:
        raise NotFound("no such member")
    return found


def _form_of(session, member: Member) -> dict:
    profile = profile_of(session, member)
    form = {k: getattr(member, k) or "" for k in ("first_name", "last_name", "email", "language", "status")}
    form.update(national_number=(profile.national_number if profile else "") or "",
                iban=(profile.iban if profile else "") or "")
    return form


def _account(session, member: Member) -> User | None:
    if not member.email:
        return None
    return session.scalars(select(User).where(User.email == member.email.strip().lower())).first()


def _show(request, session, page, member: Member | None, form: dict, errors, notice: str = "",
          status: int = 200) -> Response:
    acts = [] if member is None else list(session.scalars(
        select(Activity).where(Activity.member_id == member.id).order_by(Activity.name)))
    return html(request, session, "member.html", status=status, page=page, member=member, form=form,
                errors=errors, notice=notice, languages=LANGUAGE_OPTIONS,
                activities=[(a, balance(session, a.id)) for a in acts],
                account=_account(session, member) if member else None)


@get("/app/staff/members/new", opt=STAFF, include_in_schema=False, sync_to_thread=True)
def member_new(request: Request, session: Session) -> Response:
    page = page_of(request, session)
    return _show(request, session, page, None, {"status": "active"}, FormErrors(page.words))


@post("/app/staff/members/new", opt=STAFF, include_in_schema=False, sync_to_thread=True, status_code=200)
def member_create(request: Request, session: Session, principal: Caller, data: Form) -> Response:
    page = page_of(request, session)
    errors = FormErrors(page.words)
    form = {k: (data.get(k) or "").strip() for k in FIELDS if k != "status"}
    try:
        member = save_member(session, page.tenant.country, None, form, actor=principal.actor)
        return redirect(request, f"/app/staff/member?member_id={member.id}")
    except PartageError as exc:
        errors.add_service_error(exc, FIELDS)
    return _show(request, session, page, None, form, errors)


@get("/app/staff/member", opt=STAFF, include_in_schema=False, sync_to_thread=True)
def member_show(request: Request, session: Session, member_id: FromQuery[uuid.UUID]) -> Response:
    page = page_of(request, session)
    member = _member(session, member_id)
    notice = {"invited": "The invitation was sent.", "saved": "Saved."}.get(
        request.query_params.get("done") or "", "")
    return _show(request, session, page, member, _form_of(session, member), FormErrors(page.words), notice)


@post("/app/staff/member", opt=STAFF, include_in_schema=False, sync_to_thread=True, status_code=200)
def member_save(request: Request, session: Session, principal: Caller, data: Form,
                member_id: FromQuery[uuid.UUID]) -> Response:
    page = page_of(request, session)
    member = _member(session, member_id)
    errors = FormErrors(page.words)
    form = {k: (data.get(k) or "").strip() for k in FIELDS}
    try:
        save_member(session, page.tenant.country, member, form, actor=principal.actor)
        return redirect(request, f"/app/staff/member?member_id={member.id}&done=saved")
    except PartageError as exc:
        errors.add_service_error(exc, FIELDS)
    return _show(request, session, page, _member(session, member_id), form, errors)


@post("/app/staff/member/invite", opt=USERS, include_in_schema=False, sync_to_thread=True, status_code=200)
def member_invite(request: Request, state: State, session: Session, principal: Caller,
                  member_id: FromQuery[uuid.UUID]) -> Response:
    """Give the member an account (role member) if they have none, and mail them an invitation."""
    page = page_of(request, session)
    member = _member(session, member_id)
    errors = FormErrors(page.words)
    if not member.email:
        errors.add("email", "Enter the member's email first")
        return _show(request, session, page, member, _form_of(session, member), errors)
    existing = _account(session, member)
    if existing is not None and not principal.may_manage(existing.roles):   # as the API: no link to such an account
        errors.add("email", "This email belongs to an account with roles you cannot give")
        return _show(request, session, page, member, _form_of(session, member), errors)
    try:
        with session.begin_nested():   # a mail server that refuses leaves no account behind
            account = existing or users.create_user(
                session, email=member.email, display_name=f"{member.first_name} {member.last_name}",
                roles=["member"], password=None, actor=principal.actor, language=_page_language(member))
            send_link(session, state.settings, str(request.base_url), page.tenant, account, tokens.INVITE,
                      actor=principal.actor)
    except PartageError as exc:
        errors.add_service_error(exc, ("email",))
        return _show(request, session, page, _member(session, member_id),
                     _form_of(session, _member(session, member_id)), errors)
    return redirect(request, f"/app/staff/member?member_id={member.id}&done=invited")


def _page_language(member: Member) -> str | None:
    return member.language if member.language in users.LANGUAGES else None
