"""Bank statement import (ISO 20022 CAMT.053): credit entries become payments, matched in bulk.

Parsed by local element names, so camt.053.001.02 to .001.08 all read. Re-importing a statement
records nothing twice: an entry whose bank reference is already on a payment is skipped.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

from sqlalchemy import select
from sqlalchemy.orm import Session

from partage.core.billing.errors import InvalidInput
from partage.core.billing.models import Payment
from partage.core.billing.payments import record_payment
from partage.core.billing.validate import decimal


@dataclass(frozen=True)
class Credit:
    amount: Decimal
    received_on: date
    communication: str | None
    payer_name: str | None
    payer_iban: str | None
    bank_reference: str | None


@dataclass
class ImportResult:
    matched: list[Payment] = field(default_factory=list)
    unmatched: list[Payment] = field(default_factory=list)
    skipped: int = 0


def _local(node) -> str:
    return node.tag.rsplit("}", 1)[-1]


def _find(node, path: str):
    """First descendant along ``A/B/C`` (local names, any namespace), or None."""
    for name in path.split("/"):
        node = next((child for child in node.iter() if child is not node and _local(child) == name), None)
        if node is None:
            return None
    return node


def _text(node, path: str) -> str | None:
    found = _find(node, path)
    return found.text.strip() if found is not None and found.text else None


def _amount(text: str | None, where: str) -> Decimal:
    return decimal({"amount": text}, "amount", field=f"{where}.amount", places=2, positive=True)


def _booked(text: str | None, where: str) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        raise InvalidInput(f"{where}.booking_date", f"not a date (YYYY-MM-DD): {text!r}") from None


def _credit(entry, detail, where: str) -> Credit:
    source = detail if detail is not None else entry
    amount = _text(source, "Amt") or _text(entry, "Amt")
    booked = _text(entry, "BookgDt/Dt") or (_text(entry, "BookgDt/DtTm") or "")[:10] \
        or _text(entry, "ValDt/Dt")
    communication = _text(source, "RmtInf/Strd/CdtrRefInf/Ref") or " ".join(
        n.text.strip() for n in source.iter() if _local(n) == "Ustrd" and n.text) or None
    return Credit(_amount(amount, where), _booked(booked, where), communication,
                  _text(source, "RltdPties/Dbtr/Nm"), _text(source, "RltdPties/DbtrAcct/Id/IBAN"),
                  _text(source, "Refs/AcctSvcrRef") or _text(entry, "AcctSvcrRef"))


def parse(xml: bytes) -> list[Credit]:
    """Every credit (money received) of the statement, one per transaction detail."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise InvalidInput("statement", f"not XML: {exc}") from None
    if _find(root, "BkToCstmrStmt") is None:
        raise InvalidInput("statement", "not a CAMT.053 bank-to-customer statement")
    credits = []
    for i, entry in enumerate(n for n in root.iter() if _local(n) == "Ntry"):
        if _text(entry, "CdtDbtInd") != "CRDT":
            continue
        where = f"statement.entries[{i}]"
        details = [n for n in entry.iter() if _local(n) == "TxDtls"]
        credits += ([_credit(entry, d, f"{where}.details[{j}]") for j, d in enumerate(details)]
                    or [_credit(entry, None, where)])
    return credits


def import_statement(session: Session, xml: bytes, *, actor: str) -> ImportResult:
    """Record each new credit as a payment and match it (structured communication, number)."""
    result = ImportResult()
    known = set(session.scalars(select(Payment.bank_reference).where(Payment.bank_reference.isnot(None))))
    for credit in parse(xml):
        if credit.bank_reference and credit.bank_reference in known:
            result.skipped += 1
            continue
        payment = record_payment(session, {**credit.__dict__}, actor=actor)
        (result.matched if payment.client_id else result.unmatched).append(payment)
        known.add(credit.bank_reference)
    return result
