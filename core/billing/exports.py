"""Exports of issued documents: UBL (Peppol BIS 3.0 for Peppol participants, else EN 16931) and CII
(EN 16931, the XML of Factur-X), the branded PDF/A-3B and Factur-X."""
from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from partage.core.billing import cii, pdf, peppol, ubl
from partage.core.billing.context import billing_context
from partage.core.billing.errors import InvalidInput, InvalidState, NotFound
from partage.core.billing.models import Activity, Client, CreditNote, Invoice, Member
from partage.core.billing.parties import get


def _parties(session: Session, client_id: uuid.UUID) -> ubl.Parties:
    ctx = billing_context(session)
    return ubl.Parties(ctx.tenant, session.get(Client, client_id), ctx.settings)


FORMATS = {"ubl": ubl.render, "cii": cii.render}


def invoice_xml(session: Session, invoice_id: uuid.UUID, fmt: str = "ubl") -> bytes:
    """UBL (Peppol BIS Billing 3.0) or CII (EN 16931) Invoice of an issued invoice."""
    invoice = get(session, Invoice, invoice_id, "invoice_id")
    if invoice.status == "draft":
        raise InvalidState("invoice_id", "a draft has no e-invoice; issue it first")
    return FORMATS[fmt](invoice, _parties(session, invoice.client_id))


def credit_note_xml(session: Session, credit_note_id: uuid.UUID, fmt: str = "ubl") -> bytes:
    """UBL CreditNote or CII credit note (type 381), referencing the invoice it corrects."""
    note = get(session, CreditNote, credit_note_id, "credit_note_id")
    invoice = session.get(Invoice, note.invoice_id)
    return FORMATS[fmt](note, _parties(session, invoice.client_id), invoice=invoice)


def invoice_ubl(session: Session, invoice_id: uuid.UUID) -> bytes:
    return invoice_xml(session, invoice_id, "ubl")


def credit_note_ubl(session: Session, credit_note_id: uuid.UUID) -> bytes:
    return credit_note_xml(session, credit_note_id, "ubl")


def _document(session: Session, kind: str, document_id: uuid.UUID):
    """(document, invoice it corrects or None, the invoice) of an issued invoice or credit note."""
    if kind == "invoice":
        invoice = get(session, Invoice, document_id, "invoice_id")
        if invoice.status == "draft":
            raise InvalidState("invoice_id", "a draft has no document; issue it first")
        return invoice, None, invoice
    note = get(session, CreditNote, document_id, "credit_note_id")
    invoice = session.get(Invoice, note.invoice_id)
    return note, invoice, invoice


def document_pdf(session: Session, kind: str, document_id: uuid.UUID, *,
                 embed_xml: bool = False) -> bytes:
    """Branded PDF of an invoice or credit note; ``embed_xml``: Factur-X (PDF/A-3 + CII)."""
    doc, corrected, invoice = _document(session, kind, document_id)
    parties = _parties(session, invoice.client_id)
    activity = _activity_label(session, invoice.activity_id)
    if not embed_xml:
        return pdf.render_pdf(doc, parties, activity, invoice=corrected)
    return pdf.facturx(doc, parties, activity, cii.render(doc, parties, invoice=corrected),
                       invoice=corrected)


def _activity_label(session: Session, activity_id: uuid.UUID) -> str:
    """The activity's identity on its documents: its name and the member running it."""
    activity = session.get(Activity, activity_id)
    member = session.get(Member, activity.member_id)
    return f"{activity.name} ({member.first_name} {member.last_name})" if member else activity.name


DOCUMENT_FORMATS = ("pdf", "ubl", "cii", "facturx")


def describe(session: Session, kind: str, document_id: uuid.UUID, fmt: str) -> str:
    """What ``render_document`` produces, in words: ``UBL Peppol BIS Billing 3.0``, ``UBL EN 16931``,
    ``CII EN 16931``, ``PDF/A-3B``, ``Factur-X EN 16931 (PDF/A-3B)``."""
    if fmt == "pdf":
        return "PDF/A-3B"
    if fmt == "facturx":
        return "Factur-X EN 16931 (PDF/A-3B)"
    if fmt == "cii":
        return "CII EN 16931"
    _, _, invoice = _document(session, kind, document_id)
    client = session.get(Client, invoice.client_id)
    return f"UBL {peppol.PROFILE_NAMES[peppol.profile_of(client)]}"


def render_document(session: Session, kind: str, document_id: uuid.UUID, fmt: str) -> bytes:
    """An issued invoice or credit note as ``pdf``, ``ubl``, ``cii`` or ``facturx`` (PDF/A-3 + CII)."""
    if fmt not in DOCUMENT_FORMATS:
        raise InvalidInput("format", f"must be one of {', '.join(DOCUMENT_FORMATS)}")
    if fmt in ("pdf", "facturx"):
        return document_pdf(session, kind, document_id, embed_xml=fmt == "facturx")
    render = invoice_xml if kind == "invoice" else credit_note_xml
    return render(session, document_id, fmt)


def document_by_number(session: Session, number: str) -> tuple[str, uuid.UUID]:
    """(``invoice`` or ``credit_note``, id) of the issued document with this number."""
    from sqlalchemy import select

    for kind, model in (("invoice", Invoice), ("credit_note", CreditNote)):
        found = session.scalars(select(model.id).where(model.number == number)).first()
        if found is not None:
            return kind, found
    raise NotFound("number", f"no invoice or credit note numbered {number!r}")
