"""What invoices and payslips draw alike: the tenant's logo (PNG, JPEG or SVG, its text set in the
embedded font) and colours kept only where their contrast passes WCAG 2.1 AA."""
from __future__ import annotations

import base64
import io
from functools import lru_cache
from typing import Any

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from partage.core.pdf import FONT, FONT_BOLD, register_fonts

DARK = "#1f2937"  # body text: contrast 14.7:1 on white
AA_TEXT, AA_LARGE = 4.5, 3.0  # WCAG 2.1 SC 1.4.3 (normal text; >= 14 pt bold or 18 pt: large)


def _channel(value: int) -> float:  # float ok: colour arithmetic (WCAG formula), not money
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:  # float ok: colour arithmetic, not money
    """WCAG relative luminance of ``#rrggbb``."""
    text = colour.lstrip("#")
    r, g, b = (int(text[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:  # float ok: colour arithmetic, not money
    """WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(colour: str | None, background: str = "#ffffff", *, large: bool = False,
             fallback: str = DARK) -> str:
    """``colour`` when text in it passes AA on ``background``, else ``fallback``."""
    try:
        ok = colour is not None and contrast(colour, background) >= (AA_LARGE if large else AA_TEXT)
    except ValueError:
        ok = False
    return colour if ok else fallback


def _embedded_fonts(node: Any) -> None:
    """SVG text set in the embedded fonts (svglib would name Helvetica, which is not embedded)."""
    if hasattr(node, "fontName"):
        node.fontName = FONT_BOLD if "Bold" in str(node.fontName) else FONT
    for child in getattr(node, "contents", ()) or ():
        _embedded_fonts(child)


@lru_cache(maxsize=32)
def logo(data_uri: str | None) -> Any:
    """An ImageReader (PNG, JPEG) or an svglib Drawing from a data URI; None when absent or unknown."""
    if not data_uri or not data_uri.startswith("data:") or ";base64," not in data_uri:
        return None
    mime, payload = data_uri[5:].split(";base64,", 1)
    raw = base64.b64decode(payload)
    if mime == "image/svg+xml":
        from svglib.svglib import svg2rlg

        register_fonts()
        drawing = svg2rlg(io.BytesIO(raw))
        if drawing is not None:
            _embedded_fonts(drawing)
        return drawing
    if mime in ("image/png", "image/jpeg"):
        return ImageReader(io.BytesIO(raw))
    return None


def draw_logo(c: Canvas, image: Any, x: float, y: float, width: float, height: float) -> None:  # float ok: points
    """The logo fitted in the box whose lower-left corner is (x, y), left-aligned."""
    if image is None:
        return
    if isinstance(image, ImageReader):
        c.drawImage(image, x, y, width=width, height=height, preserveAspectRatio=True, anchor="sw",
                    mask="auto")
        return
    from reportlab.graphics import renderPDF

    scale = min(width / max(image.width, 1), height / max(image.height, 1))
    c.saveState()
    c.translate(x, y + height - image.height * scale)
    c.scale(scale, scale)
    renderPDF.draw(image, c, 0, 0)
    c.restoreState()
