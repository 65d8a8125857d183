"""Payment orders: each SEPA credit transfer file (pain.001) is issued once and stored.

``payment_order(session, run_id, ...)`` is the only way a run's salaries reach a file. Under the
run's row lock it pays the run's payable items (each payslip's salary payment with an amount) that
are in no open order: the first call issues an order and stores its bytes, MsgId and checksum; a
later call finds nothing left to pay and returns the stored order (``reused``), byte for byte. A
partial unique index (``payment_order_items``: item kind and id, where the item is ``issued``)
keeps any item in at most one order the bank has not refused, whatever the code path.

Items the bank refused (``core.payroll.bank_status``) are open again: the next call issues a new
order for them only. A whole file is issued again with ``reissue_order`` (a reason, audited),
which cancels the order first. A member whose IBAN changed since the run was approved is not paid
to either account silently: issuing is refused until ``reapprove_payments`` (audited).
"""
from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.db import utcnow
from partage.core.ids import uuid7, uuid7_text
from partage.core.money import from_cents
from partage.core.payroll.bulk import write_tuples
from partage.core.payroll.errors import InvalidInput, InvalidState, NotFound
from partage.core.payroll.models import (PaymentOrder, PaymentOrderItem, PayrollRun, SalaryPayment,
                                 WorkerProfile)
from partage.core.payroll.payments import as_text, cents, draw_payments
from partage.core.payroll.runs import get_run, lock_run
from partage.core.payroll.sepa import Transfer, build_document

PAYSLIP = "payslip"  # item kinds: payslip; expense and share_redemption can join the same table
PAYABLE = ("approved", "paid")
ITEM_COLUMNS = ("id", "tenant_id", "order_id", "item_kind", "item_id", "member_id", "end_to_end_id",
                "amount", "iban", "bic", "name", "status", "reason")


@dataclass(frozen=True, slots=True)
class IssuedOrder:
    id: uuid.UUID
    run_id: uuid.UUID | None
    msg_id: str
    checksum: str
    document: bytes
    transfers: int
    total: Decimal
    execution_date: date
    created_at: object
    reused: bool  # True: issued earlier, returned as stored (nothing new to pay)

    def message(self, where: str = "") -> str:
        """What a person is told (CLI, web)."""
        target = f" {where}" if where else ""
        if self.reused:
            return (f"payment order {self.msg_id} was issued on {self.created_at:%Y-%m-%d %H:%M}: "
                    f"the stored file is returned unchanged{target} ({self.transfers} transfers, "
                    f"{self.total} EUR, SHA-256 {self.checksum[:12]}); nothing new to pay")
        return (f"payment order {self.msg_id} issued{target}: {self.transfers} transfers, {self.total} EUR "
                f"(SHA-256 {self.checksum[:12]})")


def _view(order: PaymentOrder, reused: bool) -> IssuedOrder:
    return IssuedOrder(order.id, order.run_id, order.msg_id, order.checksum, order.document, order.transfers,
                       order.total, order.execution_date, order.created_at, reused)


def _to_pay(session: Session, run_id: uuid.UUID) -> list[tuple]:
    """(payslip, member, cents, IBAN, BIC, name) of the run's salary payments with an amount that
    are in no open order, in payment order."""
    open_items = select(PaymentOrderItem.item_id).where(PaymentOrderItem.item_kind == PAYSLIP,
                                                        PaymentOrderItem.status == "issued")
    return session.execute(
        select(SalaryPayment.payslip_id, SalaryPayment.member_id, cents(SalaryPayment.amount),
               SalaryPayment.iban, SalaryPayment.bic, SalaryPayment.name)
        .where(SalaryPayment.run_id == run_id, SalaryPayment.amount > 0,
               SalaryPayment.payslip_id.not_in(open_items))
        .order_by(SalaryPayment.id)).all()


def unpaid(session: Session, run_id: uuid.UUID) -> bool:
    """Whether some of the run's salary payments are in no open order."""
    return bool(_to_pay(session, run_id))


def changed_accounts(session: Session, run_id: uuid.UUID) -> list[tuple[uuid.UUID, str, str | None]]:
    """(member, name, IBAN now) of members whose profile IBAN differs from the one their unpaid
    salary payments were approved with."""
    open_items = select(PaymentOrderItem.item_id).where(PaymentOrderItem.item_kind == PAYSLIP,
                                                        PaymentOrderItem.status == "issued")
    rows = session.execute(
        select(SalaryPayment.member_id, SalaryPayment.name, WorkerProfile.iban)
        .join(WorkerProfile, WorkerProfile.member_id == SalaryPayment.member_id)
        .where(SalaryPayment.run_id == run_id, SalaryPayment.amount > 0,
               SalaryPayment.payslip_id.not_in(open_items),
               (WorkerProfile.iban.is_(None)) | (WorkerProfile.iban != SalaryPayment.iban))).all()
    return sorted(set(rows), key=lambda row: str(row[0]))


