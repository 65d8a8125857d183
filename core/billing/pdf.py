"""Invoice and credit note PDF (reportlab), PDF/A-3B (``core.pdf``), and Factur-X: the same PDF with
the CII XML as its associated file (EN 16931 profile).

What an accountant looks for, in the document's language (labels, numbers, dates): the tenant's
logo and full seller block (name, registered office, VAT and company numbers, register), the client
block, the activity and the member running it, lines with quantity, unit price, discount, VAT rate
and amount, the VAT summary per rate, totals, payment terms, IBAN/BIC with the payment reference and
an EPC QR code (SEPA credit transfer), and the legal mentions frozen on the document. Tenant colours
are used for text only where their contrast passes WCAG AA. Long invoices continue on more pages.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from partage.core import pdf as pdfa
from partage.core.billing import epc
from partage.core.billing.rules import document_language
from partage.core.billing.ubl import Parties, _cents
from partage.core.pdf.graphics import DARK, draw_logo, logo, readable

FONT, BOLD = pdfa.FONT, pdfa.FONT_BOLD
LABELS = {
    "fr": {"invoice": "Facture", "credit_note": "Note de crédit", "date": "Date", "due": "Échéance",
           "activity": "Activité", "client": "Facturé à", "customer": "Client", "description": "Description", "qty": "Qté",
           "price": "Prix unit. HT", "discount": "Remise", "vat": "TVA", "amount": "Montant HT",
           "vat_summary": "Récapitulatif TVA", "rate": "Taux", "base": "Base HT", "vat_amount": "TVA",
           "net": "Total HT", "vat_total": "Total TVA", "total": "Total TTC", "payment": "Paiement",
           "terms": "Payable dans les {days} jours, au plus tard le {date}.", "on_receipt": "Payable à réception.",
           "structured": "Communication structurée", "ref": "Référence", "qr": "Scannez pour payer",
           "vat_number": "TVA", "company_BE": "N° d'entreprise", "company_FR": "SIREN",
           "register_BE": "RPM", "register_FR": "RCS", "invoice_ref": "Facture d'origine",
           "reason": "Motif", "buyer_reference": "Votre référence", "page": "Page {n}/{of}",
           "refund": "Montant à rembourser"},
    "nl": {"invoice": "Factuur", "credit_note": "Creditnota", "date": "Datum", "due": "Vervaldag",
           "activity": "Activiteit", "client": "Gefactureerd aan", "customer": "Klant", "description": "Omschrijving",
           "qty": "Aantal", "price": "Eenheidsprijs", "discount": "Korting", "vat": "Btw",
           "amount": "Bedrag excl. btw", "vat_summary": "Btw-overzicht", "rate": "Tarief",
           "base": "Maatstaf", "vat_amount": "Btw", "net": "Totaal excl. btw", "vat_total": "Totaal btw",
           "total": "Totaal incl. btw", "payment": "Betaling",
           "terms": "Te betalen binnen {days} dagen, uiterlijk op {date}.", "on_receipt": "Te betalen bij ontvangst.",
           "structured": "Gestructureerde mededeling", "ref": "Referentie", "qr": "Scan om te betalen",
           "vat_number": "Btw", "company_BE": "Ondernemingsnummer", "company_FR": "SIREN",
           "register_BE": "RPR", "register_FR": "RCS", "invoice_ref": "Oorspronkelijke factuur",
           "reason": "Reden", "buyer_reference": "Uw referentie", "page": "Pagina {n}/{of}",
           "refund": "Terug te betalen bedrag"},
    "de": {"invoice": "Rechnung", "credit_note": "Gutschrift", "date": "Datum", "due": "Fällig am",
           "activity": "Tätigkeit", "client": "Rechnung an", "customer": "Kunde", "description": "Beschreibung",
           "qty": "Menge", "price": "Einzelpreis", "discount": "Rabatt", "vat": "MwSt.",
           "amount": "Netto", "vat_summary": "MwSt.-Übersicht", "rate": "Satz",
           "base": "Bemessungsgrundlage", "vat_amount": "MwSt.", "net": "Gesamt netto",
           "vat_total": "MwSt. gesamt", "total": "Gesamt brutto", "payment": "Zahlung",
           "terms": "Zahlbar innerhalb von {days} Tagen, spätestens am {date}.", "on_receipt": "Zahlbar bei Erhalt.",
           "structured": "Strukturierte Mitteilung", "ref": "Verwendungszweck", "qr": "Zum Bezahlen scannen",
           "vat_number": "USt-IdNr.", "company_BE": "Unternehmensnummer", "company_FR": "SIREN",
           "register_BE": "RJP", "register_FR": "RCS", "invoice_ref": "Ursprüngliche Rechnung",
           "reason": "Grund", "buyer_reference": "Ihre Referenz", "page": "Seite {n}/{of}",
           "refund": "Zu erstattender Betrag"},
    "en": {"invoice": "Invoice", "credit_note": "Credit note", "date": "Date", "due": "Due date",
           "activity": "Activity", "client": "Bill to", "customer": "Customer", "description": "Description", "qty": "Qty",
           "price": "Unit price", "discount": "Discount", "vat": "VAT", "amount": "Amount excl. VAT",
           "vat_summary": "VAT summary", "rate": "Rate", "base": "Taxable amount", "vat_amount": "VAT",
           "net": "Total excl. VAT", "vat_total": "Total VAT", "total": "Total incl. VAT",
           "payment": "Payment", "terms": "Payable within {days} days, by {date}.",
           "on_receipt": "Payable on receipt.", "structured": "Structured communication",
           "ref": "Reference", "qr": "Scan to pay", "vat_number": "VAT", "company_BE": "Company number",
           "company_FR": "SIREN", "register_BE": "RLE", "register_FR": "RCS",
           "invoice_ref": "Original invoice", "reason": "Reason", "buyer_reference": "Your reference",
           "page": "Page {n}/{of}", "refund": "Amount to refund"},
}
WIDTH, HEIGHT = A4
MARGIN = 42
RIGHT = WIDTH - MARGIN
# line table: (label key, right edge); the description fills what is left of the first column
COLUMNS = (("qty", 296), ("price", 364), ("discount", 410), ("vat", 448), ("amount", RIGHT))
DESCRIPTION_WIDTH = 215
BOTTOM = 70  # nothing drawn below (the footer's place)


@dataclass
class Page:
    """The drawing state: the canvas, the language, the colours, the current height."""

    c: Canvas
    language: str
    t: dict
    accent: str      # rules and the table header band (any colour: not text)
    header_text: str  # text on the band: white where it passes AA, else dark
    title: str       # the title's colour (large text: AA 3:1)
    country: str = "BE"  # the seller's: French in France groups digits with a space, in Belgium a point
    y: float = 0.0   # float ok: PDF layout points, not money

    def money(self, value: Decimal) -> str:
        return pdfa.number(value, self.language, country=self.country)

    def day(self, value: date | None) -> str:
        if value is None:
            return ""
        return value.strftime("%d.%m.%Y" if self.language == "de" else "%d/%m/%Y")


def _rate(value) -> str:
    text = format((Decimal(value) * 100).normalize(), "f")
    return f"{text} %"


def _seller(page: Page, p: Parties) -> None:
    """Logo, then the seller's name, address and numbers, top left."""
    c, t, tenant, s = page.c, page.t, p.tenant, p.settings
    branding = tenant.branding or {}
    draw_logo(c, logo(branding.get("logo_data_uri")), MARGIN, HEIGHT - 88, 150, 46)
    country = (tenant.country or "").upper()
    rows = [(BOLD, tenant.legal_name)]
    street = getattr(s, "street", None)
    city = " ".join(x for x in (getattr(s, "postal_code", None), getattr(s, "city", None)) if x)
    rows += [(FONT, x) for x in (street, f"{city} ({country})" if city else None) if x]
    if tenant.vat_number:
        rows.append((FONT, f"{t['vat_number']} {tenant.vat_number}"))
    company = tenant.company_number
    register = getattr(s, "register_city", None)
    if company:
        mention = f"{t.get(f'company_{country}', t['company_BE'])} {company}"
        if register:
            mention += f" · {t.get(f'register_{country}', '')} {register}".rstrip()
        rows.append((FONT, mention))
    y = HEIGHT - 104
    for font, text in rows:
        c.setFont(font, 9)
        c.drawString(MARGIN, y, text)
        y -= 11.5
    page.y = y


