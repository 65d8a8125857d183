"""Advisor and tenant admin: the validation queue, members, declarations and their deadlines."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone
from typing import Annotated

from litestar import Request, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from sqlalchemy import select

from partage.api.deps import Session
from partage.api.web.lists import paged
from partage.api.web.render import html, page_of, redirect
from partage.core.billing.models import Activity, Member
from partage.core.declarations import store
from partage.core.declarations.calendar import schedule
from partage.core.declarations.models import DeclarationRecord
from partage.core.declarations.period import Period
from partage.core.declarations.submission import ManualSubmission
from partage.core.errors import NotFound, PartageError, ValidationFailed
from partage.core.listing import SortKey
from partage.core.ledger import balance, outstanding, owed
from partage.core.ledger.bad_debt import losses
from partage.core.payroll.models import Performance
from partage.core.payroll.performances import approve_performance
from partage.core.plugins import registry

STAFF = {"permission": "web:staff"}
PAYROLL = {**STAFF, "web_module": "payroll"}
DECLARATIONS = {**STAFF, "web_module": "declarations"}
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


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


def _declarations_page(request: Request, session: Session, error: str | None = None, status: int = 200) -> Response:
    page = page_of(request, session)
    rules = getattr(registry().get(page.tenant.country), "declarations", None)
    today = date.today()
    dues = schedule(rules, today - timedelta(days=62), today + timedelta(days=366)) if rules else []
    records = session.scalars(select(DeclarationRecord).order_by(
        DeclarationRecord.declaration_type, DeclarationRecord.period, DeclarationRecord.version.desc())).all()
    return html(request, session, "declarations.html", status=status, page=page, dues=dues, today=today,
                types=rules.declaration_types if rules else (), records=records, error=error)


@get("/app/staff/declarations", opt=DECLARATIONS, include_in_schema=False, sync_to_thread=True)
def declarations(request: Request, session: Session) -> Response:
    """Stored versions (status, checks, file, actions), what to generate, and the coming deadlines."""
    return _declarations_page(request, session)


def _refused(exc: PartageError) -> str:
    errors = getattr(exc, "errors", None)
    return "; ".join(f"{e.field}: {e.message}" for e in errors) if errors else str(exc)


def _act(request: Request, session: Session, action) -> Response:
    """Run a declaration action; a refusal re-renders the page naming what is wrong (nothing stored)."""
    try:
        action(request.app.state.db, page_of(request, session).tenant.id, datetime.now(timezone.utc))
    except PartageError as exc:
        return _declarations_page(request, session, _refused(exc), status=400)
    return redirect(request, "/app/staff/declarations")


@post("/app/staff/declarations/generate", opt=DECLARATIONS, include_in_schema=False, sync_to_thread=True,
      status_code=200)
def declaration_generate(request: Request, session: Session, data: Form) -> Response:
    kind, subject = (data.get("type") or "").strip(), (data.get("subject") or "").strip()

    def generate(db, tenant_id, at):
        rules = getattr(registry().get(page_of(request, session).tenant.country), "declarations", None)
        if rules is None or kind not in rules.declaration_types:
            raise ValidationFailed.field("type", f"{kind!r} is not a declaration of this country")
        store.generate(db, tenant_id, kind, Period.parse(data.get("period") or ""), at, subject, actor=_actor(request))
    return _act(request, session, generate)


@post("/app/staff/declarations/submitted", opt=DECLARATIONS, include_in_schema=False, sync_to_thread=True,
      status_code=200)
def declaration_submitted(request: Request, session: Session, declaration_id: FromQuery[uuid.UUID],
                          data: Form) -> Response:
    def submit(db, tenant_id, at):
        adapter = ManualSubmission(data.get("reference") or "", data.get("note") or "")
        store.submit(db, tenant_id, declaration_id, adapter, at, actor=_actor(request))
    return _act(request, session, submit)


@post("/app/staff/declarations/answer", opt=DECLARATIONS, include_in_schema=False, sync_to_thread=True,
      status_code=200)
def declaration_answer(request: Request, session: Session, declaration_id: FromQuery[uuid.UUID],
                       data: Form) -> Response:
    def answer(db, tenant_id, at):
        store.answer(db, tenant_id, declaration_id, data.get("accepted") == "yes", at, data.get("note") or "",
                     actor=_actor(request))
    return _act(request, session, answer)


@get("/app/staff/declarations/file", opt=DECLARATIONS, include_in_schema=False, sync_to_thread=True)
def declaration_file(session: Session, declaration_id: FromQuery[uuid.UUID]) -> Response:
    record = session.get(DeclarationRecord, declaration_id)
    if record is None:
        raise NotFound(f"no declaration {declaration_id}")
    return Response(record.content, media_type=record.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{record.filename}"'})


def _actor(request: Request) -> str:
    principal = request.scope.get("user")
    return principal.actor if principal is not None else "web"
