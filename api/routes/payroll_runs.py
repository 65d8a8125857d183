"""Payroll runs over HTTP: start one and poll its progress, blocked members, approve, mark paid,
payment orders (the SEPA file, issued once and returned byte for byte when asked again; issued
again only explicitly, with a reason), the bank's refusals, payslips (and their PDF) and
correction runs.

``POST /payroll/runs`` computes the run before answering on the embedded default (200) and, with
a Redis broker, hands its chunks to the workers and answers 202 at once: poll
``GET /payroll/runs/{id}`` (status and counts) until it is ``computed``.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

import dramatiq
from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.params import FromPath, FromQuery, JSONBody, RawBody
from msgspec import Meta, Struct
from sqlalchemy import select

from partage.api.deps import Access, Caller, Session
from partage.api.routes.billing_common import Limit, Offset, money, page
from partage.api.routes.listing import HEADERS as LIST_HEADERS
from partage.api.routes.listing import Cursor, SortName, awaited, listed
from partage.api.routes.payroll import READ, RUNS_READ, RUNS_WRITE, TAGS, PayrollViewer
from partage.core.jobs import make_broker, setup_broker
from partage.core.listing import SortKey
from partage.core.payroll.corrections import start_correction
from partage.core.payroll.documents import payslip_pdf
from partage.core.payroll.launch import launch_run, poll
from partage.core.payroll.lines import stored_line
from partage.core.payroll.models import PayrollRun, PayslipRecord
from partage.core.payroll.bank_status import apply_bank_file
from partage.core.payroll.orders import (get_order, orders_of, payment_order, reapprove_payments,
                                 reissue_order)
from partage.core.payroll.paying import mark_paid
from partage.core.payroll.summary import summary_of
from partage.core.payroll.runs import approve_run, blocked_payslips, get_run, month, progress

Period = Annotated[str, Meta(max_length=7, description="month, YYYY-MM")]


class RunOut(Struct):
    """A run and its counts: what a progress poll reads."""

    id: uuid.UUID
    period: str
    sequence: int              # 1: the period's run; 2, 3...: supplementary or correction runs
    kind: str                  # regular, supplementary (work approved after the run), correction
    status: str                # draft, computing, computed, approved, paid
    chunks_total: int
    chunks_done: int
    performances: int
    payslips: int
    blocked: int
    failed: list[str]          # chunks whose last attempt failed ("chunk N: error"); start again
    created_at: datetime
    computed_at: datetime | None
    approved_at: datetime | None
    paid_at: datetime | None

    @classmethod
    def of(cls, session, run: PayrollRun, counts=None) -> "RunOut":
        p = counts or progress(session, run.id)
        return cls(id=run.id, period=f"{run.period:%Y-%m}", sequence=run.sequence, kind=run.kind,
                   status=p.status,
                   chunks_total=p.chunks_total, chunks_done=p.chunks_done, performances=p.performances,
                   payslips=p.payslips, blocked=p.blocked, failed=list(p.failed), created_at=run.created_at,
                   computed_at=run.computed_at, approved_at=run.approved_at, paid_at=run.paid_at)


class RunStart(Struct, forbid_unknown_fields=True):
    period: Period
    advance: bool = False      # a month not started yet is refused (409) unless paid in advance


class CorrectionStart(Struct, forbid_unknown_fields=True):
    period: Period


class Summary(Struct):
    """The four amounts every view of a payslip prints (``core.payroll.summary``)."""

    gross: str
    taxable: str               # after the worker's social contributions, before withholding tax
    withholding_tax: str
    net_to_pay: str


class PaymentOrderOut(Struct):
    """A payment order (a SEPA pain.001 file), stored once; ``reused``: it was issued before and
    is returned as stored (nothing new to pay)."""

    id: uuid.UUID
    run_id: uuid.UUID | None
    msg_id: str
    checksum: str              # SHA-256 of the file's bytes
    status: str                # issued, cancelled
    execution_date: date
    transfers: int
    total: str
    created_at: datetime
    created_by: str
    cancelled_at: datetime | None
    cancel_reason: str | None
    reused: bool
    document: str              # where to download the stored file

    @classmethod
    def of(cls, order, reused: bool = False) -> "PaymentOrderOut":
        return cls(id=order.id, run_id=order.run_id, msg_id=order.msg_id, checksum=order.checksum,
                   status=getattr(order, "status", "issued"), execution_date=order.execution_date,
                   transfers=order.transfers, total=str(order.total), created_at=order.created_at,
                   created_by=getattr(order, "created_by", ""), cancelled_at=getattr(order, "cancelled_at", None),
                   cancel_reason=getattr(order, "cancel_reason", None), reused=reused,
                   document=f"/payroll/payment-orders/{order.id}/document")


class Reissue(Struct, forbid_unknown_fields=True):
    reason: Annotated[str, Meta(max_length=500)]
    execution_date: date | None = None


class Reapprove(Struct, forbid_unknown_fields=True):
    reason: Annotated[str, Meta(max_length=500)] = ""


class RefusedOut(Struct):
    """A transfer the bank rejected (pain.002) or returned (camt.054/053): the item is open for
    payment again."""

    item_kind: str
    item_id: uuid.UUID
    member_id: uuid.UUID
    amount: str
    status: str                # rejected, returned
    reason: str | None


class BankStatusOut(Struct):
    refused: list[RefusedOut]
    unmatched: list[str]       # end-to-end ids of the report that match no open transfer


class BlockedOut(Struct):
    payslip_id: uuid.UUID
    member_id: uuid.UUID
    performance_id: uuid.UUID
    field: str                 # the input at fault (iban, national_number, ...)
    error: str


class SlipLine(Struct):
    code: str
    label: str
    amount: str
    side: str                  # employee, employer, info
    base: str | None
    rate: str | None

    @classmethod
    def of(cls, raw: list) -> "SlipLine":
        line = stored_line(raw)
        return cls(line.code, line.label, str(line.amount), line.side, money(line.base), money(line.rate))


class PayslipOut(Struct):
    """A payslip; in a correction run (sequence > 1) every amount is a difference."""

    id: uuid.UUID
    run_id: uuid.UUID
    performance_id: uuid.UUID
    member_id: uuid.UUID
    activity_id: uuid.UUID
    period: str
    status: str                # computed | blocked
    error: str | None
    gross: str
    net: str
    withholding_tax: str
    net_to_pay: str
    employer_contributions: str
    employer_cost: str
    lines: list[SlipLine]
    summary: Summary

    @classmethod
    def of(cls, s: PayslipRecord) -> "PayslipOut":
        summary = summary_of(s)
        return cls(id=s.id, run_id=s.run_id, performance_id=s.performance_id, member_id=s.member_id,
                   activity_id=s.activity_id, period=f"{s.period:%Y-%m}", status=s.status, error=s.error,
                   gross=str(summary.gross), net=str(summary.taxable),
                   withholding_tax=str(summary.withholding_tax), net_to_pay=str(summary.net_to_pay),
                   employer_contributions=str(s.employer_contributions), employer_cost=str(s.employer_cost),
                   lines=[SlipLine.of(line) for line in s.lines or []], summary=Summary(**summary.as_strings()))


def run_broker(state: State) -> dramatiq.Broker:
    """The process's broker, or (an app built with its own settings, as in tests) one of its own."""
    from partage.core.settings import settings

    if getattr(state, "payroll_broker", None) is None:
        own = state.settings is not settings()
        state.payroll_broker = make_broker(state.settings) if own else setup_broker()
    return state.payroll_broker


