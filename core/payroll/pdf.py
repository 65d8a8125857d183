"""Payslip PDFs with reportlab (about a millisecond a page, so a 100,000-payslip run never waits on
rendering), branded with the tenant's colours, logo (PNG/JPEG, or SVG via svglib) and footer, and
worded in the tenant's language (French, Dutch, German or English labels and number format; the
lines' own labels come from the country plugin). WeasyPrint stays where its layout or PDF/A-3
matters (invoices, Factur-X)."""
from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Sequence

from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from core.billing.rules import base_language
from core.payroll.lines import stored_line

rl_config.useA85 = 0  # binary streams: smaller and faster than ASCII85

W, H = A4
MARGIN = 40
LABELS = {
    "fr": {"payslip": "Fiche de paie", "correction": "correction", "national_number": "Numéro national",
           "item": "Rubrique", "base": "Base", "rate": "Taux", "amount": "Montant", "gross": "Brut",
           "net_to_pay": "Net à payer", "employer_cost": "Coût employeur",
           "employee": "travailleur", "employer": "employeur", "info": "info"},
    "nl": {"payslip": "Loonbrief", "correction": "correctie", "national_number": "Rijksregisternummer",
           "item": "Rubriek", "base": "Basis", "rate": "Percentage", "amount": "Bedrag", "gross": "Bruto",
           "net_to_pay": "Netto te betalen", "employer_cost": "Werkgeverskost",
           "employee": "werknemer", "employer": "werkgever", "info": "info"},
    "de": {"payslip": "Lohnabrechnung", "correction": "Korrektur", "national_number": "Nationalregisternummer",
           "item": "Posten", "base": "Basis", "rate": "Satz", "amount": "Betrag", "gross": "Brutto",
           "net_to_pay": "Auszuzahlen", "employer_cost": "Arbeitgeberkosten",
           "employee": "Arbeitnehmer", "employer": "Arbeitgeber", "info": "Info"},
    "en": {"payslip": "Payslip", "correction": "correction", "national_number": "National number",
           "item": "Item", "base": "Base", "rate": "Rate", "amount": "Amount", "gross": "Gross",
           "net_to_pay": "Net to pay", "employer_cost": "Employer cost",
           "employee": "employee", "employer": "employer", "info": "info"},
}
_SWAP = str.maketrans(",.", ".,")  # 1,234.56 -> 1.234,56 (French, Dutch and German in Belgium)


@dataclass(frozen=True, slots=True)
class Brand:
    legal_name: str
    primary: str = "#333333"
    secondary: str = "#777777"
    footer: str = ""
    logo: Any = None  # ImageReader or svglib Drawing
    language: str = "en"  # the tenant's first locale: labels and number format, unless the member has one


@dataclass(frozen=True, slots=True)
class SlipView:
    """What a payslip page shows (amounts as Decimal euros)."""

    member_name: str
    national_number: str
    iban: str
    period: str
    function: str
    gross: Decimal
    net_to_pay: Decimal
    employer_cost: Decimal
    lines: Sequence[Sequence[Any]]  # [code, label, amount, side, base, rate]
    correction: int = 0  # > 0: the payslip of a correction run (differences only)
    language: str | None = None  # the member's own; None: the brand's (tenant's)


@dataclass(frozen=True, slots=True)
class Words:
    """A payslip's labels and number format, in one language."""

    language: str

    @property
    def labels(self) -> dict[str, str]:
        return LABELS[self.language]

    def number(self, value: Decimal | None, grouped: bool = True) -> str:
        """``value`` as printed: two decimals for money (``grouped``), as stored otherwise."""
        if value is None:
            return ""
        text = f"{value:,.2f}" if grouped else str(value)
        return text if self.language == "en" else text.translate(_SWAP)


def language_code(language: str | None, default: str = "en") -> str:
    """``"fr-BE"`` -> ``"fr"``; a language without labels (or none) -> ``default``."""
    code = base_language(language)
    return code if code in LABELS else default


def words_for(brand: Brand, slip: SlipView) -> Words:
    return Words(language_code(slip.language, brand.language))


@lru_cache(maxsize=32)
def _logo(data_uri: str | None) -> Any:
    if not data_uri or not data_uri.startswith("data:") or ";base64," not in data_uri:
        return None
    mime, payload = data_uri[5:].split(";base64,", 1)
    raw = base64.b64decode(payload)
    if mime == "image/svg+xml":
        from svglib.svglib import svg2rlg

        return svg2rlg(io.BytesIO(raw))
    return ImageReader(io.BytesIO(raw))


def brand_of(legal_name: str, branding: dict, language: str = "en") -> Brand:
    """A `Brand` from a tenant's branding dict (primary_color, secondary_color, logo_data_uri,
    document_footer) and language (``"fr-BE"`` reads ``"fr"``; unknown: English)."""
    return Brand(legal_name, branding.get("primary_color") or "#333333",
                 branding.get("secondary_color") or "#777777", branding.get("document_footer") or "",
                 _logo(branding.get("logo_data_uri")), language_code(language))


