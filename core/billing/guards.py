"""Issued documents never change: an ORM guard refuses any write to an issued invoice, credit note
or sent quote (or their lines) except the settlement columns the services maintain."""
from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from partage.core.billing.errors import ImmutableDocument
from partage.core.billing.models import CreditNote, CreditNoteLine, Invoice, InvoiceLine, Quote, QuoteLine

SETTLEMENT = {Invoice: frozenset({"status", "paid", "credited_net", "credited_gross", "written_off"}),
              CreditNote: frozenset({"status"}), Quote: frozenset({"status", "invoice_id"})}
PARENT = {InvoiceLine: (Invoice, "invoice_id"), CreditNoteLine: (CreditNote, "credit_note_id"),
          QuoteLine: (Quote, "quote_id")}
DOCUMENTS = (Invoice, CreditNote, Quote)


def was_issued(document) -> bool:
    """True when the document's stored status (before this flush) is not ``draft``."""
    history = inspect(document).attrs.status.history
    original = history.deleted[0] if history.deleted else document.status
    return original not in (None, "draft") and inspect(document).persistent


def _changed(obj) -> set[str]:
    return {attr.key for attr in inspect(obj).attrs if attr.history.has_changes()}


def _check_document(session: Session, obj) -> None:
    if obj in session.deleted and was_issued(obj):
        raise ImmutableDocument("status", f"issued {obj.__tablename__[:-1]} {obj.number} cannot be deleted")
    forbidden = _changed(obj) - SETTLEMENT[type(obj)]
    if was_issued(obj) and forbidden:
        field = sorted(forbidden)[0]
        raise ImmutableDocument(field, f"{obj.number} is issued and cannot change; issue a credit note")


def _check_line(session: Session, line) -> None:
    parent_cls, key = PARENT[type(line)]
    if getattr(line, key) is None:
        return  # a new line in a parent's collection: the parent's own check covers it
    with session.no_autoflush:
        parent = session.get(parent_cls, getattr(line, key))
    if parent is not None and was_issued(parent):
        raise ImmutableDocument("lines", f"{parent.number} is issued: its lines cannot change")


@event.listens_for(Session, "before_flush")
def _immutable_when_issued(session: Session, flush_context, instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, DOCUMENTS):
            _check_document(session, obj)
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, tuple(PARENT)):
            _check_line(session, obj)
