"""`FrenchPayroll`: batch API over dated parameters (resolved once per period)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from partage.core.params import ParameterNotDefined
from partage.core.payroll.types import Payslip
from partage.plugins.fr.payroll.budget import gross_for_budget, smooth_budget
from partage.plugins.fr.payroll.inputs import FrPayslipInput, PayrollInputError
from partage.plugins.fr.payroll.payslip import compute_payslip
from partage.plugins.fr.payroll.rates import FrRates, build_rates

if TYPE_CHECKING:  # NumPy is imported by the column path only when it runs
    from partage.core.payroll.columns import PayslipColumns

PARAMETERS = Path(__file__).resolve().parent.parent / "parameters"


def default_tree() -> Any:
    """The plugin's parameter tree (loaded once and cached by ``core.params``)."""
    from partage.core.params import load_parameters

    return load_parameters(PARAMETERS)


def _build(snap: Any, period: date) -> FrRates:
    try:
        return build_rates(snap)
    except ParameterNotDefined as exc:
        raise PayrollInputError("period", f"{period.isoformat()[:7]} is not covered by the parameters ({exc})") from None


def _rates_by_period(inputs: Sequence[FrPayslipInput], params: Any) -> dict[date, FrRates]:
    """Resolve parameters once per distinct period (``params``: a tree, or a snapshot for one date)."""
    return _rates_of_periods({item.period for item in inputs}, params)


def _rates_of_periods(periods: set[date], params: Any) -> dict[date, FrRates]:
    """The rates of each of ``periods``; a period the parameters do not cover raises `PayrollInputError`."""
    if hasattr(params, "at_date"):
        return {period: _build(params.at_date(period), period) for period in periods}
    snap_date = getattr(params, "date", None)
    if len(periods) > 1 or (periods and snap_date is not None and snap_date != next(iter(periods))):
        raise PayrollInputError("period", "a parameter snapshot serves one period; pass the tree for several")
    return {period: _build(params, period) for period in periods}


def _rates_or_errors(params: Any, periods: Sequence[date]) -> dict[date, FrRates | PayrollInputError]:
    """Like `_rates_by_period`, but a period the parameters do not cover gets its error (its rows fail)."""
    if not hasattr(params, "at_date"):
        return dict(_rates_of_periods(set(periods), params))  # a snapshot: one period, or the call fails
    out: dict[date, FrRates | PayrollInputError] = {}
    for period in periods:
        try:
            out[period] = _build(params.at_date(period), period)
        except PayrollInputError as exc:
            out[period] = exc
    return out


class FrenchPayroll:
    """French payroll rules (private sector, régime général)."""

    country = "fr"
    prior_declaration = "DPAE"  # must be filed before work starts

    def compute_batch(self, inputs: Sequence[FrPayslipInput], params: Any = None) -> list[Payslip]:
        """One payslip per input; ``params`` is a ``ParameterTree`` (default: the plugin's) or a snapshot."""
        for index, item in enumerate(inputs):
            if not isinstance(item, FrPayslipInput):
                raise PayrollInputError(f"inputs[{index}]", f"expected FrPayslipInput, got {type(item).__name__}")
        rates = _rates_by_period(inputs, default_tree() if params is None else params)
        return [compute_payslip(item, rates[item.period]) for item in inputs]

    def compute_columns(self, inputs: Sequence[FrPayslipInput], params: Any = None) -> PayslipColumns:
        """The payslips of ``compute_batch``, to the cent, as columns of integer cents (bulk runs).

        A row that fails (not an `FrPayslipInput`, a period the parameters do not cover) is in ``errors``
        with its message; the others are computed column-wise, or by the scalar path when the column path
        does not cover them (`plugins.fr.payroll.vector`).
        """
        from partage.plugins.fr.payroll.vector import compute_columns

        return compute_columns(inputs, partial(_rates_or_errors, default_tree() if params is None else params))

    def gross_for_budget(self, template: FrPayslipInput, budget: Decimal, params: Any = None) -> Decimal:
        """Highest gross whose labour cost fits ``budget`` (``template`` gives everything but the gross)."""
        rates = _rates_by_period([template], default_tree() if params is None else params)[template.period]
        return gross_for_budget(template, budget, rates)

    def smooth_budget(self, templates: Sequence[FrPayslipInput], envelope: Decimal, params: Any = None) -> list[Decimal]:
        """Gross per month (equal, the last one taking the rest) whose total labour cost fits ``envelope``."""
        rates = _rates_by_period(templates, default_tree() if params is None else params)
        return smooth_budget(list(templates), envelope, rates)

    def simulate_command(self) -> Any:
        """The ``simulate`` click command."""
        from partage.plugins.fr.payroll.command import simulate

        return simulate

    def input_from(self, facts: Any) -> FrPayslipInput:
        """The `FrPayslipInput` of a performance's country-neutral facts (`core.payroll.facts`)."""
        from partage.plugins.fr.payroll.facts import input_from

        return input_from(facts)

    def inputs_from(self, facts: Any) -> list:
        """`input_from` of many performances, validated once per situation (bulk runs); a
        failing row gives its `PayrollInputError` in place of an input."""
        from partage.plugins.fr.payroll.facts import inputs_from

        return inputs_from(facts)