def _transfers(rows: list[tuple]) -> list[Transfer]:
    """One transfer per member: the sum of their items, to the account of the payment drawn last."""
    grouped: dict[uuid.UUID, list] = defaultdict(list)
    for row in rows:
        grouped[row[1]].append(row)
    return [Transfer(member.hex[:35], items[-1][5], items[-1][3], items[-1][4], sum(i[2] for i in items))
            for member, items in sorted(grouped.items(), key=lambda kv: kv[0])]


def latest_order(session: Session, run_id: uuid.UUID) -> PaymentOrder | None:
    return session.scalar(select(PaymentOrder).where(PaymentOrder.run_id == run_id,
                                                     PaymentOrder.status == "issued")
                          .order_by(PaymentOrder.created_at.desc(), PaymentOrder.id.desc()).limit(1))


def _refuse_changed_accounts(session: Session, run: PayrollRun) -> None:
    changed = changed_accounts(session, run.id)
    if changed:
        names = ", ".join(name for _, name, _ in changed[:5]) + (" ..." if len(changed) > 5 else "")
        raise InvalidState("iban", f"the IBAN of {len(changed)} member(s) changed after the run of "
                                   f"{run.period:%Y-%m} was approved ({names}): re-approve the payments "
                                   "before the payment order is issued")


def payment_order(session: Session, run_id: uuid.UUID, *, actor: str, execution_date: date,
                  validate: bool = True) -> IssuedOrder:
    """The run's payment order: issued now for what is left to pay, or the stored one (same bytes)."""
    run = lock_run(session, run_id)  # a second request at the same moment waits, then finds it
    if run.status not in PAYABLE:
        raise InvalidState("status", f"the run of {run.period:%Y-%m} is {run.status}: approve it before "
                                     "its payment order is issued")
    draw_payments(session, run.id)  # a run approved before payments were drawn at approval
    rows = _to_pay(session, run.id)
    if not rows:
        latest = latest_order(session, run.id)
        if latest is None:
            raise InvalidState("run_id", f"the run of {run.period:%Y-%m} has no salary to pay")
        return _view(latest, reused=True)
    _refuse_changed_accounts(session, run)
    return _view(_issue(session, run, rows, actor, execution_date, validate), reused=False)


def _issue(session: Session, run: PayrollRun, rows: list[tuple], actor: str, execution_date: date,
           validate: bool) -> PaymentOrder:
    transfers = _transfers(rows)
    order_id = uuid7()
    msg_id = order_id.hex  # 32 characters (MsgId allows 35), unique like the order
    label = f"Salary {run.period:%Y-%m}"
    document = build_document(session, msg_id, transfers, execution_date, label, validate=validate)
    total = sum(t.cents for t in transfers)
    order = PaymentOrder(id=order_id, run_id=run.id, msg_id=msg_id,
                         checksum=hashlib.sha256(document).hexdigest(), document=document, status="issued",
                         execution_date=execution_date, transfers=len(transfers), total=from_cents(total),
                         created_by=actor[:100])
    session.add(order)
    session.flush()
    items = [(item_id, str(run.tenant_id), str(order_id), PAYSLIP, str(payslip), str(member),
              member.hex[:35], amount, iban, bic, name, "issued", None)
             for item_id, (payslip, member, amount, iban, bic, name) in zip(uuid7_text(len(rows)), rows)]
    write_tuples(session, PaymentOrderItem.__table__, ITEM_COLUMNS, items, skip_existing=False)
    record(session, actor=actor, action="payment_order_issued", subject=f"payment_order:{order.id}",
           payload={"run": str(run.id), "period": run.period.isoformat(), "msg_id": msg_id,
                    "checksum": order.checksum, "transfers": len(transfers), "total": str(order.total),
                    "items": len(items)})
    return order


def get_order(session: Session, order_id: uuid.UUID) -> PaymentOrder:
    order = session.get(PaymentOrder, order_id)
    if order is None:
        raise NotFound("order_id", f"unknown payment order {order_id}")
    return order


def find_order(session: Session, reference: str) -> PaymentOrder:
    """A payment order by its MsgId or its id."""
    order = session.scalar(select(PaymentOrder).where(PaymentOrder.msg_id == reference.strip()))
    if order is None:
        try:
            order = session.get(PaymentOrder, uuid.UUID(reference.strip()))
        except ValueError:
            order = None
    if order is None:
        raise NotFound("order", f"no payment order {reference!r}")
    return order


def cancel_order(session: Session, order: PaymentOrder, *, actor: str, reason: str) -> None:
    """Cancel an issued order (its items are open for payment again), audited with the reason."""
    if order.status != "issued":
        raise InvalidState("status", f"payment order {order.msg_id} is {order.status}")
    order.status, order.cancelled_at, order.cancelled_by = "cancelled", utcnow(), actor[:100]
    order.cancel_reason = reason
    session.execute(update(PaymentOrderItem).where(PaymentOrderItem.order_id == order.id,
                                                   PaymentOrderItem.status == "issued")
                    .values(status="cancelled", reason=reason),
                    execution_options={"synchronize_session": False})
    record(session, actor=actor, action="payment_order_cancelled", subject=f"payment_order:{order.id}",
           payload={"msg_id": order.msg_id, "reason": reason, "run": str(order.run_id)})