def _attachment(body: bytes, media_type: str, filename: str) -> Response:
    return Response(body, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@get("/payroll/runs", opt=RUNS_READ, sync_to_thread=True, tags=TAGS)
def list_runs(session: Session, period: FromQuery[Period | None] = None, limit: Limit = 50,
              offset: Offset = 0) -> list[RunOut]:
    """Runs, latest period first (a period's correction runs after its run)."""
    query = select(PayrollRun)
    if period:
        query = query.where(PayrollRun.period == month(period))
    rows = page(session, query, limit, offset, PayrollRun.period.desc(), PayrollRun.sequence)
    return [RunOut.of(session, run) for run in rows]


@post("/payroll/runs", opt=RUNS_WRITE, sync_to_thread=True, tags=TAGS, status_code=200)
def start(data: JSONBody[RunStart], session: Session, state: State, principal: Caller) -> Response[RunOut]:
    """Start (or resume) the run of ``period``: 200 once computed (embedded default), 202 while
    the workers compute it (Redis): poll ``Location``. Starting again re-sends the chunks not done.
    Once the period's run is approved or paid, work approved since goes to a supplementary run
    (``kind``); with none, the latest run is returned as it is. A month not started yet: 409
    unless ``advance``."""
    run_id = launch_run(state.db, data.period, run_broker(state), actor=principal.actor, advance=data.advance)
    out = RunOut.of(session, get_run(session, run_id), poll(session, run_id))
    return Response(out, status_code=202 if out.status == "computing" else 200,
                    headers={"Location": f"/payroll/runs/{run_id}"})


@get("/payroll/runs/{run_id:uuid}", opt=RUNS_READ, sync_to_thread=True, tags=TAGS)
def status(run_id: FromPath[uuid.UUID], session: Session) -> RunOut:
    """Status and counts (chunks total/done, performances, payslips, blocked): a progress poll."""
    counts = poll(session, run_id)
    return RunOut.of(session, get_run(session, run_id), counts)


@get("/payroll/runs/{run_id:uuid}/blocked", opt=RUNS_READ, sync_to_thread=True, tags=TAGS)
def blocked(run_id: FromPath[uuid.UUID], session: Session) -> list[BlockedOut]:
    """Members the run could not pay, each with the error naming the field at fault."""
    get_run(session, run_id)
    return [BlockedOut(payslip_id=b.id, member_id=b.member_id, performance_id=b.performance_id,
                       field=(b.error or "").split(":")[0], error=b.error or "")
            for b in blocked_payslips(session, run_id)]


@post("/payroll/runs/{run_id:uuid}/approve", opt=RUNS_WRITE, status_code=200, sync_to_thread=True,
      tags=TAGS)
def approve(run_id: FromPath[uuid.UUID], session: Session, principal: Caller) -> RunOut:
    """computed -> approved (409 naming ``status`` from any other state)."""
    return RunOut.of(session, approve_run(session, run_id, principal.actor))


@post("/payroll/runs/{run_id:uuid}/paid", opt=RUNS_WRITE, status_code=200, sync_to_thread=True,
      tags=TAGS)
def paid(run_id: FromPath[uuid.UUID], session: Session, principal: Caller) -> RunOut:
    """approved -> paid: each activity is debited with its payslips' cost (a correction run:
    the cost difference), payments and performances are marked paid."""
    mark_paid(session, run_id, principal.actor)
    return RunOut.of(session, get_run(session, run_id))


def _order_file(order, filename: str) -> Response:
    return Response(order.document, media_type="application/xml", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "X-Payment-Order-Id": str(order.id), "X-Payment-Order-MsgId": order.msg_id,
        "X-Payment-Order-Checksum": f"sha256:{order.checksum}",
        "X-Payment-Order-Reused": "true" if getattr(order, "reused", False) else "false"})


