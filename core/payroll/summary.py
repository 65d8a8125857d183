"""The payslip summary: the four amounts every view prints (the member's web page, the PDF, the
API, the CLI), built here once so they cannot disagree.

* ``gross``: the gross salary;
* ``taxable``: what is left after the worker's social contributions (the stored ``net``), before
  withholding tax;
* ``withholding_tax``: the income tax withheld;
* ``net_to_pay``: what reaches the worker's account (after withholding and any other deduction).

In a correction run every amount is a difference.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from partage.core.payroll.models import PayslipRecord
from partage.core.payroll.payments import cents

ZERO = Decimal("0.00")
LABELS = {"gross": "Gross salary", "taxable": "Taxable pay (before withholding tax)",
          "withholding_tax": "Withholding tax", "net_to_pay": "Net to pay"}


@dataclass(frozen=True, slots=True)
class PayslipSummary:
    gross: Decimal
    taxable: Decimal
    withholding_tax: Decimal
    net_to_pay: Decimal

    def rows(self) -> list[tuple[str, Decimal]]:
        """(label, amount) in the order every view prints them (labels in English: a view
        translates them through its catalog)."""
        return [(LABELS[name], getattr(self, name)) for name in LABELS]

    def as_strings(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name in LABELS}


def summary_of(slip: Any) -> PayslipSummary:
    """The summary of one payslip (a ``PayslipRecord`` or anything with its four amounts)."""
    return PayslipSummary(gross=slip.gross, taxable=slip.net, withholding_tax=slip.withholding_tax,
                          net_to_pay=slip.net_to_pay)


def total_of(slips: Iterable[Any]) -> PayslipSummary:
    parts = [summary_of(slip) for slip in slips]
    return PayslipSummary(*(sum((getattr(p, name) for p in parts), ZERO) for name in LABELS))


def run_summary(session: Session, run_id: uuid.UUID) -> PayslipSummary:
    """The sum of a run's computed payslips (one query)."""
    columns = (PayslipRecord.gross, PayslipRecord.net, PayslipRecord.withholding_tax, PayslipRecord.net_to_pay)
    row = session.execute(select(*(func.coalesce(func.sum(cents(c)), 0) for c in columns)).where(
        PayslipRecord.run_id == run_id, PayslipRecord.status == "computed")).one()
    return PayslipSummary(*(Decimal(int(value)).scaleb(-2) for value in row))