def reissue_order(session: Session, order_id: uuid.UUID, *, actor: str, reason: str,
                  execution_date: date) -> IssuedOrder:
    """Issue a run's order again (the bank rejected the file): the previous order is cancelled
    first, with ``reason``, then a new order (new MsgId) pays what it held."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason", "say why the payment order is issued again (e.g. the bank rejected the file)")
    order = get_order(session, order_id)
    if order.run_id is None:
        raise InvalidState("order_id", "only a payroll run's payment order is issued again here")
    lock_run(session, order.run_id)
    session.refresh(order)
    cancel_order(session, order, actor=actor, reason=reason)
    session.flush()
    return payment_order(session, order.run_id, actor=actor, execution_date=execution_date)


def reapprove_payments(session: Session, run_id: uuid.UUID, *, actor: str, reason: str = "") -> int:
    """Pay members whose IBAN changed since approval to their new account: their unpaid salary
    payments take the profile's IBAN and BIC now (audited with the accounts before and after).
    Returns how many members changed."""
    run = lock_run(session, run_id)
    if run.status not in PAYABLE:
        raise InvalidState("status", f"the run of {run.period:%Y-%m} is {run.status}: nothing approved yet")
    changed = changed_accounts(session, run_id)
    if not changed:
        return 0
    open_items = select(PaymentOrderItem.item_id).where(PaymentOrderItem.item_kind == PAYSLIP,
                                                        PaymentOrderItem.status == "issued")
    accounts = {}
    for member, _name, iban in changed:
        if not iban:
            raise InvalidState("iban", f"member {member} has no IBAN on their profile any more")
        bic = session.scalar(select(WorkerProfile.bic).where(WorkerProfile.member_id == member))
        before = session.scalar(select(SalaryPayment.iban).where(
            SalaryPayment.run_id == run_id, SalaryPayment.member_id == member).limit(1))
        session.execute(update(SalaryPayment).where(SalaryPayment.run_id == run_id,
                                                    SalaryPayment.member_id == member,
                                                    SalaryPayment.payslip_id.not_in(open_items))
                        .values(iban=iban, bic=bic), execution_options={"synchronize_session": False})
        accounts[str(member)] = {"before": _masked(before), "after": _masked(iban)}
    record(session, actor=actor, action="payroll_payments_reapproved", subject=f"payroll_run:{run.id}",
           payload={"period": run.period.isoformat(), "reason": reason, "accounts": accounts})
    return len(changed)


def _masked(iban: str | None) -> str:
    return "" if not iban else f"{iban[:4]}...{iban[-4:]}"


def orders_of(session: Session, run_id: uuid.UUID) -> list[PaymentOrder]:
    return list(session.scalars(select(PaymentOrder).where(PaymentOrder.run_id == run_id)
                                .order_by(PaymentOrder.created_at, PaymentOrder.id)))


def refused_items(session: Session, run_id: uuid.UUID) -> list[PaymentOrderItem]:
    """Items of the run's orders the bank rejected or returned and no later order pays yet."""
    orders = select(PaymentOrder.id).where(PaymentOrder.run_id == run_id)
    open_items = select(PaymentOrderItem.item_id).where(PaymentOrderItem.status == "issued")
    return list(session.scalars(select(PaymentOrderItem).where(
        PaymentOrderItem.order_id.in_(orders), PaymentOrderItem.status.in_(("rejected", "returned")),
        PaymentOrderItem.item_id.not_in(open_items)).order_by(PaymentOrderItem.member_id)))


def refusals_of(session: Session, payslip_ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
    """Per payslip the bank refused and no order pays yet: (status, reason), for the member."""
    if not payslip_ids:
        return {}
    open_items = select(PaymentOrderItem.item_id).where(PaymentOrderItem.status == "issued")
    rows = session.execute(select(PaymentOrderItem.item_id, PaymentOrderItem.status, PaymentOrderItem.reason)
                           .where(PaymentOrderItem.item_kind == PAYSLIP, PaymentOrderItem.item_id.in_(payslip_ids),
                                  PaymentOrderItem.status.in_(("rejected", "returned")),
                                  PaymentOrderItem.item_id.not_in(open_items)))
    return {item: (status, reason or "") for item, status, reason in rows}


def get_run_order(session: Session, run_id: uuid.UUID) -> PaymentOrder | None:
    get_run(session, run_id)
    return latest_order(session, run_id)


__all__ = ["IssuedOrder", "PAYSLIP", "as_text", "cancel_order", "changed_accounts", "get_order",
           "latest_order", "orders_of", "payment_order", "reapprove_payments", "refused_items",
           "reissue_order"]
