"""Payslip PDFs with reportlab (about a millisecond a page, so a 100,000-payslip run never waits on
rendering), branded with the tenant's colours, logo (PNG/JPEG, or SVG via svglib) and footer.
WeasyPrint stays where its layout or PDF/A-3 matters (invoices, Factur-X)."""
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

from core.payroll.lines import stored_line

rl_config.useA85 = 0  # binary streams: smaller and faster than ASCII85

W, H = A4
MARGIN = 40


@dataclass(frozen=True, slots=True)
class Brand:
    legal_name: str
    primary: str = "#333333"
    secondary: str = "#777777"
    footer: str = ""
    logo: Any = None  # ImageReader or svglib Drawing


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


def brand_of(legal_name: str, branding: dict) -> Brand:
    """A `Brand` from a tenant's branding dict (primary_color, secondary_color, logo_data_uri,
    document_footer)."""
    return Brand(legal_name, branding.get("primary_color") or "#333333",
                 branding.get("secondary_color") or "#777777", branding.get("document_footer") or "",
                 _logo(branding.get("logo_data_uri")))


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


def _header(c: Canvas, brand: Brand, slip: SlipView, logo: str | None) -> None:
    c.setFillColor(HexColor(brand.primary))
    c.rect(0, H - 8, W, 8, stroke=0, fill=1)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(MARGIN, H - MARGIN - 10, brand.legal_name)
    c.setFillColor(black)
    c.setFont("Helvetica", 10)
    c.drawString(MARGIN, H - MARGIN - 28, f"Payslip {slip.period}  -  {slip.function}")
    c.drawString(MARGIN, H - MARGIN - 48, slip.member_name)
    c.drawString(MARGIN, H - MARGIN - 62, f"National number {slip.national_number}   IBAN {slip.iban}")
    if logo:
        c.doForm(logo)


def _table(c: Canvas, brand: Brand, slip: SlipView) -> float:  # float ok: PDF layout points, not money
    y = H - MARGIN - 95
    c.setFont("Helvetica-Bold", 9)
    c.setFillColor(HexColor(brand.secondary))
    for x, text in ((MARGIN, "Item"), (330, "Base"), (400, "Rate"), (470, "Amount")):
        c.drawString(x, y, text)
    c.setFillColor(black)
    c.setFont("Helvetica", 8.5)
    for code, label, amount, side, base, rate in map(stored_line, slip.lines):
        y -= 13
        if y < 120:
            break
        c.drawString(MARGIN, y, f"{label[:60]} ({side})")
        c.drawRightString(390, y, "" if base is None else str(base))
        c.drawRightString(460, y, "" if rate is None else str(rate))
        c.drawRightString(W - MARGIN, y, str(amount))
    return y


def _totals(c: Canvas, brand: Brand, slip: SlipView, y: float) -> None:  # float ok: PDF layout points, not money
    y -= 28
    c.setStrokeColor(HexColor(brand.primary))
    c.line(MARGIN, y + 14, W - MARGIN, y + 14)
    c.setFont("Helvetica-Bold", 10)
    for label, amount in (("Gross", slip.gross), ("Net to pay", slip.net_to_pay),
                          ("Employer cost", slip.employer_cost)):
        c.drawString(MARGIN, y, label)
        c.drawRightString(W - MARGIN, y, f"{amount:,.2f} EUR")
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
        _header(c, brand, slip, logo)
        _totals(c, brand, slip, _table(c, brand, slip))
        c.showPage()
    c.save()
    return buffer.getvalue()


def render_payslip(brand: Brand, slip: SlipView) -> bytes:
    """One payslip as a one-page PDF (what a member downloads)."""
    return _document(brand, [slip], f"Payslip {slip.period} {slip.member_name}")


def render_batch(brand: Brand, slips: Sequence[SlipView], title: str = "Payslips") -> bytes:
    """Many payslips in one PDF, a page each; fonts and logo are embedded once (bulk archive)."""
    return _document(brand, slips, title)