@get("/payroll/runs/{run_id:uuid}/sepa", opt=RUNS_WRITE, sync_to_thread=True, tags=TAGS,
     media_type="application/xml")
def sepa(run_id: FromPath[uuid.UUID], session: Session, principal: Caller,
         execution_date: FromQuery[date | None] = None) -> Response:
    """The run's payment order as a SEPA credit transfer file (pain.001.001.03), one transfer per
    member: issued on the first request, the stored file (same bytes) after that
    (``X-Payment-Order-Reused: true``; ``execution_date`` is the first request's)."""
    run = get_run(session, run_id)
    order = payment_order(session, run_id, actor=principal.actor, execution_date=execution_date or date.today())
    return _order_file(order, f"sepa-{run.period:%Y-%m}-{run.sequence}.xml")


@post("/payroll/runs/{run_id:uuid}/payment-order", opt=RUNS_WRITE, sync_to_thread=True, tags=TAGS,
      status_code=200)
def issue_order(run_id: FromPath[uuid.UUID], session: Session, principal: Caller,
                execution_date: FromQuery[date | None] = None) -> Response[PaymentOrderOut]:
    """Issue the run's payment order (201), or return the one issued before (200, ``reused``)."""
    order = payment_order(session, run_id, actor=principal.actor, execution_date=execution_date or date.today())
    stored = get_order(session, order.id)
    return Response(PaymentOrderOut.of(stored, order.reused), status_code=200 if order.reused else 201,
                    headers={"Location": f"/payroll/payment-orders/{order.id}"})


