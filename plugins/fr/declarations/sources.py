"""Stored rows -> French generator inputs (CA3 from invoices, DSN from payslips: `dsn_sources`, DPAE
from a work performance: `dpae`).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from partage.core.declarations import Check, Period, Problems, reconcile
from partage.core.declarations import rows
from partage.core.declarations.types import Source
from partage.plugins.fr.declarations.ca3 import Ca3Period, reconcile_ca3
from partage.plugins.fr.declarations.ca3 import to_cents as box_cents


def siren(tenant: Any, problems: Problems) -> str:
    digits = "".join(ch for ch in (tenant.company_number or "") if ch.isdigit())[:9]
    problems.require(len(digits) == 9, "tenant.company_number", "missing: the SIREN (9 digits)")
    return digits


def _totals(generated, totals: tuple[int, int, int, int]):
    import json

    doc = json.loads(generated.content)
    return reconcile([Check("box 16 vs invoices.total_vat - credit_notes.total_vat",
                            box_cents(doc["totals"]["16"]), totals[1] - totals[3])])


def ca3(session: Session, tenant: Any, period: Period, at: datetime) -> Source:
    problems = Problems()
    number = siren(tenant, problems)
    problems.raise_if_any()
    invoices = rows.issued_vat(session, period)
    totals = rows.issued_totals(session, period)
    return Source(Ca3Period(number, period, invoices, at),
                  lambda g: reconcile(reconcile_ca3(g, invoices).checks + _totals(g, totals).checks))


def build(session: Session, tenant: Any, kind: str, period: Period, at: datetime, subject: str = "") -> Source:
    if kind == "ca3":
        return ca3(session, tenant, period, at)
    if kind == "dsn":
        from partage.plugins.fr.declarations.dsn_sources import dsn
        return dsn(session, tenant, period, at)
    if kind == "dpae":
        from partage.plugins.fr.declarations.dsn_sources import dpae
        return dpae(session, tenant, period, at, subject)
    problems = Problems()
    problems.add("type", f"{kind!r} cannot be built from stored data in France (dsn, dpae, ca3)")
    problems.raise_if_any()
