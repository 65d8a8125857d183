"""Invoice and credit note PDF with the tenant's branding and the activity's name (reportlab),
and Factur-X: the PDF as PDF/A-3 with the CII XML embedded (``factur-x``, EN 16931 profile)."""
from __future__ import annotations

import base64
import io
from decimal import Decimal

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

from core.billing.rules import document_language
from core.billing.ubl import Parties, _cents

LABELS = {
    "fr": {"invoice": "Facture", "credit_note": "Note de crédit", "date": "Date", "due": "Échéance",
           "activity": "Activité", "client": "Client", "qty": "Qté", "price": "Prix unitaire",
           "vat": "TVA", "net": "Total HT", "total": "Total TTC", "ref": "Communication",
           "invoice_ref": "Facture"},
    "nl": {"invoice": "Factuur", "credit_note": "Creditnota", "date": "Datum", "due": "Vervaldag",
           "activity": "Activiteit", "client": "Klant", "qty": "Aantal", "price": "Eenheidsprijs",
           "vat": "Btw", "net": "Totaal excl. btw", "total": "Totaal incl. btw",
           "ref": "Mededeling", "invoice_ref": "Factuur"},
    "de": {"invoice": "Rechnung", "credit_note": "Gutschrift", "date": "Datum", "due": "Fälligkeit",
           "activity": "Tätigkeit", "client": "Kunde", "qty": "Menge", "price": "Einzelpreis",
           "vat": "MwSt.", "net": "Gesamt ohne MwSt.", "total": "Gesamt inkl. MwSt.",
           "ref": "Mitteilung", "invoice_ref": "Rechnung"},
    "en": {"invoice": "Invoice", "credit_note": "Credit note", "date": "Date", "due": "Due date",
           "activity": "Activity", "client": "Client", "qty": "Qty", "price": "Unit price",
           "vat": "VAT", "net": "Total excl. VAT", "total": "Total incl. VAT", "ref": "Reference",
           "invoice_ref": "Invoice"},
}
WIDTH, HEIGHT = A4
MARGIN = 50


def _eur(value: Decimal) -> str:
    return f"{value:,.2f} EUR".replace(",", " ")


def _logo(canvas: Canvas, branding: dict) -> None:
    """A PNG or JPEG logo given as a data URI (SVG logos are left out of the PDF)."""
    uri = branding.get("logo_data_uri") or ""
    if uri.startswith(("data:image/png;base64,", "data:image/jpeg;base64,")):
        image = ImageReader(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
        canvas.drawImage(image, WIDTH - MARGIN - 120, HEIGHT - 90, width=120, height=50,
                         preserveAspectRatio=True, mask="auto")


def _header(canvas: Canvas, doc, p: Parties, activity: str, kind: str, t: dict, invoice) -> float:  # float ok: PDF layout points, not money
    branding = p.tenant.branding or {}
    canvas.setFillColor(HexColor(branding.get("primary_color") or "#1f4e79"))
    canvas.setFont("Helvetica-Bold", 18)
    canvas.drawString(MARGIN, HEIGHT - 60, f"{t[kind]} {doc.number}")
    _logo(canvas, branding)
    canvas.setFillColor(HexColor(branding.get("secondary_color") or "#000000"))
    canvas.setFont("Helvetica", 9)
    rows = [p.tenant.legal_name, p.tenant.vat_number or p.tenant.company_number or "",
            f"{t['activity']}: {activity}", f"{t['date']}: {doc.issue_date.isoformat()}"]
    if invoice is None and doc.due_date:
        rows.append(f"{t['due']}: {doc.due_date.isoformat()}")
    if invoice is not None:
        rows.append(f"{t['invoice_ref']}: {invoice.number} ({invoice.issue_date.isoformat()})")
    c = p.client
    rows += ["", f"{t['client']}: {c.name}", c.vat_number or c.company_number or "",
             " ".join(x for x in (c.street, c.postal_code, c.city, c.country) if x)]
    y = HEIGHT - 85
    for row in rows:
        canvas.drawString(MARGIN, y, row)
        y -= 12
    return y - 10


def _lines(canvas: Canvas, doc, t: dict, y: float) -> float:  # float ok: PDF layout points, not money
    canvas.setFont("Helvetica-Bold", 9)
    for x, text in ((MARGIN, ""), (330, t["qty"]), (380, t["price"]), (460, t["vat"]), (500, t["net"])):
        canvas.drawString(x, y, text)
    canvas.setFont("Helvetica", 9)
    for line in doc.lines:
        y -= 14
        canvas.drawString(MARGIN, y, line.description[:60])
        canvas.drawRightString(360, y, format(line.quantity.normalize(), "f"))
        canvas.drawRightString(450, y, f"{line.unit_price:.2f}")
        canvas.drawRightString(490, y, f"{(line.vat_rate * 100).normalize():f} %")
        canvas.drawRightString(WIDTH - MARGIN, y, f"{line.net:.2f}")
    return y - 24


def _totals(canvas: Canvas, doc, t: dict, y: float, reference: str | None) -> float:  # float ok: PDF layout points, not money
    for row in doc.vat_breakdown:
        rate = (Decimal(row["rate"]) * 100).normalize()
        canvas.drawString(330, y, f"{t['vat']} {rate:f} % / {_cents(row['base']):.2f}")
        canvas.drawRightString(WIDTH - MARGIN, y, f"{_cents(row['vat']):.2f}")
        y -= 12
    canvas.setFont("Helvetica-Bold", 10)
    for label, value in ((t["net"], doc.total_net), (t["total"], doc.total_gross)):
        canvas.drawString(330, y, label)
        canvas.drawRightString(WIDTH - MARGIN, y, _eur(value))
        y -= 14
    canvas.setFont("Helvetica", 9)
    if reference:
        canvas.drawString(MARGIN, y, f"{t['ref']}: {reference}")
        y -= 14
    return y


def render_pdf(doc, parties: Parties, activity: str, invoice=None) -> bytes:
    """One A4 page (more when lines overflow are not handled yet: long invoices are truncated)."""
    t = LABELS.get(document_language(parties.tenant, doc), LABELS["en"])  # the mentions' language too
    kind = "invoice" if invoice is None else "credit_note"
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{t[kind]} {doc.number}")
    y = _header(canvas, doc, parties, activity, kind, t, invoice)
    y = _totals(canvas, doc, t, _lines(canvas, doc, t, y), getattr(doc, "payment_reference", None))
    for mention in doc.mentions:  # wrapped, never cut: a legal mention is printed whole
        for row in simpleSplit(mention, "Helvetica", 9, WIDTH - 2 * MARGIN):
            canvas.drawString(MARGIN, y, row)
            y -= 12
    footer = (parties.tenant.branding or {}).get("document_footer")
    if footer:
        canvas.setFont("Helvetica", 7)
        canvas.drawCentredString(WIDTH / 2, 30, footer)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def facturx(pdf: bytes, cii_xml: bytes) -> bytes:
    """The PDF turned into Factur-X (PDF/A-3) with the CII XML embedded, EN 16931 profile."""
    from facturx import generate_from_binary

    return generate_from_binary(pdf, cii_xml, flavor="factur-x", level="en16931", check_xsd=True)
