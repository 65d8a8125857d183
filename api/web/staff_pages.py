"""Advisor and tenant admin: the validation queue, members, declarations and their deadlines."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

from litestar import Request, Response, get, post
from litestar.params import FromQuery
from sqlalchemy import select

from api.deps import Session
from api.web.lists import paged
from api.web.render import html, page_of, redirect
from core.billing.models import Activity, Member
from core.declarations.calendar import schedule
from core.errors import PartageError
from core.listing import SortKey
from core.ledger import balance, outstanding, owed
from core.ledger.bad_debt import losses
from core.payroll.models import Performance
from core.payroll.performances import approve_performance
from core.plugins import registry

STAFF = {"permission": "web:staff"}
PAYROLL = {**STAFF, "web_module": "payroll"}
DECLARATIONS = {**STAFF, "web_module": "declarations"}


@get("/app/staff/queue", opt=PAYROLL, include_in_schema=False, sync_to_thread=True)
def queue(request: Request, session: Session) -> Response:
    """Only what the guardrails held: pending performances with the checks that failed."""
    pending = session.scalars(select(Performance).where(Performance.status == "pending")
                              .order_by(Performance.start).limit(200)).all()
    names = {m.id: f"{m.first_name} {m.last_name}" for m in session.scalars(
        select(Member).where(Member.id.in_([p.member_id for p in pending])))} if pending else {}
    return html(request, session, "queue.html", pending=pending, names=names, error=None)


@post("/app/staff/queue/approve", opt=PAYROLL, include_in_schema=False,
      sync_to_thread=True, status_code=200)
def approve(request: Request, session: Session, performance_id: FromQuery[uuid.UUID]) -> Response:
    try:
        approve_performance(session, performance_id)
    except PartageError:
        pass   # approved meanwhile by someone else: the refreshed queue shows it
    return redirect(request, "/app/staff/queue")


MEMBER_SORTS = {"name": SortKey((Member.last_name, Member.first_name, Member.id)),
                "newest": SortKey((Member.created_at, Member.id), descending=True)}


@get("/app/staff/members", opt=STAFF, include_in_schema=False, sync_to_thread=True)
def members(request: Request, session: Session) -> Response:
    """Members, paged (keyset), searchable by name or email, by status; balances of the page's rows."""
    query = select(Member)
    status = request.query_params.get("status") or ""
    if status in ("active", "inactive"):
        query = query.where(Member.status == status)
    found, nav = paged(session, request, query, sorts=MEMBER_SORTS, default="name",
                       searched=(Member.last_name, Member.first_name, Member.email))
    rows = found.rows
    acts = session.scalars(select(Activity).where(Activity.member_id.in_([m.id for m in rows]))).all() \
        if rows else []
    by_member: dict = {}
    for act in acts:
        by_member.setdefault(act.member_id, []).append((act.name, balance(session, act.id)))
    to_fund = owed(session, [a.id for a in acts])   # guarantee advances not repaid yet
    guarantee: dict = {}
    for act in acts:
        guarantee[act.member_id] = guarantee.get(act.member_id, 0) + to_fund[act.id]
    fund = {"owed": outstanding(session), "absorbed": losses(session)}   # the whole tenant
    return html(request, session, "members.html", members=rows, activities=by_member,
                guarantee=guarantee, fund=fund, found=found, nav=nav)


@get("/app/staff/declarations", opt=DECLARATIONS, include_in_schema=False, sync_to_thread=True)
def declarations(request: Request, session: Session) -> Response:
    """The declarations the tenant's country plugin makes due in the coming year, with deadlines."""
    page = page_of(request, session)
    rules = getattr(registry().get(page.tenant.country), "declarations", None)
    today = date.today()
    dues = schedule(rules, today - timedelta(days=62), today + timedelta(days=366)) if rules else []
    return html(request, session, "declarations.html", page=page, dues=dues, today=today,
                types=rules.declaration_types if rules else ())


ROUTES = [queue, approve, members, declarations]