@get("/payroll/runs/{run_id:uuid}/payment-orders", opt=RUNS_READ, sync_to_thread=True, tags=TAGS)
def run_orders(run_id: FromPath[uuid.UUID], session: Session) -> list[PaymentOrderOut]:
    """The run's payment orders, oldest first (cancelled ones included)."""
    get_run(session, run_id)
    return [PaymentOrderOut.of(order) for order in orders_of(session, run_id)]


@get("/payroll/payment-orders/{order_id:uuid}", opt=RUNS_READ, sync_to_thread=True, tags=TAGS)
def show_order(order_id: FromPath[uuid.UUID], session: Session) -> PaymentOrderOut:
    return PaymentOrderOut.of(get_order(session, order_id))


@get("/payroll/payment-orders/{order_id:uuid}/document", opt=RUNS_READ, sync_to_thread=True, tags=TAGS,
     media_type="application/xml")
def order_document(order_id: FromPath[uuid.UUID], session: Session) -> Response:
    """The stored file, byte for byte."""
    order = get_order(session, order_id)
    return _order_file(order, f"sepa-{order.msg_id}.xml")


@post("/payroll/payment-orders/{order_id:uuid}/reissue", opt=RUNS_WRITE, sync_to_thread=True, tags=TAGS,
      status_code=201)
def reissue(order_id: FromPath[uuid.UUID], data: JSONBody[Reissue], session: Session,
            principal: Caller) -> PaymentOrderOut:
    """Issue a run's payment order again (the bank rejected the file): the order is cancelled
    first with ``reason`` (audited), then a new one (new MsgId) pays what it held."""
    order = reissue_order(session, order_id, actor=principal.actor, reason=data.reason,
                          execution_date=data.execution_date or date.today())
    return PaymentOrderOut.of(get_order(session, order.id))


@post("/payroll/runs/{run_id:uuid}/payments/reapprove", opt=RUNS_WRITE, sync_to_thread=True, tags=TAGS,
      status_code=200)
def reapprove(run_id: FromPath[uuid.UUID], data: JSONBody[Reapprove], session: Session,
              principal: Caller) -> dict[str, int]:
    """Members whose IBAN changed after the run was approved are paid to the new account
    (audited); until then the run's payment order is refused (409 naming ``iban``)."""
    return {"members": reapprove_payments(session, run_id, actor=principal.actor, reason=data.reason)}


