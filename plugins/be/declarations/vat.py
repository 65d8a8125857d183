"""Belgian periodic VAT return (Intervat XML) from the period's invoice VAT totals, with its checks.

Grids (form 625, wording in NewTVA-in_v0_9.xsd): sales bases per rate in 01/02/03, 00 for the
special regime, 44 (EU services, VAT due by the customer), 45 (domestic reverse charge), 46 (EU
supplies of goods), 47 (export, other exempt, abroad); the grid of a line is data
(`declarations/vat.yaml`) by VAT code and, for some codes, by the client's country and the
invoice's operation. Credit notes issued: 48 (those correcting 44/46) or 49, their VAT 64. VAT due
54, deductible 59, balance 71 (to pay) or 72 (to recover). The file is validated against the
official XSD shipped in `plugins/be/resources/intervat`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

from partage.core.declarations import Check, GeneratedFile, Period, Problems, Reconciliation, reconcile
from partage.core.declarations.sources import InvoiceVat, VatLine
from partage.core.declarations.xml import xsd_problems
from partage.plugins.be.declarations.inputs import Employer
from partage.plugins.be.declarations.vat_xml import grids_of, render

RATE_GRIDS = {"01": "reduced", "02": "intermediate", "03": "standard"}
SALES_GRIDS = ("00", "01", "02", "03", "44", "45", "46", "47")
PERIODICITIES = ("month", "quarter")
PREFIX = "declarations.vat"


def xsd() -> Path:
    """The official Intervat VAT return schema shipped in the package."""
    return Path(str(resources.files("partage.plugins.be").joinpath("resources", "intervat", "NewTVA-in_v0_9.xsd")))


@dataclass(frozen=True, slots=True)
class VatPeriod:
    declarant: Employer
    period: Period                  # a month or a quarter
    invoices: tuple[InvoiceVat, ...]
    created_at: datetime
    purchases: int = 0              # grids 81-83 together, cents
    deductible_vat: int = 0         # grid 59, cents
    periodicity: str = "month"      # the tenant's: a return of the other periodicity is refused


@dataclass(frozen=True, slots=True)
class GridRules:
    """Where each VAT code goes on the form on a date (dated YAML)."""

    grid_of: dict[str, str]         # "standard" -> "03", "reverse_charge.eu_services" -> "44"
    credit_to_48: frozenset[str]
    eu: frozenset[str]
    home: str = "BE"

    @classmethod
    def at(cls, tree: Any, on: date) -> "GridRules":
        prefix = f"{PREFIX}.grids."
        grid_of = {n[len(prefix):]: tree.at(n, on) for n in tree.names() if n.startswith(prefix)}
        return cls(grid_of, frozenset(tree.at(f"{PREFIX}.credit_note_grids", on).split()),
                   frozenset(tree.at(f"{PREFIX}.eu_member_states", on).split()))

    def situation(self, invoice: InvoiceVat) -> str:
        country = (invoice.client_country or self.home).upper()
        if country == self.home:
            return "domestic"
        if country in self.eu:
            return f"eu_{invoice.operation}"
        return "outside_eu"

    def grid(self, invoice: InvoiceVat, line: VatLine) -> str | None:
        """The grid of a line's base as an invoice (None: the form has no grid for it)."""
        return self.grid_of.get(f"{line.vat_code}.{self.situation(invoice)}", self.grid_of.get(line.vat_code))

    def knows(self, code: str) -> bool:
        return any(key == code or key.startswith(f"{code}.") for key in self.grid_of)

    def base_grid(self, invoice: InvoiceVat, line: VatLine) -> str:
        grid = self.grid(invoice, line)
        if not invoice.credit_note:
            return grid
        return "48" if grid in self.credit_to_48 else "49"


def _add(grids: dict[str, int], grid: str, cents: int) -> None:
    grids[grid] = grids.get(grid, 0) + cents


def compute_grids(data: VatPeriod, rules: GridRules) -> dict[str, int]:
    grids: dict[str, int] = {}
    for invoice in data.invoices:
        for line in invoice.lines:
            _add(grids, rules.base_grid(invoice, line), line.base)
            if line.vat:
                _add(grids, "64" if invoice.credit_note else "54", line.vat)
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


