"""`BelgianPayroll`: the batch API bulk payroll runs call, and the simulator command."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Sequence, Union

from partage.core.params import ParametersAt, ParameterTree, load_parameters
from partage.core.payroll.types import Payslip
from partage.plugins.be.payroll.budget import highest_gross, multiplier_cost
from partage.plugins.be.payroll.compute import compute
from partage.plugins.be.payroll.inputs import ContractType, PayrollInputError, PayslipInput
from partage.plugins.be.payroll.params import EmployerProfile
from partage.plugins.be.payroll.payslip import to_payslip
from partage.plugins.be.payroll.snapshot import BeParams

if TYPE_CHECKING:  # pragma: no cover
    import click

    from partage.core.payroll.columns import PayslipColumns

PARAMETERS = Path(__file__).resolve().parent.parent / "parameters"
Params = Union[ParameterTree, ParametersAt, BeParams, None]


class StudentHours:
    """Student hours per worker and calendar year across one batch (the quota is yearly).

    The first payslip of a student in the batch brings the hours already used this year
    (``student_hours_before``); later payslips of the same ``worker_id`` and year add up.
    """

    def __init__(self) -> None:
        self.used: dict[tuple[str, int], Decimal] = {}

    def track(self, worker: PayslipInput) -> PayslipInput:
        if worker.contract is not ContractType.STUDENT or not worker.worker_id or worker.hours is None:
            return worker
        key = (worker.worker_id, worker.period.year)
        before = max(self.used.get(key, worker.student_hours_before), worker.student_hours_before)
        self.used[key] = before + worker.hours
        return replace(worker, student_hours_before=before)


class BelgianPayroll:
    """Belgian payslips (white-collar, blue-collar, student, artist) for one employer profile."""

    prior_declaration = "DIMONA"  # must be filed before work starts

    def __init__(self, employer: EmployerProfile | None = None) -> None:
        self.employer = employer or EmployerProfile()

    def tree(self) -> ParameterTree:
        """The plugin's parameter tree (cached by `core.params`)."""
        return load_parameters(PARAMETERS)

    def resolve(self, params: Params, period: date) -> BeParams:
        """Parameters for ``period`` from a tree, a snapshot or ready `BeParams`."""
        if params is None:
            params = self.tree()
        if isinstance(params, BeParams):
            found = params.period
        elif isinstance(params, ParametersAt):
            found = params.date
            params = BeParams.from_snapshot(params, self.employer)
        else:
            return BeParams.from_snapshot(params.at_date(period), self.employer)
        if found != period:
            raise PayrollInputError("period", f"{period} does not match the parameters' date {found}")
        return params

    def compute_batch(self, inputs: Sequence[PayslipInput], params: Params = None) -> list[Payslip]:
        """One payslip per input; parameters are resolved once per distinct period of the batch."""
        resolved: dict[date, BeParams] = {}
        hours = StudentHours()
        out = []
        for worker in inputs:
            p = resolved.get(worker.period)
            if p is None:
                p = resolved[worker.period] = self.resolve(params, worker.period)
            out.append(self.compute_one(hours.track(worker), p))
        return out

    def compute_columns(self, inputs: Sequence[PayslipInput], params: Params = None) -> "PayslipColumns":
        """The same payslips as `compute_batch`, column-wise on integer cents (see `vector`).

        A row whose input or parameters fail is in ``errors`` with its message, not raised.
        """
        from partage.plugins.be.payroll.vector import compute_columns

        return compute_columns(self, inputs, params)

    def compute_one(self, worker: PayslipInput, p: BeParams) -> Payslip:
        """One payslip, from its gross or (budget-first) from its budget."""
        if worker.gross is not None:
            return to_payslip(worker, compute(worker, worker.gross, p), p.stale)
        multiplier = worker.multiplier if worker.multiplier is not None else p.multipliers[worker.contract]
        if multiplier is not None:
            cost = multiplier_cost(multiplier)
        else:
            cost = lambda gross: compute(worker, gross, p).employer_cost  # noqa: E731
        try:
            gross = highest_gross(worker.budget, cost)
        except ValueError as exc:
            raise PayrollInputError("budget", str(exc).removeprefix("budget: ")) from None
        b = compute(worker, gross, p)
        if multiplier is None:
            b.warnings.append("no multiplier for this contract type: budget compared with the employer cost")
        extra = {"budget": worker.budget, "budget_used": cost(gross)}
        if multiplier is not None:
            extra["multiplier"] = multiplier
        return to_payslip(worker, b, p.stale, extra)

    def input_from(self, facts) -> PayslipInput:
        """The `PayslipInput` of a performance's country-neutral facts (`core.payroll.facts`)."""
        from partage.plugins.be.payroll.facts import input_from

        return input_from(facts)

    def inputs_from(self, facts) -> list:
        """`input_from` of many performances, validated once per worker situation (bulk runs);
        a failing row gives its `PayrollInputError` in place of an input."""
        from partage.plugins.be.payroll.facts import inputs_from

        return inputs_from(facts)

    def simulate_command(self) -> "click.Command":
        """`partage payroll simulate --country be ...` (see `plugins.be.payroll.cli`)."""
        from partage.plugins.be.payroll.cli import build_command

        return build_command(self)


def gross_for_budget(budget: Decimal, multiplier: Decimal) -> Decimal:
    """Highest gross whose ``gross x multiplier`` (to the cent) fits in ``budget``."""
    return highest_gross(budget, multiplier_cost(multiplier))