def _title(page: Page, doc, kind: str) -> None:
    c, t = page.c, page.t
    c.setFillColor(HexColor(page.title))
    c.setFont(BOLD, 18)
    c.drawRightString(RIGHT, HEIGHT - 60, t[kind])
    c.setFont(BOLD, 12)
    c.drawRightString(RIGHT, HEIGHT - 76, doc.number or "")
    c.setFillColor(HexColor(DARK))


def _client(page: Page, p: Parties, label: str) -> float:  # float ok: PDF layout points, not money
    """The client block, a box on the right; returns its bottom."""
    c, t, client = page.c, page.t, p.client
    x, top, width = 330, HEIGHT - 100, RIGHT - 330
    rows = [(BOLD, client.name)]
    rows += [(FONT, r) for r in (client.street, " ".join(x for x in (client.postal_code, client.city) if x))
             if r]
    rows.append((FONT, client.country.upper()))
    if client.vat_number:
        rows.append((FONT, f"{t['vat_number']} {client.vat_number}"))
    elif client.company_number:
        rows.append((FONT, f"{t.get(f'company_{client.country}', t['company_BE'])} {client.company_number}"))
    lines = [(f, part) for f, text in rows for part in simpleSplit(text, f, 9, width - 16)]
    height = 22 + 11.5 * len(lines)
    c.setStrokeColor(HexColor(page.accent))
    c.roundRect(x, top - height, width, height, 4, stroke=1, fill=0)
    c.setFont(FONT, 7.5)
    c.drawString(x + 8, top - 12, t[label].upper())
    y = top - 25
    for font, text in lines:
        c.setFont(font, 9)
        c.drawString(x + 8, y, text)
        y -= 11.5
    return top - height


