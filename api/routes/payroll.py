"""Payroll over HTTP: work performances (declare, read, approve), the random review sample,
amendments of paid performances, and the tenant's payroll settings. Runs, payslips and
corrections: ``api.routes.payroll_runs``.

A member (scope ``own``) declares and reads the performances of their own member record(s),
matched by the account's email like billing; staff see and act on the whole tenant.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from litestar import get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody
from msgspec import Meta, Struct
from sqlalchemy import select

from partage.api.deps import Access, Caller, Session
from partage.api.routes.billing_common import Limit, Offset, Viewer, money, page
from partage.core.money import MoneyError, to_cents
from partage.core.payroll.configuration import change_payroll_settings
from partage.core.payroll.corrections import amend_performance
from partage.core.payroll.errors import InvalidInput, NotFound
from partage.core.payroll.models import Performance, PayrollSettings, PayslipRecord
from partage.core.payroll.performances import (PerformanceIn, approve_performance, declare_performance,
                                       payroll_settings)
from partage.core.payroll.review import mark_reviewed
from partage.core.payroll.tenant import tenant_facts

TAGS = ["payroll"]
READ = {"permission": "payroll:read", "module": "payroll"}
DECLARE = {"permission": "payroll:declare", "module": "payroll"}
WRITE = {"permission": "payroll:write", "module": "payroll"}
RUNS_READ = {"permission": "payroll_runs:read", "module": "payroll"}
RUNS_WRITE = {"permission": "payroll_runs:write", "module": "payroll"}
SETTINGS_WRITE = {"permission": "tenant_settings:write", "module": "payroll"}
Amount = Annotated[str, Meta(max_length=24, description='decimal string, e.g. "2500.00"')]
Text = Annotated[str, Meta(max_length=100)]


def decimal(field: str, value: str | None) -> Decimal | None:
    """A decimal string with at most two decimals, or a 400 naming ``field``."""
    if value is None:
        return None
    try:
        number = Decimal(value.strip())
        if not number.is_finite():
            raise ValueError(value)
        to_cents(number)
    except (InvalidOperation, MoneyError, ValueError):
        raise InvalidInput(field, f"not an amount with at most two decimals: {value!r}") from None
    return number


class PayrollViewer(Viewer):
    """Billing's viewer (members matched by email) plus payroll records."""

    def performance(self, performance_id: uuid.UUID) -> Performance:
        found = self.session.get(Performance, performance_id)
        if found is None or not (self.everyone or found.member_id in self.member_ids):
            raise NotFound("performance_id", f"no performance {performance_id}")
        return found

    def payslip(self, payslip_id: uuid.UUID) -> PayslipRecord:
        found = self.session.get(PayslipRecord, payslip_id)
        if found is None or not (self.everyone or found.member_id in self.member_ids):
            raise NotFound("payslip_id", f"no payslip {payslip_id}")
        return found


def _approval(p: Performance) -> str:
    if p.status == "pending":
        return "waiting"
    return "advisor" if p.checks else "automatic"


class PerformanceOut(Struct):
    id: uuid.UUID
    member_id: uuid.UUID
    activity_id: uuid.UUID
    start: date
    end: date
    days: int | None
    hours: str | None
    function: str
    kind: str
    gross: str
    estimated_cost: str
    guarantee: str
    declaration_ref: str | None
    declared_on: date | None
    status: str              # pending, approved, paid, amended
    approval: str            # automatic (guardrails passed), advisor, waiting (for an advisor)
    checks: list[str]        # why an advisor is needed
    review: str | None       # sampled for a review afterwards: pending -> done
    reviewed_at: datetime | None
    reviewed_by: str | None
    amended_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, p: Performance) -> "PerformanceOut":
        return cls(id=p.id, member_id=p.member_id, activity_id=p.activity_id, start=p.start, end=p.end,
                   days=p.days, hours=money(p.hours), function=p.function, kind=p.kind,
                   gross=str(p.gross), estimated_cost=str(p.estimated_cost), guarantee=str(p.guarantee),
                   declaration_ref=p.declaration_ref, declared_on=p.declared_on, status=p.status,
                   approval=_approval(p), checks=list(p.checks or []), review=p.review,
                   reviewed_at=p.reviewed_at, reviewed_by=p.reviewed_by, amended_at=p.amended_at,
                   created_at=p.created_at)


class PerformanceCreate(Struct, forbid_unknown_fields=True):
    """Declared work. Amounts are decimal strings, never floats."""

    member_id: uuid.UUID
    activity_id: uuid.UUID
    start: date
    end: date
    gross: Amount
    kind: Annotated[str, Meta(max_length=20)] = "employee"   # employee, worker, artist, student
    function: Text = ""
    days: Annotated[int, Meta(ge=0, le=366)] | None = None
    hours: Amount | None = None
    declaration_ref: Annotated[str, Meta(max_length=60)] | None = None   # DIMONA / DPAE
    declared_on: date | None = None

    def service_input(self) -> PerformanceIn:
        return PerformanceIn(member_id=self.member_id, activity_id=self.activity_id, start=self.start,
                             end=self.end, gross=decimal("gross", self.gross), kind=self.kind,
                             function=self.function, days=self.days, hours=decimal("hours", self.hours),
                             declaration_ref=self.declaration_ref, declared_on=self.declared_on)


class Amendment(Struct, forbid_unknown_fields=True):
    """A paid performance changed; the period's next correction run pays the difference."""

    reason: Annotated[str, Meta(min_length=1, max_length=500)]
    gross: Amount | None = None
    days: Annotated[int, Meta(ge=0, le=366)] | None = None
    hours: Amount | None = None