def _draw_logo(c: Canvas, logo: Any) -> None:
    if logo is None:
        return
    if isinstance(logo, ImageReader):
        c.drawImage(logo, W - MARGIN - 90, H - MARGIN - 40, width=90, height=40,
                    preserveAspectRatio=True, mask="auto")
        return
    from reportlab.graphics import renderPDF

    scale = min(90 / max(logo.width, 1), 40 / max(logo.height, 1))
    c.saveState()
    c.translate(W - MARGIN - logo.width * scale, H - MARGIN - logo.height * scale)
    c.scale(scale, scale)
    renderPDF.draw(logo, c, 0, 0)
    c.restoreState()


def _logo_form(c: Canvas, brand: Brand) -> str | None:
    """The logo drawn once per document as a form XObject, reused by every page."""
    if brand.logo is None:
        return None
    c.beginForm("logo")
    _draw_logo(c, brand.logo)
    c.endForm()
    return "logo"


def _header(c: Canvas, brand: Brand, slip: SlipView, words: Words, logo: str | None) -> None:
    c.setFillColor(HexColor(brand.primary))
    c.rect(0, H - 8, W, 8, stroke=0, fill=1)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(MARGIN, H - MARGIN - 10, brand.legal_name)
    c.setFillColor(black)
    c.setFont("Helvetica", 10)
    c.drawString(MARGIN, H - MARGIN - 28, f"{_title(words, slip)}  -  {slip.function}")
    c.drawString(MARGIN, H - MARGIN - 48, slip.member_name)
    c.drawString(MARGIN, H - MARGIN - 62, f"{words.labels['national_number']} {slip.national_number}   "
                                          f"IBAN {slip.iban}")
    if logo:
        c.doForm(logo)


def _title(words: Words, slip: SlipView) -> str:
    labels = words.labels
    title = f"{labels['payslip']} {slip.period}"
    return f"{title} ({labels['correction']} {slip.correction})" if slip.correction else title


def _table(c: Canvas, brand: Brand, slip: SlipView, words: Words) -> float:  # float ok: PDF layout points, not money
    y, labels = H - MARGIN - 95, words.labels
    c.setFont("Helvetica-Bold", 9)
    c.setFillColor(HexColor(brand.secondary))
    for x, key in ((MARGIN, "item"), (330, "base"), (400, "rate"), (470, "amount")):
        c.drawString(x, y, labels[key])
    c.setFillColor(black)
    c.setFont("Helvetica", 8.5)
    for _code, label, amount, side, base, rate in map(stored_line, slip.lines):
        y -= 13
        if y < 120:
            break
        c.drawString(MARGIN, y, f"{label[:60]} ({labels.get(side, side)})")
        c.drawRightString(390, y, words.number(base, grouped=False))
        c.drawRightString(460, y, words.number(rate, grouped=False))
        c.drawRightString(W - MARGIN, y, words.number(amount, grouped=False))
    return y


def _totals(c: Canvas, brand: Brand, slip: SlipView, words: Words, y: float) -> None:  # float ok: PDF layout points, not money
    y -= 28
    c.setStrokeColor(HexColor(brand.primary))
    c.line(MARGIN, y + 14, W - MARGIN, y + 14)
    c.setFont("Helvetica-Bold", 10)
    for key, amount in (("gross", slip.gross), ("net_to_pay", slip.net_to_pay),
                        ("employer_cost", slip.employer_cost)):
        c.drawString(MARGIN, y, words.labels[key])
        c.drawRightString(W - MARGIN, y, f"{words.number(amount)} EUR")
        y -= 15
    c.setFont("Helvetica", 7.5)
    c.setFillColor(HexColor(brand.secondary))
    c.drawString(MARGIN, 28, brand.footer[:150])


def _document(brand: Brand, slips: Sequence[SlipView], title: str) -> bytes:
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, pageCompression=1)
    c.setTitle(title)
    c.setAuthor(brand.legal_name)
    logo = _logo_form(c, brand)
    for slip in slips:
        words = words_for(brand, slip)
        _header(c, brand, slip, words, logo)
        _totals(c, brand, slip, words, _table(c, brand, slip, words))
        c.showPage()
    c.save()
    return buffer.getvalue()


def render_payslip(brand: Brand, slip: SlipView) -> bytes:
    """One payslip as a one-page PDF (what a member downloads)."""
    return _document(brand, [slip], f"{_title(words_for(brand, slip), slip)} {slip.member_name}")


def render_batch(brand: Brand, slips: Sequence[SlipView], title: str = "Payslips") -> bytes:
    """Many payslips in one PDF, a page each; fonts and logo are embedded once (bulk archive)."""
    return _document(brand, slips, title)