def _facts(page: Page, doc, invoice, activity: str) -> None:
    """Date, due date, references and the activity, as label: value rows under the blocks."""
    c, t = page.c, page.t
    rows = [(t["date"], page.day(doc.issue_date))]
    if invoice is None and getattr(doc, "due_date", None):
        rows.append((t["due"], page.day(doc.due_date)))
    if invoice is not None:
        rows.append((t["invoice_ref"], f"{invoice.number} ({page.day(invoice.issue_date)})"))
    source = invoice or doc
    if getattr(source, "buyer_reference", None):
        rows.append((t["buyer_reference"], source.buyer_reference))
    rows.append((t["activity"], activity))
    if invoice is not None and getattr(doc, "reason", None):
        rows.append((t["reason"], doc.reason))
    y = page.y - 8
    for label, value in rows:
        c.setFont(FONT, 8.5)
        c.drawString(MARGIN, y, f"{label}:")
        c.setFont(BOLD, 8.5)
        for part in simpleSplit(value, BOLD, 8.5, RIGHT - MARGIN - 120):
            c.drawString(MARGIN + 110, y, part)
            y -= 11
    page.y = y - 10


def _table_header(page: Page) -> None:
    c, t = page.c, page.t
    c.setFillColor(HexColor(page.accent))
    c.rect(MARGIN - 4, page.y - 5, RIGHT - MARGIN + 8, 17, stroke=0, fill=1)
    c.setFillColor(HexColor(page.header_text))
    c.setFont(BOLD, 8.5)
    c.drawString(MARGIN, page.y, t["description"])
    for key, right in COLUMNS:
        c.drawRightString(right, page.y, t[key])
    c.setFillColor(HexColor(DARK))
    page.y -= 18


def _line_rows(page: Page, line) -> list[tuple[str, ...]]:
    description = simpleSplit(line.description, FONT, 8.5, DESCRIPTION_WIDTH) or [""]
    discount = f"{format(Decimal(line.discount_percent).normalize(), 'f')} %" if line.discount_percent else ""
    quantity = Decimal(line.quantity).normalize()
    values = (pdfa.number(quantity, page.language, max(0, -quantity.as_tuple().exponent), page.country),
              page.money(line.unit_price), discount, _rate(line.vat_rate or 0), page.money(line.net or 0))
    return [(description[0], *values)] + [(extra, "", "", "", "", "") for extra in description[1:]]


