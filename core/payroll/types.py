"""Country-neutral payslip result types shared by every country plugin.

A country plugin computes payslips with its own typed inputs, and returns these
structures so that bulk runs, documents and declarations can consume any country.
Amounts are `Decimal` euros rounded to the cent by the plugin, as its law says.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Mapping


class Side(str, Enum):
    EMPLOYEE = "employee"  # withheld from the employee
    EMPLOYER = "employer"  # paid on top by the employer
    INFO = "info"          # shown for information (bases, equivalent days...)


@dataclass(frozen=True, slots=True)
class PayslipLine:
    code: str                 # stable machine code, e.g. "onss_employee", "csg_deductible"
    label: str                # English label; documents translate by code
    amount: Decimal           # signed: a deduction is positive and listed under its side
    side: Side
    base: Decimal | None = None
    rate: Decimal | None = None
    reference: str = ""       # legal source of the rate


@dataclass(frozen=True, slots=True)
class Payslip:
    period: date              # first day of the month paid
    gross: Decimal
    net: Decimal              # net before withholding tax
    withholding_tax: Decimal
    net_to_pay: Decimal
    employer_contributions: Decimal
    employer_cost: Decimal    # total cost for the employer (gross + employer contributions)
    lines: tuple[PayslipLine, ...] = ()
    totals: Mapping[str, Decimal] = field(default_factory=dict)  # country-specific named totals
    warnings: tuple[str, ...] = ()  # e.g. stale parameters used
