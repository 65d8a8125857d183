"""Declare a work performance (with a live budget-first simulation) and the member's payslips."""
from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from litestar import Request, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from sqlalchemy import select

from partage.api.deps import Session
from partage.api.web.forms import FormErrors, amount, day, ident
from partage.api.web.i18n import translate
from partage.api.web.lists import paged
from partage.api.web.render import html, page_of, redirect
from partage.api.web.scope import activities, member_ids, member_of
from partage.api.web.simulate import simulate
from partage.core.errors import NotFound, PartageError
from partage.core.ledger import balance
from partage.core.listing import SortKey
from partage.core.payroll.documents import payslip_pdf
from partage.core.payroll.orders import refusals_of
from partage.core.payroll.summary import summary_of
from partage.core.payroll.facts import KINDS
from partage.core.payroll.models import Performance, PayslipRecord, WorkerProfile
from partage.core.payroll.performances import PerformanceIn, declare_performance, payroll_settings

MEMBER = {"permission": "web:member", "web_module": "payroll"}
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
PAYSLIP_SORTS = {"newest": SortKey((PayslipRecord.period, PayslipRecord.id), descending=True),
                 "oldest": SortKey((PayslipRecord.period, PayslipRecord.id))}
FIELDS = ("activity_id", "kind", "start", "end", "gross", "function", "declaration_ref", "declared_on")


def _context(session, page) -> dict:
    member = member_of(session, page.user)
    acts = activities(session, page.user, everyone=False)
    return {"member": member, "acts": {a.id: a for a in acts},
            "activity_options": [(a.id, a.name) for a in acts],
            "kind_options": [(k, translate(page.lang, k)) for k in KINDS]}


@get("/app/performances/new", opt=MEMBER, include_in_schema=False, sync_to_thread=True)
def performance_new(request: Request, session: Session, activity: FromQuery[str] = "") -> Response:
    page = page_of(request, session)
    ctx = _context(session, page)
    today = date.today().isoformat()
    form = {"activity_id": activity or (str(next(iter(ctx["acts"]), "")) if ctx["acts"] else ""),
            "kind": "employee", "start": today, "end": today}
    return html(request, session, "performance_form.html", page=page, errors=FormErrors(page.lang),
                form=form, **ctx)


def _simulation(session, page, acts, form: dict, errors: FormErrors):
    activity = ident(form, errors, "activity_id", acts)
    start, end = day(form, errors, "start"), day(form, errors, "end")
    available = None
    if activity is not None:
        available = (amount(form, errors, "available") if (form.get("available") or "").strip()
                     else balance(session, activity.id))
    if errors or available is None or available <= 0:
        return available, None
    profile = session.scalar(select(WorkerProfile).where(WorkerProfile.member_id == activity.member_id))
    try:
        return available, simulate(page.tenant.country, available, start=start, end=max(end, start),
                                   kind=form.get("kind") or "employee",
                                   profile=profile.profile if profile else {},
                                   employer=payroll_settings(session).employer,
                                   birth_date=profile.birth_date if profile else None)
    except ValueError as exc:
        errors.add("available", str(exc))
        return available, None


@get("/app/performances/simulate", opt=MEMBER, include_in_schema=False, sync_to_thread=True)
def performance_simulate(request: Request, session: Session) -> Response:
    page = page_of(request, session)
    errors = FormErrors(page.lang)
    available, result = _simulation(session, page, _context(session, page)["acts"],
                                    dict(request.query_params), errors)
    return html(request, session, "simulation.html", page=page, errors=errors, available=available,
                result=result)


def _performance_in(member, acts, data: dict, errors: FormErrors) -> PerformanceIn | None:
    activity = ident(data, errors, "activity_id", acts)
    start, end = day(data, errors, "start"), day(data, errors, "end")
    gross = amount(data, errors, "gross")
    if (data.get("kind") or "") not in KINDS:
        errors.add("kind", "Choose one of the options")
    if start and end and end < start:
        errors.add("end", "The end must not be before the start")
    declared_on = day(data, errors, "declared_on") if (data.get("declared_on") or "").strip() else None
    if errors or member is None:
        return None
    return PerformanceIn(member_id=activity.member_id, activity_id=activity.id, start=start, end=end, gross=gross,
                         kind=data["kind"], function=(data.get("function") or "").strip()[:100],
                         days=(end - start).days + 1,
                         declaration_ref=(data.get("declaration_ref") or "").strip() or None,
                         declared_on=declared_on)


@post("/app/performances", opt=MEMBER, include_in_schema=False, sync_to_thread=True, status_code=200)
def performance_create(request: Request, session: Session, data: Form) -> Response:
    page = page_of(request, session)
    ctx, errors = _context(session, page), FormErrors(page.lang)
    values = _performance_in(ctx["member"], ctx["acts"], data, errors)
    if values is not None:
        try:
            declare_performance(session, page.tenant.country, values)
            return redirect(request, "/app/payslips")
        except PartageError as exc:
            errors.add_service_error(exc, FIELDS)
    if ctx["member"] is None:
        errors.add("_form", "Your account is not linked to a member record")
    return html(request, session, "performance_form.html", page=page, errors=errors, form=dict(data),
                **ctx)


@get("/app/payslips", opt=MEMBER, include_in_schema=False, sync_to_thread=True)
def payslip_list(request: Request, session: Session) -> Response:
    page = page_of(request, session)
    mine = member_ids(session, page.user)
    perfs = session.scalars(select(Performance).where(Performance.member_id.in_(mine))
                            .order_by(Performance.start.desc()).limit(100)).all()
    slips, nav = paged(session, request, select(PayslipRecord).where(PayslipRecord.member_id.in_(mine),
                                                                      PayslipRecord.status == "computed"),
                       sorts=PAYSLIP_SORTS, default="newest")
    rows = [(slip, summary_of(slip)) for slip in slips.rows]  # the numbers the PDF, the API and the CLI print
    return html(request, session, "payslips.html", page=page, performances=perfs, payslips=rows,
                found=slips, nav=nav, refusals=refusals_of(session, [slip.id for slip in slips.rows]))


@get("/app/payslip/pdf", opt=MEMBER, include_in_schema=False, sync_to_thread=True)
def payslip_download(request: Request, session: Session, payslip_id: FromQuery[uuid.UUID]) -> Response:
    page = page_of(request, session)
    slip = session.get(PayslipRecord, payslip_id)
    if slip is None or slip.member_id not in member_ids(session, page.user):
        raise NotFound("no such payslip")
    return Response(payslip_pdf(session, slip.id), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="payslip-{slip.period:%Y-%m}.pdf"'})