def _lines(page: Page, doc, start_page) -> None:
    _table_header(page)
    c = page.c
    for line in doc.lines:
        rows = _line_rows(page, line)
        if page.y - 11 * len(rows) < BOTTOM + 20:
            start_page()
            _table_header(page)
        for row in rows:
            c.setFont(FONT, 8.5)
            c.drawString(MARGIN, page.y, row[0])
            for (_, right), value in zip(COLUMNS, row[1:]):
                c.drawRightString(right, page.y, value)
            page.y -= 11
        page.y -= 3
    c.setStrokeColor(HexColor(page.accent))
    c.line(MARGIN - 4, page.y + 6, RIGHT + 4, page.y + 6)
    page.y -= 10


def _summary(page: Page, doc, invoice) -> None:
    """VAT per rate (left) and the totals (right)."""
    c, t = page.c, page.t
    top = page.y
    c.setFont(BOLD, 8.5)
    c.drawString(MARGIN, top, t["vat_summary"])
    y = top - 12
    c.setFont(FONT, 8)
    for key, x in (("rate", MARGIN), ("base", MARGIN + 150), ("vat_amount", MARGIN + 220)):
        (c.drawString if key == "rate" else c.drawRightString)(x, y, t[key])
    for row in doc.vat_breakdown:
        y -= 11
        c.drawString(MARGIN, y, f"{row['category']} {_rate(row['rate'])}")
        c.drawRightString(MARGIN + 150, y, page.money(_cents(row["base"])))
        c.drawRightString(MARGIN + 220, y, page.money(_cents(row["vat"])))
    y_left = y
    y = top
    rows = ((t["net"], doc.total_net, FONT), (t["vat_total"], doc.total_vat, FONT),
            (t["total"], doc.total_gross, BOLD))
    for label, value, font in rows:
        c.setFont(font, 10 if font == BOLD else 9)
        c.drawString(330, y, label)
        c.drawRightString(RIGHT, y, f"{page.money(value)} {doc.currency}")
        y -= 14
    page.y = min(y_left, y) - 12


def _payment(page: Page, doc, p: Parties, invoice, start_page) -> None:
    """Terms, account and reference; the EPC QR code on the right (invoices in euro)."""
    if invoice is not None:
        return
    c, t, s = page.c, page.t, p.settings
    account = getattr(s, "bank_account", None)
    bic = getattr(s, "bank_bic", None) or _bic_of(account)
    due = doc.total_gross  # the document as issued: it does not change when payments come in
    days = getattr(s, "payment_terms_days", None)
    terms = t["terms"].format(days=days, date=page.day(doc.due_date)) if days and doc.due_date \
        else t["on_receipt"]
    reference = doc.payment_reference or ""
    ref_label = t["structured"] if reference.startswith("+++") else t["ref"]
    rows = [(BOLD, t["payment"]), (FONT, terms)]
    if account:
        rows.append((FONT, f"IBAN {_grouped(account)}" + (f" · BIC {bic}" if bic else "")))
    if reference:
        rows.append((BOLD, f"{ref_label}: {reference}"))
    payload = epc.payload(name=p.tenant.legal_name, iban=account or "", amount=due, bic=bic,
                          remittance=reference) if doc.currency == "EUR" else None
    need = max(14 * len(rows), 100 if payload else 0)
    if page.y - need < BOTTOM:
        start_page()
    top = page.y
    for font, text in rows:
        c.setFont(font, 9)
        for part in simpleSplit(text, font, 9, 330 - MARGIN - 10 if payload else RIGHT - MARGIN):
            c.drawString(MARGIN, page.y, part)
            page.y -= 12
    if payload:
        _qr(c, payload, RIGHT - 84, top - 84, 84)
        c.setFont(FONT, 7)
        c.drawRightString(RIGHT - 90, top - 80, t["qr"])
    page.y = min(page.y, top - 92 if payload else page.y) - 6


def _qr(c: Canvas, payload: str, x: float, y: float, size: float) -> None:  # float ok: points
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(payload, barLevel="M")  # EPC069-12: error correction level M
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, c, x, y)


def _bic_of(account: str | None) -> str | None:
    """The BIC of a Belgian, French or other IBAN when schwifty's bank registry knows it."""
    if not account:
        return None
    try:
        from schwifty import IBAN

        found = IBAN(account).bic
        return str(found) if found else None
    except Exception:  # noqa: BLE001 - an unknown bank simply has no BIC printed
        return None


