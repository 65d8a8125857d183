"""Payroll records of one tenant, made through the services (for the API tests)."""
from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from partage.core.billing import create_activity, create_member
from partage.core.ledger import post
from partage.core.payroll.execute import run_payroll
from partage.core.payroll.models import PayslipRecord
from partage.core.payroll.performances import PerformanceIn, declare_performance, set_worker_profile
from partage.core.tenancy import bind_tenant

PERIOD = date(2025, 3, 1)
NATIONAL_NUMBER, IBAN = "85073003328", "BE68539007547034"   # valid (python-stdnum, schwifty)
DEBTOR = {"debtor_name": "Coop payroll", "debtor_iban": "BE71096123456769", "debtor_bic": "GKCCBEBB"}


def payroll_member(db, tenant_id: uuid.UUID, email: str, revenue: Decimal = Decimal("20000.00"),
                   **profile) -> dict[str, uuid.UUID]:
    """A member (linked to an account by ``email``) with a worker profile and a funded activity."""
    with bind_tenant(tenant_id), db.session() as s:
        member = create_member(s, {"first_name": "Lotte", "last_name": "Peeters", "email": email},
                               actor="test")
        activity = create_activity(s, member.id, "Stage lighting", actor="test")
        set_worker_profile(s, "be", member.id, national_number=profile.get("national_number", NATIONAL_NUMBER),
                           iban=profile.get("iban", IBAN), profile={"family": "single"})
        post(s, activity_id=activity.id, entry_date=date(2025, 2, 1), kind="revenue", amount=revenue,
             description="client invoice")
        return {"member_id": member.id, "activity_id": activity.id}


def work(ids: dict, **changes) -> dict:
    """A JSON body declaring work for ``ids`` (all guardrails pass)."""
    body = {"member_id": str(ids["member_id"]), "activity_id": str(ids["activity_id"]),
            "start": "2025-03-10", "end": "2025-03-14", "gross": "2500.00", "kind": "employee",
            "function": "light technician", "days": 5, "declaration_ref": "DIMONA-123",
            "declared_on": "2025-03-01"}
    body.update(changes)
    return body


def declared(db, tenant_id: uuid.UUID, ids: dict, gross: str = "2500.00") -> uuid.UUID:
    with bind_tenant(tenant_id), db.session() as s:
        perf = declare_performance(s, "be", PerformanceIn(
            member_id=ids["member_id"], activity_id=ids["activity_id"], start=date(2025, 3, 10),
            end=date(2025, 3, 14), gross=Decimal(gross), days=5, function="light technician",
            declaration_ref="DIMONA-123", declared_on=date(2025, 3, 1)))
        return perf.id


def payroll_records(db, tenant_id: uuid.UUID, email: str = "payroll@b.test") -> dict[str, uuid.UUID]:
    """A member, an approved performance and the computed run of March 2025 with its payslip."""
    ids = payroll_member(db, tenant_id, email)
    performance_id = declared(db, tenant_id, ids)
    with bind_tenant(tenant_id):
        run_id = run_payroll(db, PERIOD).run_id
        with db.session() as s:
            payslip_id = s.query(PayslipRecord.id).filter(PayslipRecord.run_id == run_id).scalar()
    return {**ids, "performance_id": performance_id, "run_id": run_id, "payslip_id": payslip_id}