class PayrollSettingsOut(Struct):
    review_sample_rate: str
    chunk_size: int
    guarantee_limit_member: str
    guarantee_limit_total: str
    debtor_name: str
    debtor_iban: str | None
    debtor_bic: str | None

    @classmethod
    def of(cls, s: PayrollSettings) -> "PayrollSettingsOut":
        return cls(review_sample_rate=str(s.review_sample_rate), chunk_size=s.chunk_size,
                   guarantee_limit_member=str(s.guarantee_limit_member),
                   guarantee_limit_total=str(s.guarantee_limit_total), debtor_name=s.debtor_name,
                   debtor_iban=s.debtor_iban, debtor_bic=s.debtor_bic)


class PayrollSettingsPatch(Struct, forbid_unknown_fields=True):
    """Fields left out stay. Rates and amounts are decimal strings ("0.05" = 5 %)."""

    review_sample_rate: Annotated[str, Meta(max_length=12)] | None = None
    chunk_size: int | None = None
    guarantee_limit_member: Amount | None = None
    guarantee_limit_total: Amount | None = None
    debtor_name: Annotated[str, Meta(max_length=70)] | None = None
    debtor_iban: Annotated[str, Meta(max_length=42)] | None = None
    debtor_bic: Annotated[str, Meta(max_length=11)] | None = None


def _given(data: Struct) -> dict[str, Any]:
    return {f: getattr(data, f) for f in data.__struct_fields__ if getattr(data, f) is not None}


@post("/payroll/performances", opt=DECLARE, sync_to_thread=True, tags=TAGS)
def declare(data: JSONBody[PerformanceCreate], session: Session, principal: Caller,
            access: Access) -> PerformanceOut:
    """Declare work. Bad input answers 400 naming the field; ``approval`` tells whether the
    guardrails approved it (``automatic``) or it waits for an advisor (``waiting``, see ``checks``)."""
    viewer = PayrollViewer(session, principal, access)
    if not viewer.everyone:
        viewer.member(data.member_id)
    perf = declare_performance(session, tenant_facts(session).country, data.service_input())
    return PerformanceOut.of(perf)


@get("/payroll/performances", opt=READ, sync_to_thread=True, tags=TAGS)
def list_performances(session: Session, principal: Caller, access: Access,
                      status: FromQuery[str | None] = None, review: FromQuery[str | None] = None,
                      member_id: FromQuery[uuid.UUID | None] = None, limit: Limit = 100,
                      offset: Offset = 0) -> list[PerformanceOut]:
    """Performances, newest first (a member: their own); ``review=pending``: the review sample."""
    viewer = PayrollViewer(session, principal, access)
    query = viewer.only(select(Performance), Performance.member_id, by="member")
    for column, value in ((Performance.status, status), (Performance.review, review),
                          (Performance.member_id, member_id)):
        if value is not None:
            query = query.where(column == value)
    rows = page(session, query, limit, offset, Performance.created_at.desc(), Performance.id)
    return [PerformanceOut.of(p) for p in rows]


@get("/payroll/performances/{performance_id:uuid}", opt=READ, sync_to_thread=True, tags=TAGS)
def get_performance(performance_id: FromPath[uuid.UUID], session: Session, principal: Caller,
                    access: Access) -> PerformanceOut:
    return PerformanceOut.of(PayrollViewer(session, principal, access).performance(performance_id))


@post("/payroll/performances/{performance_id:uuid}/approve", opt=WRITE, status_code=200,
      sync_to_thread=True, tags=TAGS)
def approve(performance_id: FromPath[uuid.UUID], session: Session, principal: Caller) -> PerformanceOut:
    """An advisor approves a performance waiting for one (409 naming ``status`` otherwise)."""
    return PerformanceOut.of(approve_performance(session, performance_id, principal.actor))


@post("/payroll/performances/{performance_id:uuid}/reviewed", opt=WRITE, status_code=200,
      sync_to_thread=True, tags=TAGS)
def reviewed(performance_id: FromPath[uuid.UUID], session: Session, principal: Caller) -> PerformanceOut:
    """An advisor has reviewed a performance of the random sample (``review``: pending -> done)."""
    return PerformanceOut.of(mark_reviewed(session, performance_id, principal.actor))


@post("/payroll/performances/{performance_id:uuid}/amend", opt=WRITE, status_code=200,
      sync_to_thread=True, tags=TAGS)
def amend(performance_id: FromPath[uuid.UUID], data: JSONBody[Amendment], session: Session,
          principal: Caller) -> PerformanceOut:
    """Change a paid performance (new gross, days or hours); its payslip stays as paid and
    ``POST /payroll/corrections`` pays the difference."""
    perf = amend_performance(session, performance_id, reason=data.reason, actor=principal.actor,
                             gross=decimal("gross", data.gross), days=data.days,
                             hours=decimal("hours", data.hours))
    return PerformanceOut.of(perf)


@get("/payroll/settings", opt=RUNS_READ, sync_to_thread=True, tags=TAGS)
def read_settings(session: Session) -> PayrollSettingsOut:
    """Review sample rate, chunk size, guarantee-fund limits and the paying account."""
    return PayrollSettingsOut.of(payroll_settings(session))


@patch("/payroll/settings", opt=SETTINGS_WRITE, sync_to_thread=True, tags=TAGS)
def change_settings(data: JSONBody[PayrollSettingsPatch], session: Session,
                    principal: Caller) -> PayrollSettingsOut:
    """Change some payroll settings (tenant admins); each bad value answers 400 naming it."""
    return PayrollSettingsOut.of(change_payroll_settings(session, _given(data), principal.actor))
