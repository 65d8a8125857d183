"""Tenant admins keep the accounts: invite someone (account + invitation mail), change roles and
language, send a password reset, deactivate and reactivate (an account is never deleted)."""
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
from partage.api.web.lists import paged
from partage.api.web.render import html, page_of, redirect
from partage.core.errors import Conflict, PartageError
from partage.core.identity import tokens, users
from partage.core.identity.models import User
from partage.core.identity.policy import TENANT_ROLES
from partage.core.listing import SortKey

USERS = {"permission": "web:users"}
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
SORTS = {"email": SortKey((User.email, User.id)), "newest": SortKey((User.created_at, User.id), descending=True)}
LANGUAGES = (("", "—"), ("fr", "Français"), ("nl", "Nederlands"), ("en", "English"))
NOTICES = {"invited": "The invitation was sent.", "reset": "A password reset link was sent.",
           "saved": "Saved."}


def _roles(data) -> list[str]:
    return [r for r in TENANT_ROLES if data.get(f"role_{r}")]


def _list(request, session, page, errors, form) -> Response:
    query = select(User)
    status = request.query_params.get("status") or ""
    if status in ("active", "inactive"):
        query = query.where(User.active.is_(status == "active"))
    found, nav = paged(session, request, query, sorts=SORTS, default="email",
                       searched=(User.email, User.display_name))
    return html(request, session, "users.html", page=page, found=found, nav=nav, errors=errors, form=form,
                roles=TENANT_ROLES, languages=LANGUAGES)


@get("/app/admin/users", opt=USERS, include_in_schema=False, sync_to_thread=True)
def user_list(request: Request, session: Session) -> Response:
    page = page_of(request, session)
    return _list(request, session, page, FormErrors(page.words), {"role_member": "on"})


@post("/app/admin/users", opt=USERS, include_in_schema=False, sync_to_thread=True, status_code=200)
def user_invite(request: Request, state: State, session: Session, principal: Caller, data: Form) -> Response:
    """A new account without a password, and an invitation to choose one (mailed)."""
    page = page_of(request, session)
    errors = FormErrors(page.words)
    form = {k: (v or "").strip() for k, v in data.items()}
    try:
        with session.begin_nested():   # a mail server that refuses leaves no account behind
            user = users.create_user(session, email=form.get("email", ""),
                                     display_name=form.get("display_name", ""), roles=_roles(form),
                                     password=None, actor=principal.actor, language=form.get("language") or None)
            send_link(session, state.settings, str(request.base_url), page.tenant, user, tokens.INVITE,
                      actor=principal.actor)
        return redirect(request, f"/app/admin/user?user_id={user.id}&done=invited")
    except Conflict:
        errors.add("email", "An account with this email already exists")
    except PartageError as exc:
        errors.add_service_error(exc, ("email", "display_name", "roles", "language"))
    return _list(request, session, page_of(request, session), errors, form)


def _show(request, session, page, user: User, errors, form=None, notice: str = "") -> Response:
    form = form or {"display_name": user.display_name, "language": user.language or "",
                    **{f"role_{r}": "on" for r in user.roles}}
    return html(request, session, "user.html", page=page, user=user, errors=errors, form=form,
                roles=TENANT_ROLES, languages=LANGUAGES, notice=notice)


@get("/app/admin/user", opt=USERS, include_in_schema=False, sync_to_thread=True)
def user_show(request: Request, session: Session, user_id: FromQuery[uuid.UUID]) -> Response:
    page = page_of(request, session)
    return _show(request, session, page, users.get_user(session, user_id), FormErrors(page.words),
                 notice=NOTICES.get(request.query_params.get("done") or "", ""))


@post("/app/admin/user", opt=USERS, include_in_schema=False, sync_to_thread=True, status_code=200)
def user_save(request: Request, session: Session, principal: Caller, data: Form,
              user_id: FromQuery[uuid.UUID]) -> Response:
    page = page_of(request, session)
    user = users.get_user(session, user_id)
    errors = FormErrors(page.words)
    form = {k: (v or "").strip() for k, v in data.items()}
    try:
        with session.begin_nested():
            users.update_user(session, user, actor=principal.actor, display_name=form.get("display_name", ""),
                              roles=_roles(form), language=form.get("language", ""))
        return redirect(request, f"/app/admin/user?user_id={user.id}&done=saved")
    except PartageError as exc:
        errors.add_service_error(exc, ("display_name", "roles", "language"))
    return _show(request, session, page, users.get_user(session, user_id), errors, form)


@post("/app/admin/user/link", opt=USERS, include_in_schema=False, sync_to_thread=True, status_code=200)
def user_link(request: Request, state: State, session: Session, principal: Caller,
              user_id: FromQuery[uuid.UUID]) -> Response:
    """An invitation to someone who never chose a password, else a password reset link."""
    page = page_of(request, session)
    user = users.get_user(session, user_id)
    purpose = tokens.RESET if user.password_hash else tokens.INVITE
    errors = FormErrors(page.words)
    if not user.active:
        errors.add("_form", "Reactivate the account first")
        return _show(request, session, page, user, errors)
    try:
        with session.begin_nested():
            send_link(session, state.settings, str(request.base_url), page.tenant, user, purpose,
                      actor=principal.actor)
    except PartageError as exc:
        errors.add_service_error(exc, ())
        return _show(request, session, page, users.get_user(session, user_id), errors)
    done = "reset" if purpose == tokens.RESET else "invited"
    return redirect(request, f"/app/admin/user?user_id={user.id}&done={done}")


@post("/app/admin/user/active", opt=USERS, include_in_schema=False, sync_to_thread=True, status_code=200)
def user_active(request: Request, session: Session, principal: Caller, data: Form,
                user_id: FromQuery[uuid.UUID]) -> Response:
    """Deactivate (sessions and tokens stop at once; the account and its history stay) or reactivate."""
    page = page_of(request, session)
    user = users.get_user(session, user_id)
    if data.get("active") == "1":
        users.reactivate(session, user, actor=principal.actor)
    elif user.id == principal.user_id:
        errors = FormErrors(page.words)
        errors.add("_form", "You cannot deactivate your own account")
        return _show(request, session, page, user, errors)
    else:
        users.deactivate(session, user, actor=principal.actor)
    return redirect(request, f"/app/admin/user?user_id={user.id}&done=saved")
