"""`simulate` command: one French payslip (or the gross for a budget) from the command line."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation

import click

from partage.plugins.fr.payroll.inputs import ENTERTAINMENT, REGIONS, FrPayslipInput, PayrollInputError

OUTPUT_KEYS = (
    "gross", "employee_contributions", "csg_deductible", "csg_non_deductible", "crds", "net", "net_taxable",
    "withholding_tax", "net_to_pay", "employer_contributions_before_reduction", "general_reduction",
    "employer_contributions", "labour_cost",
)


class DecimalType(click.ParamType):
    """A click parameter parsed as an exact ``Decimal``."""

    name = "decimal"

    def convert(self, value, param, ctx):  # noqa: ANN001 - click signature
        if isinstance(value, Decimal):
            return value
        try:
            result = Decimal(str(value).replace(",", "."))
        except InvalidOperation:
            self.fail(f"{value!r} is not a decimal number", param, ctx)
        if not result.is_finite():
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return result


def parse_period(value: str) -> date:
    """``YYYY-MM`` to the first day of that month."""
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM, got {value!r}", param_hint="--period") from None


def render(payslip_totals: dict, as_json: bool) -> str:
    """The output: JSON (amounts as strings with 2 decimals) or aligned text."""
    data = {key: f"{payslip_totals[key]:.2f}" for key in OUTPUT_KEYS}
    data["general_reduction_coefficient"] = f"{payslip_totals['general_reduction_coefficient']:.4f}"
    if as_json:
        return json.dumps(data, indent=2)
    return "\n".join(f"{key:<42}{value:>12}" for key, value in data.items())


@click.command("simulate")
@click.option("--period", required=True, help="Month paid, YYYY-MM.")
@click.option("--gross", type=DecimalType(), help="Gross monthly pay in euros.")
@click.option("--budget", type=DecimalType(), help="Envelope (labour cost) to turn into the highest gross that fits.")
@click.option("--headcount", type=click.IntRange(min=1), required=True, help="Employer headcount.")
@click.option("--at-rate", type=DecimalType(), required=True, help="AT/MP rate as a fraction (0.0064).")
@click.option("--cadre", is_flag=True, help="Executive (APEC, provident scheme).")
@click.option("--pas-rate", type=DecimalType(), default=None, help="Personalised PAS rate (fraction); default neutral grid.")
@click.option("--region", type=click.Choice(REGIONS), default="metropolitan", help="Neutral PAS grid.")
@click.option("--work-time-ratio", type=DecimalType(), default=Decimal(1), help="Part time: share of full time.")
@click.option("--entertainment", type=click.Choice(ENTERTAINMENT), default=None, help="Intermittent du spectacle.")
@click.option("--work-study-share", type=DecimalType(), default=None,
              help="Employer's share of work-study contracts in its headcount, as a fraction (0.03 = 3 %); "
                   "default: not given, so the CSA is due (employers of 250 or more).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def simulate(period: str, gross: Decimal | None, budget: Decimal | None, headcount: int, at_rate: Decimal,
             cadre: bool, pas_rate: Decimal | None, region: str, work_time_ratio: Decimal,
             entertainment: str | None, work_study_share: Decimal | None, as_json: bool) -> None:
    """Simulate a French payslip for one month."""
    from partage.plugins.fr.payroll.engine import FrenchPayroll

    if (gross is None) == (budget is None):
        raise click.UsageError("give exactly one of --gross or --budget")
    payroll = FrenchPayroll()
    try:
        template = FrPayslipInput(parse_period(period), gross if gross is not None else Decimal(0), headcount,
                                  at_rate, cadre=cadre, pas_rate=pas_rate, region=region,
                                  work_time_ratio=work_time_ratio, entertainment=entertainment,
                                  work_study_share=work_study_share)
        if budget is not None:
            template = FrPayslipInput(**{**_fields(template), "gross": payroll.gross_for_budget(template, budget)})
        payslip = payroll.compute_batch([template])[0]
    except PayrollInputError as exc:
        raise click.BadParameter(str(exc), param_hint=f"--{exc.field.replace('_', '-')}") from None
    click.echo(render(dict(payslip.totals), as_json))
    for warning in payslip.warnings:
        click.echo(f"warning: {warning}", err=True)


def _fields(item: FrPayslipInput) -> dict:
    return {name: getattr(item, name) for name in item.__dataclass_fields__}
