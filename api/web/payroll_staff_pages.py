"""Payroll runs: start one (computed in the background), follow its progress, approve, pay (SEPA)."""
from __future__ import annotations

import logging
import threading
import uuid
from datetime import date
from typing import Annotated

from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from sqlalchemy import select

from api.deps import Caller, Session
from api.web.forms import FormErrors
from api.web.render import html, page_of, redirect
from core.errors import PartageError
from core.payroll.execute import run_payroll, start_run
from core.payroll.models import PayrollRun
from core.payroll.paying import mark_paid, sepa_file
from core.payroll.runs import approve_run, blocked_payslips, get_run, progress
from core.tenancy import bind_tenant

ADMIN = {"permission": "web:payroll", "web_module": "payroll"}
log = logging.getLogger("partage.web")
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


def _runs_page(request, session, errors, form) -> Response:
    runs = session.scalars(select(PayrollRun).order_by(PayrollRun.period.desc()).limit(50)).all()
    return html(request, session, "payroll.html", runs=runs, errors=errors, form=form)


@get("/app/staff/payroll", opt=ADMIN, include_in_schema=False, sync_to_thread=True)
def runs(request: Request, session: Session) -> Response:
    page = page_of(request, session)
    return _runs_page(request, session, FormErrors(page.lang), {"period": f"{date.today():%Y-%m}"})


def _compute(db, tenant_id: uuid.UUID, period: date) -> None:
    """The run, in the background; calling ``run_payroll`` again resumes it after a crash."""
    try:
        with bind_tenant(tenant_id):
            run_payroll(db, period)
    except Exception:  # noqa: BLE001 - a thread has no caller to raise to
        log.exception("payroll run %s of tenant %s failed", period, tenant_id)


def _period(raw: str, errors: FormErrors) -> date | None:
    try:
        year, month = raw.strip().split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        errors.add("period", "Enter a month as YYYY-MM, e.g. 2025-03")
        return None


@post("/app/staff/payroll", opt=ADMIN, include_in_schema=False, sync_to_thread=True, status_code=200)
def start(request: Request, session: Session, state: State, principal: Caller, data: Form) -> Response:
    page = page_of(request, session)
    errors = FormErrors(page.lang)
    period = _period(data.get("period") or "", errors)
    if errors:
        return _runs_page(request, session, errors, dict(data))
    run_id = start_run(state.db, period)
    threading.Thread(target=_compute, args=(state.db, principal.tenant_id, period), daemon=True,
                     name=f"payroll-{run_id}").start()
    return redirect(request, f"/app/staff/run?run_id={run_id}")


def _run_context(session, run_id: uuid.UUID) -> dict:
    run = get_run(session, run_id)
    return {"run": run, "progress": progress(session, run_id), "blocked": blocked_payslips(session, run_id)}


@get("/app/staff/run", opt=ADMIN, include_in_schema=False, sync_to_thread=True)
def show(request: Request, session: Session, run_id: FromQuery[uuid.UUID]) -> Response:
    return html(request, session, "payroll_run.html", error=None, **_run_context(session, run_id))


@post("/app/staff/run/act", opt=ADMIN, include_in_schema=False, sync_to_thread=True, status_code=200)
def act(request: Request, session: Session, principal: Caller, run_id: FromQuery[uuid.UUID],
        action: FromQuery[str]) -> Response:
    try:
        if action == "approve":
            approve_run(session, run_id, principal.actor)
        elif action == "paid":
            mark_paid(session, run_id, principal.actor)
    except PartageError as exc:
        return html(request, session, "payroll_run.html", error=exc.detail, **_run_context(session, run_id))
    return redirect(request, f"/app/staff/run?run_id={run_id}")


@get("/app/staff/run/sepa", opt=ADMIN, include_in_schema=False, sync_to_thread=True)
def sepa(request: Request, session: Session, run_id: FromQuery[uuid.UUID]) -> Response:
    run = get_run(session, run_id)
    try:
        body = sepa_file(session, run_id, date.today())
    except PartageError as exc:   # e.g. no paying account configured
        return html(request, session, "payroll_run.html", error=exc.detail, **_run_context(session, run_id))
    return Response(body, media_type="application/xml", headers={
        "Content-Disposition": f'attachment; filename="sepa-{run.period:%Y-%m}.xml"'})
