"""When the bank says no: a pain.002 payment status report (a transfer, a batch or the whole file
rejected) or a camt.054/053 statement returning a transfer (money back, ``RtrInf``).

Each refused transfer is found by the MsgId of our order (``OrgnlMsgId``; a statement may omit
it) and its end-to-end id; its items become ``rejected`` or ``returned`` with the bank's reason
(code and text), which releases them from the open-order unique index: the run's next payment
order pays them again (to the account on the member's profile, re-approved if it changed). The
salary payment is no longer counted as paid. Reading a report twice changes nothing more (an item
already refused is not open any more). Parsed by local element names (any version of the message).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree import ElementTree

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.payroll.errors import InvalidInput
from partage.core.payroll.models import PaymentOrder, PaymentOrderItem, SalaryPayment
from partage.core.payroll.orders import PAYSLIP


@dataclass(frozen=True, slots=True)
class Refusal:
    msg_id: str | None          # our order's MsgId, when the bank gives it
    end_to_end_id: str | None   # None: every transfer of the order (a whole file rejected)
    status: str                 # rejected | returned
    reason: str


@dataclass
class BankFileResult:
    refused: list[PaymentOrderItem] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


def _local(node) -> str:
    return node.tag.rsplit("}", 1)[-1]


def _child(node, name: str):
    return next((c for c in node.iter() if c is not node and _local(c) == name), None)


def _text(node, path: str) -> str | None:
    for name in path.split("/"):
        node = _child(node, name) if node is not None else None
    return node.text.strip() if node is not None and node.text else None


def _reason(node) -> str:
    code = (_text(node, "StsRsnInf/Rsn/Cd") or _text(node, "RtrInf/Rsn/Cd") or _text(node, "Rsn/Cd")
            or _text(node, "Rsn/Prtry") or "")
    extra = " ".join(n.text.strip() for n in node.iter() if _local(n) == "AddtlInf" and n.text)
    return (f"{code}: {extra}" if code and extra else code or extra or "refused by the bank")[:500]


def _status_report(root) -> list[Refusal]:
    """pain.002: the group, a payment information block or single transactions rejected."""
    group = _child(root, "OrgnlGrpInfAndSts")
    msg_id = _text(group, "OrgnlMsgId") if group is not None else None
    if group is not None and _text(group, "GrpSts") == "RJCT":
        return [Refusal(msg_id, None, "rejected", _reason(group))]
    found = []
    for block in (n for n in root.iter() if _local(n) == "OrgnlPmtInfAndSts"):
        if _text(block, "PmtInfSts") == "RJCT" and _child(block, "TxInfAndSts") is None:
            found.append(Refusal(msg_id, None, "rejected", _reason(block)))
    for tx in (n for n in root.iter() if _local(n) == "TxInfAndSts"):
        if _text(tx, "TxSts") == "RJCT":
            found.append(Refusal(msg_id, _text(tx, "OrgnlEndToEndId"), "rejected", _reason(tx)))
    return found


def _returns(root) -> list[Refusal]:
    """camt.054 / camt.053: entries carrying return information (a transfer sent back)."""
    found = []
    for detail in (n for n in root.iter() if _local(n) == "TxDtls"):
        if _child(detail, "RtrInf") is None:
            continue
        found.append(Refusal(_text(detail, "Refs/MsgId"), _text(detail, "Refs/EndToEndId"), "returned",
                             _reason(_child(detail, "RtrInf"))))
    return found


def parse_bank_file(xml: bytes) -> list[Refusal]:
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise InvalidInput("file", f"not XML: {exc}") from None
    kind = _local(next(iter(root), root)) if len(root) else _local(root)
    if kind == "CstmrPmtStsRpt":
        return _status_report(root)
    if kind in ("BkToCstmrDbtCdtNtfctn", "BkToCstmrStmt"):
        return _returns(root)
    raise InvalidInput("file", "expected a pain.002 payment status report or a camt.054/053 statement "
                               f"(found {kind})")


def _open_items(session: Session, refusal: Refusal) -> list[PaymentOrderItem]:
    query = select(PaymentOrderItem).join(PaymentOrder, PaymentOrder.id == PaymentOrderItem.order_id).where(
        PaymentOrderItem.status == "issued", PaymentOrder.status == "issued")
    if refusal.msg_id:
        query = query.where(PaymentOrder.msg_id == refusal.msg_id)
    if refusal.end_to_end_id:
        query = query.where(PaymentOrderItem.end_to_end_id == refusal.end_to_end_id)
    elif not refusal.msg_id:
        return []
    return list(session.scalars(query.with_for_update()))


def apply_bank_file(session: Session, xml: bytes, *, actor: str) -> BankFileResult:
    """Mark the transfers a bank file refuses; their items are open for payment again."""
    result = BankFileResult()
    for refusal in parse_bank_file(xml):
        items = _open_items(session, refusal)
        if not items:
            result.unmatched.append(refusal.end_to_end_id or refusal.msg_id or "")
            continue
        for item in items:
            item.status, item.reason = refusal.status, refusal.reason
        payslips = [i.item_id for i in items if i.item_kind == PAYSLIP]
        session.execute(update(SalaryPayment).where(SalaryPayment.payslip_id.in_(payslips)).values(paid=False),
                        execution_options={"synchronize_session": False})
        record(session, actor=actor, action=f"payment_{refusal.status}", subject=f"payment_order:{items[0].order_id}",
               payload={"msg_id": refusal.msg_id, "end_to_end_id": refusal.end_to_end_id,
                        "reason": refusal.reason, "items": [str(i.item_id) for i in items],
                        "amount": str(sum(i.amount for i in items))})
        result.refused.extend(items)
    session.flush()
    return result
