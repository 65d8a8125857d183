"""Payroll runs: start one (through the job layer: computed in-process on the embedded default,
by the Dramatiq workers with Redis; progress read from the run's chunks), follow it, approve,
pay (the payment order: a SEPA file issued once and stored), late work (supplementary runs), the
bank's refusals."""
from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from sqlalchemy import select

from partage.api.deps import Caller, Session
from partage.api.routes.payroll_runs import run_broker
from partage.api.web.forms import FormErrors
from partage.api.web.render import html, page_of, redirect
from partage.core.errors import PartageError
from partage.core.payroll.launch import launch_run, poll
from partage.core.payroll.models import PayrollRun
from partage.core.payroll.orders import (changed_accounts, orders_of, payment_order, reapprove_payments,
                                 refused_items, reissue_order)
from partage.core.payroll.paying import mark_paid
from partage.core.payroll.runs import approve_run, blocked_payslips, get_run, late_work
from partage.core.payroll.summary import run_summary

ADMIN = {"permission": "web:payroll", "web_module": "payroll"}
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
OptionalForm = Annotated[dict[str, str] | None, Body(media_type=RequestEncodingType.URL_ENCODED)]


def _runs_page(request, session, errors, form) -> Response:
    runs = session.scalars(select(PayrollRun).order_by(PayrollRun.period.desc(), PayrollRun.sequence)
                           .limit(50)).all()
    return html(request, session, "payroll.html", runs=runs, errors=errors, form=form,
                late=late_work(session))


@get("/app/staff/payroll", opt=ADMIN, include_in_schema=False, sync_to_thread=True)
def runs(request: Request, session: Session) -> Response:
    page = page_of(request, session)
    return _runs_page(request, session, FormErrors(page.lang), {"period": f"{date.today():%Y-%m}"})


def _period(raw: str, errors: FormErrors) -> date | None:
    try:
        year, month = raw.strip().split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        errors.add("period", "Enter a month as YYYY-MM, e.g. 2025-03")
        return None


@post("/app/staff/payroll", opt=ADMIN, include_in_schema=False, sync_to_thread=True, status_code=200)
def start(request: Request, session: Session, state: State, principal: Caller, data: Form) -> Response:
    """Start (or resume) the month's run, or its supplementary run (the same start as the API and
    the CLI: ``core.payroll.launch.launch_run``)."""
    page = page_of(request, session)
    errors = FormErrors(page.lang)
    period = _period(data.get("period") or "", errors)
    if errors:
        return _runs_page(request, session, errors, dict(data))
    try:
        run_id = launch_run(state.db, period, run_broker(state), actor=principal.actor,
                            advance=data.get("advance") == "on")
    except PartageError as exc:
        errors.add_service_error(exc, ("period",))
        return _runs_page(request, session, errors, dict(data))
    return redirect(request, f"/app/staff/run?run_id={run_id}")


def _run_context(session, run_id: uuid.UUID) -> dict:
    run = get_run(session, run_id)
    counts = poll(session, run_id)  # progress from the run's chunks; computed once they are all done
    return {"run": run, "progress": counts, "blocked": blocked_payslips(session, run_id),
            "totals": run_summary(session, run_id), "orders": orders_of(session, run_id),
            "refused": refused_items(session, run_id),
            "changed": changed_accounts(session, run_id) if run.status in ("approved", "paid") else [],
            "notice": None}


def _show(request, session, run_id: uuid.UUID, error: str | None = None, notice: str | None = None) -> Response:
    context = _run_context(session, run_id)
    context["notice"] = notice
    return html(request, session, "payroll_run.html", error=error, **context)


@get("/app/staff/run", opt=ADMIN, include_in_schema=False, sync_to_thread=True)
def show(request: Request, session: Session, run_id: FromQuery[uuid.UUID]) -> Response:
    return _show(request, session, run_id)


@post("/app/staff/run/act", opt=ADMIN, include_in_schema=False, sync_to_thread=True, status_code=200)
def act(request: Request, session: Session, principal: Caller, run_id: FromQuery[uuid.UUID],
        action: FromQuery[str], data: OptionalForm = None) -> Response:
    form = data or {}
    try:
        with session.begin_nested():   # a refusal leaves nothing half-written, and the page renders
            _act(session, principal, run_id, action, form)
    except PartageError as exc:
        return _show(request, session, run_id, error=exc.detail)
    except ValueError:
        return _show(request, session, run_id, error="order_id: unknown payment order")
    return redirect(request, f"/app/staff/run?run_id={run_id}")


def _act(session, principal, run_id: uuid.UUID, action: str, form: dict) -> None:
    if action == "approve":
        approve_run(session, run_id, principal.actor)
    elif action == "paid":
        mark_paid(session, run_id, principal.actor)
    elif action == "reapprove":
        reapprove_payments(session, run_id, actor=principal.actor, reason=form.get("reason", ""))
    elif action == "reissue":
        reissue_order(session, uuid.UUID(form.get("order_id", "")), actor=principal.actor,
                      reason=form.get("reason", ""), execution_date=date.today())


@get("/app/staff/run/sepa", opt=ADMIN, include_in_schema=False, sync_to_thread=True)
def sepa(request: Request, session: Session, principal: Caller, run_id: FromQuery[uuid.UUID]) -> Response:
    """The run's payment order: issued on the first download, the stored file (same bytes) after."""
    run = get_run(session, run_id)
    try:
        with session.begin_nested():
            order = payment_order(session, run_id, actor=principal.actor, execution_date=date.today())
    except PartageError as exc:   # not approved, nothing to pay, no paying account, an IBAN changed
        return _show(request, session, run_id, error=exc.detail)
    return Response(order.document, media_type="application/xml", headers={
        "Content-Disposition": f'attachment; filename="sepa-{run.period:%Y-%m}-{run.sequence}.xml"',
        "X-Payment-Order-MsgId": order.msg_id, "X-Payment-Order-Checksum": f"sha256:{order.checksum}",
        "X-Payment-Order-Reused": "true" if order.reused else "false"})

