"""Payslip PDFs (PDF/A-3B: embedded subset fonts, sRGB OutputIntent, XMP) per second, as a ratio to a
same-run baseline: the same page's text drawn on a plain reportlab canvas in the standard Helvetica
(no font embedded, no PDF/A), i.e. the floor of what reportlab needs for that much text.

Run: ``.venv/bin/pytest benchmarks/test_payslip_pdf.py --benchmark-only -s``. The target is 200
payslips a second or more (one file each, what members download) on the 2-core dev machine; the
rates, the baseline and the ratios are printed and stored in ``extra_info``; the ratio bounds below
guard against regressions (figures: docs/payroll-runs.md, payslip PDFs).
"""
from __future__ import annotations

import base64
import io
import time
from decimal import Decimal
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from partage.core.payroll.pdf import SlipView, brand_of, render_batch, render_payslip

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 7
SINGLE, BATCH = 60, 300
# a PDF/A payslip may cost this many times the plain-Helvetica floor at most (measured on the shared
# 2-core dev machine under load: 2.4-3.8 for one file each, 1.35-1.5 for bulk files)
MAX_COST_SINGLE, MAX_COST_BATCH = 4.5, 2.0


def _brand_and_slip():
    svg = (ROOT / "tenants" / "presets" / "smart-be" / "logo.svg").read_bytes()
    brand = brand_of("Smart Coop SC", {"primary_color": "#e5004b", "document_footer": "Smart Coop SC · Gent",
                                       "logo_data_uri": "data:image/svg+xml;base64," + base64.b64encode(svg).decode()},
                     "fr", country="BE", company_number="0896.755.397",
                     employer={"onss_number": "197200032", "joint_committee": "200"})
    lines = [["onss_employee", "Employee social security", 39210, "employee", 300000, "0.1307"],
             ["taxable", "Taxable pay", 260790, "info", None, None],
             ["withholding_tax_base", "Withholding tax", 60000, "employee", 260790, None]]
    lines += [[f"employer_{i}", "Employer contribution", 1234, "employer", 300000, "0.0123"] for i in range(11)]
    slip = SlipView("Lotte Peeters", "85073003328", "BE68539007547034", "2025-03", "Graphic design",
                    Decimal("3000.00"), Decimal("2100.00"), Decimal("3900.00"), lines, days=5,
                    hours=Decimal("38"), year_to_date=(Decimal("9000"), Decimal("1800"), Decimal("6300")))
    return brand, slip


def _plain_pages(pages: int, strings: int) -> bytes:
    """The baseline: ``strings`` strings a page, standard Helvetica, nothing embedded."""
    buffer = io.BytesIO()
    c = Canvas(buffer, pageCompression=1)
    for _ in range(pages):
        for i in range(strings):
            c.drawString(40 + (i % 4) * 120, 800 - (i // 4) * 11, "Cotisations personnelles 1.234,56")
        c.showPage()
    c.save()
    return buffer.getvalue()


def _rates(first, second, count: int) -> tuple[float, float]:  # float ok: rates, not money
    """Best rate of each, their rounds interleaved so that both see the same machine load."""
    best = [0.0, 0.0]
    for _ in range(ROUNDS):
        for i, work in enumerate((first, second)):
            start = time.perf_counter()
            work()
            best[i] = max(best[i], count / (time.perf_counter() - start))
    return best[0], best[1]


def test_payslip_pdfs_per_second_vs_plain_text(benchmark):
    brand, slip = _brand_and_slip()
    strings = 90  # about what a Belgian payslip page draws
    render_payslip(brand, slip)
    base_single, single = _rates(lambda: [_plain_pages(1, strings) for _ in range(SINGLE)],
                                 lambda: [render_payslip(brand, slip) for _ in range(SINGLE)], SINGLE)
    base_batch, batch = _rates(lambda: _plain_pages(BATCH, strings),
                               lambda: render_batch(brand, [slip] * BATCH), BATCH)
    benchmark.pedantic(render_payslip, args=(brand, slip), rounds=20, iterations=1)
    benchmark.extra_info.update(single_per_s=round(single), batch_per_s=round(batch),
                                plain_single_per_s=round(base_single), plain_batch_per_s=round(base_batch),
                                cost_single=round(base_single / single, 2), cost_batch=round(base_batch / batch, 2))
    print(f"\nPayslip PDF/A: one file each {single:,.0f}/s (plain Helvetica page {base_single:,.0f}/s, "
          f"x{base_single / single:.2f}); {BATCH} pages in one file {batch:,.0f}/s "
          f"(plain {base_batch:,.0f}/s, x{base_batch / batch:.2f})")
    assert base_single / single <= MAX_COST_SINGLE
    assert base_batch / batch <= MAX_COST_BATCH