def _grouped(account: str) -> str:
    compact = account.replace(" ", "")
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def _mentions(page: Page, doc, start_page) -> None:
    c = page.c
    for mention in doc.mentions:  # wrapped, never cut: a legal mention is printed whole
        for row in simpleSplit(mention, FONT, 8, RIGHT - MARGIN):
            if page.y < BOTTOM:
                start_page()
            c.setFont(FONT, 8)
            c.drawString(MARGIN, page.y, row)
            page.y -= 10


def _footer(c: Canvas, p: Parties, t: dict, n: int, of: int) -> None:
    footer = (p.tenant.branding or {}).get("document_footer") or ""
    c.setFillColor(HexColor("#4b5563"))  # 7.6:1 on white
    c.setFont(FONT, 7)
    for i, row in enumerate(simpleSplit(footer, FONT, 7, RIGHT - MARGIN - 60)[:2]):
        c.drawString(MARGIN, 34 - 9 * i, row)
    c.drawRightString(RIGHT, 34, t["page"].format(n=n, of=of))
    c.setFillColor(HexColor(DARK))


class _Numbered(Canvas):
    """Pages are numbered "n/of" once the number of pages is known."""

    def __init__(self, *args, footer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages, self._footer = [], footer

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        for n, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self._footer(self, n, len(self._pages))
            Canvas.showPage(self)
        Canvas.save(self)


def render_pdf(doc, parties: Parties, activity: str, invoice=None, *,
               attachment: pdfa.Attachment | None = None) -> bytes:
    """The PDF/A-3B of an issued invoice (or of a credit note: ``invoice`` is the one it corrects);
    ``attachment``: the Factur-X XML, embedded as its associated file."""
    language = document_language(parties.tenant, doc)
    t = LABELS.get(language, LABELS["en"])
    kind = "invoice" if invoice is None else "credit_note"
    branding = parties.tenant.branding or {}
    primary = branding.get("primary_color") or "#1f4e79"
    on_band = "#ffffff" if readable(primary, "#ffffff") == primary else DARK
    meta = pdfa.Metadata(title=f"{t[kind]} {doc.number}", author=parties.tenant.legal_name,
                         subject=f"{t[kind]} {doc.number} · {parties.client.name}",
                         keywords=f"{kind}, {doc.number}", lang=language,
                         facturx=pdfa.FacturX() if attachment else None)
    buffer = io.BytesIO()
    pdfa.register_fonts()
    c = _Numbered(buffer, pagesize=A4, pageCompression=1, initialFontName=FONT,
                  footer=lambda cv, n, of: _footer(cv, parties, t, n, of))
    pdfa.prepare(c, meta)
    page = Page(c, language, t, accent=primary, header_text=on_band if on_band == "#ffffff" else DARK,
                title=readable(primary, large=True), country=(parties.tenant.country or "BE").upper())
    if on_band != "#ffffff":
        page.accent = "#e5e7eb"  # a light band under dark text when the colour fails AA with white

    def start_page() -> None:
        c.showPage()
        _title(page, doc, kind)
        page.y = HEIGHT - 100

    c.setFillColor(HexColor(DARK))
    _title(page, doc, kind)
    _seller(page, parties)
    page.y = min(page.y, _client(page, parties, "client" if invoice is None else "customer")) - 6
    _facts(page, doc, invoice, activity)
    _lines(page, doc, start_page)
    if page.y - 14 * (len(doc.vat_breakdown) + 3) < BOTTOM:
        start_page()
    _summary(page, doc, invoice)
    _payment(page, doc, parties, invoice, start_page)
    _mentions(page, doc, start_page)
    if attachment is not None:
        pdfa.attach(c, [attachment], meta)
    c.showPage()
    c.save()
    return buffer.getvalue()


def facturx(doc, parties: Parties, activity: str, cii_xml: bytes, invoice=None) -> bytes:
    """Factur-X (EN 16931 profile): the PDF/A-3B with the CII as ``factur-x.xml`` (AFRelationship
    Data), the XML checked against the Factur-X XSD first."""
    from facturx import xml_check_xsd

    xml_check_xsd(cii_xml, flavor="factur-x", level="en16931")
    item = pdfa.Attachment("factur-x.xml", cii_xml, "text/xml", "Data", "Factur-X XML file")
    return render_pdf(doc, parties, activity, invoice, attachment=item)