def _check_line(problems: Problems, where: str, invoice: InvoiceVat, line: VatLine, rules: GridRules) -> None:
    if not rules.knows(line.vat_code):
        problems.add(f"{where}.vat_code", f"{line.vat_code!r} has no VAT return grid (franchise: no periodic return)")
    elif rules.grid(invoice, line) is None:
        problems.add(f"{where}.vat_code", f"{line.vat_code!r} to a client in {invoice.client_country or 'BE'} "
                                          f"({invoice.operation}) has no grid on the form")
    problems.require(type(line.base) is int and type(line.vat) is int and line.base >= 0 and line.vat >= 0,
                     where, "amounts must be non-negative integer cents")


class VatReturnDeclaration:
    """`DeclarationType` for the periodic VAT return; ``tree`` is the Belgian parameter tree."""

    code = "vat"
    periodicity = "month_or_quarter"

    def __init__(self, tree: Any) -> None:
        self.tree = tree

    def settings(self, period: Period) -> tuple[GridRules, dict[str, Decimal], int, Decimal]:
        on, t = period.end, self.tree
        rates = {g: t.at(f"billing.vat.{code}", on) for g, code in RATE_GRIDS.items()}
        tolerance = int(t.at(f"{PREFIX}.grid_54_tolerance", on) * 100)
        return GridRules.at(t, on), rates, tolerance, t.at(f"{PREFIX}.deductible_share_of_purchases", on)

    def check_input(self, data: VatPeriod, rules: GridRules) -> None:
        problems = Problems()
        problems.require(data.periodicity in PERIODICITIES, "periodicity",
                         f"{data.periodicity!r} is not a VAT periodicity ({', '.join(PERIODICITIES)})")
        problems.require(data.period.kind == data.periodicity, "period",
                         f"the tenant files {data.periodicity}ly VAT returns, not for the {data.period.kind} {data.period}")
        problems.require(bool(data.declarant.vat_number), "declarant.vat_number", "VAT number missing")
        for i, invoice in enumerate(data.invoices):
            if not data.period.contains(invoice.issued):
                problems.add(f"invoices[{i}].issued", f"{invoice.number} is outside {data.period}")
            problems.require(invoice.operation in ("goods", "services")
                             or rules.situation(invoice) in ("domestic", "outside_eu"),
                             f"invoices[{i}].operation", f"{invoice.number}: an intra-EU {invoice.operation!r} "
                             "invoice cannot be split between grids 44 and 46; invoice goods and services apart")
            for j, line in enumerate(invoice.lines):
                _check_line(problems, f"invoices[{i}].lines[{j}]", invoice, line, rules)
        problems.raise_if_any()

    def generate(self, data: VatPeriod) -> GeneratedFile:
        rules, rates, tolerance, share = self.settings(data.period)
        self.check_input(data, rules)
        grids = compute_grids(data, rules)
        problems = Problems()
        for problem in consistency(grids, rates, tolerance, share):
            problems.add("invoices", problem)
        problems.raise_if_any()
        summary = {f"grid_{k}": v for k, v in grids.items()}
        return GeneratedFile(self.code, data.period, f"vat-{data.declarant.vat_number}-{data.period}.xml",
                             render(data, grids), "application/xml", summary)

    def check(self, generated: GeneratedFile) -> list[str]:
        problems = xsd_problems(generated.content, xsd())
        if problems:
            return [f"Intervat XSD: {p}" for p in problems]
        grids = grids_of(etree.fromstring(generated.content))
        _, rates, tolerance, share = self.settings(generated.period)
        return consistency(grids, rates, tolerance, share)


def reconcile_vat(generated: GeneratedFile, invoices: tuple[InvoiceVat, ...]) -> Reconciliation:
    """The grids read back from the file against the invoices of the period, to the cent."""
    grids = grids_of(etree.fromstring(generated.content))
    lines = [(invoice.credit_note, line) for invoice in invoices for line in invoice.lines]
    return reconcile([
        Check("sales grids 00-03, 44-47", sum(grids.get(g, 0) for g in SALES_GRIDS),
              sum(line.base for credit, line in lines if not credit)),
        Check("grid 54 VAT due", grids.get("54", 0), sum(line.vat for credit, line in lines if not credit)),
        Check("grids 48 + 49 credit notes", grids.get("48", 0) + grids.get("49", 0),
              sum(line.base for credit, line in lines if credit)),
        Check("grid 64 VAT on credit notes", grids.get("64", 0), sum(line.vat for credit, line in lines if credit)),
    ])
