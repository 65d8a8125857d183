"""Belgian periodic VAT return (Intervat XML) from the period's invoice VAT totals, with its checks.

Grids (belgium.md 2.4): sales bases per rate in 01/02/03 (00, 44-47 for the others), VAT due 54,
credit notes 49/64, deductible VAT 59, and the balance 71 (to pay) or 72 (to recover).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from lxml import etree

from core.declarations import Check, GeneratedFile, Period, Problems, Reconciliation, reconcile
from core.declarations.sources import InvoiceVat
from plugins.be.declarations.inputs import Employer
from plugins.be.declarations.vat_xml import grids_of, render

RATE_GRIDS = {"01": "reduced", "02": "intermediate", "03": "standard"}


@dataclass(frozen=True, slots=True)
class VatPeriod:
    declarant: Employer
    period: Period                  # a month or a quarter
    invoices: tuple[InvoiceVat, ...]
    created_at: datetime
    purchases: int = 0              # grids 81-83 together, cents
    deductible_vat: int = 0         # grid 59, cents


def compute_grids(data: VatPeriod, grid_of: dict[str, str]) -> dict[str, int]:
    grids: dict[str, int] = {}
    for invoice in data.invoices:
        for line in invoice.lines:
            base_grid = "49" if invoice.credit_note else grid_of[line.vat_code]
            grids[base_grid] = grids.get(base_grid, 0) + line.base
            if line.vat:
                vat_grid = "64" if invoice.credit_note else "54"
                grids[vat_grid] = grids.get(vat_grid, 0) + line.vat
    grids["81"] = data.purchases
    grids["59"] = data.deductible_vat
    balance = grids.get("54", 0) - grids.get("59", 0) - grids.get("64", 0)
    grids["71" if balance >= 0 else "72"] = abs(balance)
    return {k: v for k, v in sorted(grids.items()) if v or k in ("71", "72")}


def consistency(grids: dict[str, int], rates: dict[str, Decimal], tolerance: int, share: Decimal) -> list[str]:
    """The return's own checks (belgium.md 2.4, after Odoo's)."""
    problems = [f"grid {k} is negative" for k, v in grids.items() if v < 0]
    expected = sum(Decimal(grids.get(g, 0)) * rates[g] for g in RATE_GRIDS)
    if abs(expected - grids.get("54", 0)) > tolerance:
        problems.append(f"grid 54 ({grids.get('54', 0)}) differs from 01x6%+02x12%+03x21% ({expected:.0f}) by more "
                        f"than {tolerance} cents")
    if grids.get("59", 0) > share * grids.get("81", 0):
        problems.append("grid 59 exceeds the allowed share of the purchases (81-85)")
    if ("71" in grids) == ("72" in grids):
        problems.append("exactly one of grids 71 and 72 must be present")
    balance = grids.get("54", 0) - grids.get("59", 0) - grids.get("64", 0)
    if grids.get("71", 0) - grids.get("72", 0) != balance:
        problems.append("grid 71/72 is not 54 - 59 - 64")
    return problems


class VatReturnDeclaration:
    """`DeclarationType` for the periodic VAT return; ``tree`` is the Belgian parameter tree."""

    code = "vat"
    periodicity = "month_or_quarter"

    def __init__(self, tree: Any) -> None:
        self.tree = tree

    def settings(self, period: Period) -> tuple[dict[str, str], dict[str, Decimal], int, Decimal]:
        on, t = period.end, self.tree
        grid_of = {n.rsplit(".", 1)[1]: t.at(n, on) for n in t.names() if n.startswith("declarations.vat.grids.")}
        rates = {g: t.at(f"billing.vat.{code}", on) for g, code in RATE_GRIDS.items()}
        tolerance = int(t.at("declarations.vat.grid_54_tolerance", on) * 100)
        return grid_of, rates, tolerance, t.at("declarations.vat.deductible_share_of_purchases", on)

    def check_input(self, data: VatPeriod, grid_of: dict[str, str]) -> None:
        problems = Problems()
        problems.require(data.period.kind in ("month", "quarter"), "period", "a VAT return is monthly or quarterly")
        problems.require(bool(data.declarant.vat_number), "declarant.vat_number", "VAT number missing")
        for i, invoice in enumerate(data.invoices):
            if not data.period.contains(invoice.issued):
                problems.add(f"invoices[{i}].issued", f"{invoice.number} is outside {data.period}")
            for j, line in enumerate(invoice.lines):
                problems.require(line.vat_code in grid_of, f"invoices[{i}].lines[{j}].vat_code",
                                 f"{line.vat_code!r} has no VAT return grid (franchise: no periodic return)")
                problems.require(type(line.base) is int and type(line.vat) is int and line.base >= 0 and line.vat >= 0,
                                 f"invoices[{i}].lines[{j}]", "amounts must be non-negative integer cents")
        problems.raise_if_any()

    def generate(self, data: VatPeriod) -> GeneratedFile:
        grid_of, rates, tolerance, share = self.settings(data.period)
        self.check_input(data, grid_of)
        grids = compute_grids(data, grid_of)
        problems = Problems()
        for problem in consistency(grids, rates, tolerance, share):
            problems.add("invoices", problem)
        problems.raise_if_any()
        summary = {f"grid_{k}": v for k, v in grids.items()}
        return GeneratedFile(self.code, data.period, f"vat-{data.declarant.vat_number}-{data.period}.xml",
                             render(data, grids), "application/xml", summary)

    def check(self, generated: GeneratedFile) -> list[str]:
        try:
            grids = grids_of(etree.fromstring(generated.content))
        except (etree.XMLSyntaxError, ValueError) as exc:
            return [f"not an Intervat return: {exc}"]
        _, rates, tolerance, share = self.settings(generated.period)
        return consistency(grids, rates, tolerance, share)


SALES_GRIDS = ("00", "01", "02", "03", "44", "45", "46", "47")


def reconcile_vat(generated: GeneratedFile, invoices: tuple[InvoiceVat, ...]) -> Reconciliation:
    """The grids read back from the file against the invoices of the period, to the cent."""
    grids = grids_of(etree.fromstring(generated.content))
    lines = [(invoice.credit_note, line) for invoice in invoices for line in invoice.lines]
    return reconcile([
        Check("sales grids 00-03, 44-47", sum(grids.get(g, 0) for g in SALES_GRIDS),
              sum(line.base for credit, line in lines if not credit)),
        Check("grid 54 VAT due", grids.get("54", 0), sum(line.vat for credit, line in lines if not credit)),
        Check("grid 49 credit notes", grids.get("49", 0), sum(line.base for credit, line in lines if credit)),
        Check("grid 64 VAT on credit notes", grids.get("64", 0), sum(line.vat for credit, line in lines if credit)),
    ])
