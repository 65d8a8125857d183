"""CA3 VAT return boxes (régime réel normal) from the period's invoice VAT totals (france.md 8).

Taxable operations: A1 (bases) and the rate boxes 08 / 09 / 9B / T6 (base and tax); exports E1,
intra-EU supplies F2, other non-taxable E2; gross VAT 16, deductible VAT 19-22 and 23, then 25
(credit) or 28 (net due) and 32 (to pay). Credit notes reduce the boxes of their VAT code.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from partage.core.declarations import Check, GeneratedFile, Period, Problems, Reconciliation, reconcile
from partage.core.declarations.sources import InvoiceVat

TAXED = ("08", "09", "9B", "T6")


@dataclass(frozen=True, slots=True)
class Ca3Period:
    siren: str
    period: Period
    invoices: tuple[InvoiceVat, ...]
    created_at: datetime
    deductible_fixed_assets: int = 0    # box 19, cents
    deductible_other: int = 0           # box 20
    credit_carried: int = 0             # box 22 (line 27 of the previous return)


def boxes(data: Ca3Period, box_of: dict[str, str]) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for invoice in data.invoices:
        sign = -1 if invoice.credit_note else 1
        for line in invoice.lines:
            box = found.setdefault(box_of[line.vat_code], {"base": 0, "tax": 0})
            box["base"] += sign * line.base
            box["tax"] += sign * line.vat
    return found


def totals(found: dict[str, dict[str, int]], data: Ca3Period) -> dict[str, int]:
    gross = sum(found.get(b, {}).get("tax", 0) for b in TAXED)
    deductible = data.deductible_fixed_assets + data.deductible_other + data.credit_carried
    return {"A1": sum(found.get(b, {}).get("base", 0) for b in TAXED), "16": gross, "19": data.deductible_fixed_assets,
            "20": data.deductible_other, "22": data.credit_carried, "23": deductible,
            "25": max(deductible - gross, 0), "28": max(gross - deductible, 0), "32": max(gross - deductible, 0)}


def euros(cents: int) -> str:
    return f"{'-' if cents < 0 else ''}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def to_cents(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    whole, _, part = text.lstrip("-").partition(".")
    return sign * (int(whole) * 100 + int(part or 0))


def consistency(doc: dict[str, Any]) -> list[str]:
    b = {k: to_cents(v) for k, v in doc["totals"].items()}
    rate = {k: {f: to_cents(x) for f, x in v.items()} for k, v in doc["operations"].items()}
    problems = [f"box {k} is negative" for k, v in list(b.items()) + [(k, v["base"]) for k, v in rate.items()] if v < 0]
    if b["16"] != sum(rate.get(k, {}).get("tax", 0) for k in TAXED):
        problems.append("box 16 is not the sum of the tax of boxes 08, 09, 9B, T6")
    if b["23"] != b["19"] + b["20"] + b["22"]:
        problems.append("box 23 is not 19 + 20 + 22")
    if b["28"] - b["25"] != b["16"] - b["23"] or min(b["25"], b["28"]) != 0:
        problems.append("boxes 25/28 do not balance 16 - 23")
    return problems


# What the file is (and is not): the boxes of the form, for a person or a partner EDI to file; the
# EDI-TVA message (EDIFACT INFENT-DECTVA, DGFiP cahier des charges) is not produced (docs/declarations.md).
FORMAT = "boxes of form 3310-CA3-SD as JSON (not an EDI-TVA message)"


class Ca3Declaration:
    code = "ca3"
    periodicity = "month_or_quarter"

    def __init__(self, tree: Any) -> None:
        self.tree = tree

    def box_of(self, on: Any) -> dict[str, str]:
        prefix = "declarations.ca3.boxes."
        return {n[len(prefix):]: self.tree.at(n, on) for n in self.tree.names() if n.startswith(prefix)}

    def generate(self, data: Ca3Period) -> GeneratedFile:
        box_of, problems = self.box_of(data.period.end), Problems()
        for i, invoice in enumerate(data.invoices):
            problems.require(data.period.contains(invoice.issued), f"invoices[{i}].issued", f"outside {data.period}")
            for j, line in enumerate(invoice.lines):
                problems.require(line.vat_code in box_of, f"invoices[{i}].lines[{j}].vat_code",
                                 f"{line.vat_code!r} has no CA3 box")
        problems.raise_if_any()
        found = boxes(data, box_of)
        doc = {"form": "3310-CA3-SD", "format": FORMAT, "siren": data.siren, "period": str(data.period),
               "operations": {k: {f: euros(v) for f, v in found[k].items()} for k in sorted(found)},
               "totals": {k: euros(v) for k, v in totals(found, data).items()}}
        for problem in consistency(doc):
            problems.add("invoices", problem)
        problems.raise_if_any()
        return GeneratedFile(self.code, data.period, f"ca3-{data.siren}-{data.period}.json",
                             json.dumps(doc, indent=2).encode(), "application/json", {"box_28": doc["totals"]["28"]})

    def check(self, generated: GeneratedFile) -> list[str]:
        return consistency(json.loads(generated.content))


def reconcile_ca3(generated: GeneratedFile, invoices: tuple[InvoiceVat, ...]) -> Reconciliation:
    doc = json.loads(generated.content)
    ops = [{f: to_cents(x) for f, x in v.items()} for v in doc["operations"].values()]
    signed = [(-1 if i.credit_note else 1, line) for i in invoices for line in i.lines]
    return reconcile([
        Check("bases of all boxes", sum(o["base"] for o in ops), sum(s * line.base for s, line in signed)),
        Check("box 16 gross VAT", to_cents(doc["totals"]["16"]), sum(s * line.vat for s, line in signed)),
    ])
