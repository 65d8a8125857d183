"""The Belgian payslip simulator command (`partage payroll simulate --country be ...`)."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import click

from partage.core.payroll.types import Payslip
from partage.plugins.be.payroll.inputs import ContractType, FamilyStatus, PaymentKind, PayrollInputError, PayslipInput
from partage.plugins.be.payroll.rounding import CENT

if TYPE_CHECKING:  # pragma: no cover
    from partage.plugins.be.payroll.batch import BelgianPayroll

KEYS = ("gross", "employee_social_security", "social_work_bonus", "work_bonus_a", "work_bonus_b", "taxable",
        "withholding_tax_before_bonus", "fiscal_work_bonus", "withholding_tax", "special_social_security", "net",
        "employer_social_security", "employer_cost")
TOTAL_OF = {"work_bonus_a": "work_bonus_volet_a", "work_bonus_b": "work_bonus_volet_b"}  # printed key -> total


def parse_period(_ctx: Any, _param: Any, value: str) -> date:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM, got {value!r}") from None


def parse_decimal(_ctx: Any, param: click.Parameter, value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise click.BadParameter(f"not a number: {value!r}", param=param) from None
    if not number.is_finite():
        raise click.BadParameter(f"not a finite number: {value!r}", param=param)
    return number


def _choice(kind: type) -> click.Choice:
    return click.Choice([k.value for k in kind])


def _options(f: Any) -> Any:
    decorators = [
        click.option("--period", required=True, callback=parse_period, help="Month paid, YYYY-MM."),
        click.option("--gross", callback=parse_decimal, help="Gross monthly pay (EUR)."),
        click.option("--budget", callback=parse_decimal, help="Available budget instead of --gross (EUR)."),
        click.option("--multiplier", callback=parse_decimal, help="Budget = gross x multiplier."),
        click.option("--status", type=_choice(FamilyStatus), default="single", show_default=True),
        click.option("--spouse-without-income", is_flag=True, help="Same as --status married_one_income."),
        click.option("--children", type=click.IntRange(min=0), default=0, show_default=True),
        click.option("--category", type=_choice(ContractType), default="white_collar", show_default=True),
        click.option("--blue-collar", is_flag=True, help="Same as --category blue_collar."),
        click.option("--part-time", callback=parse_decimal, default="1", help="Worked fraction (0, 1]."),
        click.option("--payment", type=_choice(PaymentKind), default="regular", show_default=True),
        click.option("--reference-wage", callback=parse_decimal, help="Normal monthly wage (exceptional payments)."),
        click.option("--hours", callback=parse_decimal, help="Hours worked (students: quota check)."),
        click.option("--student-hours-before", callback=parse_decimal, default="0"),
        click.option("--quarter-base-before", callback=parse_decimal, default="0",
                     help="Employer-contribution base already declared this quarter (EUR): quarterly cap."),
        click.option("--non-resident", is_flag=True),
        click.option("--disabled", is_flag=True, help="The worker is disabled (tax reduction)."),
        click.option("--json", "as_json", is_flag=True, help="Print one JSON object."),
    ]
    for decorator in reversed(decorators):
        f = decorator(f)
    return f


def build_input(o: dict[str, Any]) -> PayslipInput:
    """A `PayslipInput` from parsed options; input errors become click errors naming the option."""
    family = FamilyStatus.MARRIED_ONE_INCOME if o["spouse_without_income"] else o["status"]
    contract = ContractType.BLUE_COLLAR if o["blue_collar"] else o["category"]
    try:
        return PayslipInput(
            period=o["period"], gross=o["gross"], budget=o["budget"], multiplier=o["multiplier"],
            family=family, children=o["children"], contract=contract, part_time=o["part_time"],
            payment=o["payment"], reference_monthly_wage=o["reference_wage"], hours=o["hours"],
            student_hours_before=o["student_hours_before"], non_resident=o["non_resident"],
            disabled=o["disabled"], quarter_base_before=o["quarter_base_before"],
        )
    except PayrollInputError as exc:
        raise click.UsageError(f"--{exc.field.replace('_', '-')}: {exc}") from None


def total(payslip: Payslip, key: str) -> Decimal:
    """A printed amount (two decimals) by its printed key."""
    return payslip.totals[TOTAL_OF.get(key, key)].quantize(CENT)


def as_dict(payslip: Payslip) -> dict[str, Any]:
    """JSON-ready result: amounts as strings with two decimals."""
    out: dict[str, Any] = {key: str(total(payslip, key)) for key in KEYS}
    if "budget" in payslip.totals:
        out["budget"] = str(payslip.totals["budget"].quantize(CENT))
        multiplier = payslip.totals.get("multiplier")
        out["multiplier"] = None if multiplier is None else str(multiplier)
    out["period"] = payslip.period.strftime("%Y-%m")
    out["warnings"] = list(payslip.warnings)
    return out


def render(payslip: Payslip) -> str:
    """A readable payslip."""
    rows = [f"Payslip {payslip.period:%Y-%m} (Belgium)"]
    for line in payslip.lines:
        rows.append(f"  {line.label:<52} {line.side.value:<9} {line.amount:>12}")
    for key in KEYS:
        rows.append(f"{key.replace('_', ' '):<54} {total(payslip, key):>22}")
    rows += [f"warning: {w}" for w in payslip.warnings]
    return "\n".join(rows)


def build_command(payroll: "BelgianPayroll") -> click.Command:
    """A fresh click command bound to ``payroll``."""

    @click.command("simulate")
    @_options
    def simulate(**options: Any) -> None:
        """Simulate one Belgian payslip."""
        worker = build_input(options)
        try:
            payslip = payroll.compute_batch([worker])[0]
        except PayrollInputError as exc:
            raise click.UsageError(f"--{exc.field.replace('_', '-')}: {exc}") from None
        click.echo(json.dumps(as_dict(payslip)) if options["as_json"] else render(payslip))

    return simulate