@post("/payroll/bank-status", opt=RUNS_WRITE, sync_to_thread=True, tags=TAGS, status_code=200)
def bank_status(body: RawBody, session: Session, principal: Caller) -> BankStatusOut:
    """A bank's pain.002 status report or camt.054/053 statement (the XML as the request body):
    each rejected or returned transfer's items are open for payment again, with the reason."""
    result = apply_bank_file(session, body, actor=principal.actor)
    return BankStatusOut(refused=[RefusedOut(item_kind=i.item_kind, item_id=i.item_id, member_id=i.member_id,
                                             amount=str(i.amount), status=i.status, reason=i.reason)
                                  for i in result.refused], unmatched=result.unmatched)


@get("/payroll/runs/{run_id:uuid}/payslips", opt=RUNS_READ, sync_to_thread=True, tags=TAGS)
def run_payslips(run_id: FromPath[uuid.UUID], session: Session,
                 status: FromQuery[str | None] = None, limit: Limit = 100,
                 offset: Offset = 0) -> list[PayslipOut]:
    """The run's payslips in pages (``status``: computed or blocked)."""
    get_run(session, run_id)
    query = select(PayslipRecord).where(PayslipRecord.run_id == run_id)
    if status:
        query = query.where(PayslipRecord.status == status)
    rows = page(session, query, limit, offset, PayslipRecord.chunk_number, PayslipRecord.id)
    return [PayslipOut.of(s) for s in rows]


@post("/payroll/corrections", opt=RUNS_WRITE, sync_to_thread=True, tags=TAGS)
def correct(data: JSONBody[CorrectionStart], session: Session, principal: Caller) -> RunOut:
    """The correction run of a paid ``period``: the differences of its amended performances
    (the correction run waiting to be paid when there is one; 409 when nothing is amended)."""
    return RunOut.of(session, start_correction(session, data.period, principal.actor))


PAYSLIP_SORTS = {"newest": SortKey((PayslipRecord.period, PayslipRecord.id), descending=True),
                 "oldest": SortKey((PayslipRecord.period, PayslipRecord.id))}


@get("/payroll/payslips", opt=READ, sync_to_thread=True, tags=TAGS, response_headers=LIST_HEADERS,
     after_request=awaited)
def list_payslips(request: Request, session: Session, principal: Caller, access: Access,
                  run_id: FromQuery[uuid.UUID | None] = None, limit: Limit = 100,
                  offset: Offset = 0, sort: SortName = None, after: Cursor = None,
                  before: Cursor = None) -> Response[list[PayslipOut]]:
    """Payslips, latest period first (a member: their own); keyset-paged (``sort`` newest | oldest,
    ``X-Total-Count`` and ``Link`` headers)."""
    viewer = PayrollViewer(session, principal, access)
    query = viewer.only(select(PayslipRecord), PayslipRecord.member_id, by="member")
    if run_id:
        query = query.where(PayslipRecord.run_id == run_id)
    return listed(request, session, query, sorts=PAYSLIP_SORTS, default="newest", sort=sort, after=after,
                  before=before, limit=limit, offset=offset, item=PayslipOut.of)


@get("/payroll/payslips/{payslip_id:uuid}", opt=READ, sync_to_thread=True, tags=TAGS)
def get_payslip(payslip_id: FromPath[uuid.UUID], session: Session, principal: Caller,
                access: Access) -> PayslipOut:
    return PayslipOut.of(PayrollViewer(session, principal, access).payslip(payslip_id))


@get("/payroll/payslips/{payslip_id:uuid}/document", opt=READ, sync_to_thread=True, tags=TAGS,
     media_type="application/pdf")
def payslip_document(payslip_id: FromPath[uuid.UUID], session: Session, principal: Caller,
                     access: Access) -> Response:
    """The payslip as a PDF with the tenant's branding, generated on demand."""
    slip = PayrollViewer(session, principal, access).payslip(payslip_id)
    return _attachment(payslip_pdf(session, slip.id), "application/pdf",
                       f"payslip-{slip.period:%Y-%m}-{slip.id}.pdf")
