"""Budget-first simulation: from the amount available in an activity, the net a member receives.

Uses the country plugin's own budget-first path: Belgium's payslip input takes a ``budget`` instead
of a ``gross`` (gross x multiplier by contract type); France's engine has ``gross_for_budget``.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Mapping

from partage.core.payroll.facts import PayFacts
from partage.core.plugins import registry


@dataclass(frozen=True, slots=True)
class Simulation:
    budget: Decimal
    gross: Decimal
    net_to_pay: Decimal
    employer_cost: Decimal


def _template(payroll: Any, start: date, end: date, kind: str, profile: Mapping[str, Any],
              employer: Mapping[str, Any], birth_date: date | None) -> Any:
    facts = PayFacts(period=start.replace(day=1), gross=Decimal("1000.00"), kind=kind, start=start,
                     end=end, days=max((end - start).days + 1, 1), birth_date=birth_date,
                     hours=Decimal(8) if kind == "student" else None, profile=dict(profile),
                     employer=dict(employer))
    return payroll.input_from(facts)


def simulate(country: str, budget: Decimal, *, start: date, end: date, kind: str = "employee",
             profile: Mapping[str, Any] | None = None, employer: Mapping[str, Any] | None = None,
             birth_date: date | None = None) -> Simulation:
    """The payslip the whole ``budget`` pays (plugin errors raise ``ValueError``)."""
    payroll = registry().get(country).payroll
    template = _template(payroll, start, end, kind, profile or {}, employer or {}, birth_date)
    if hasattr(payroll, "gross_for_budget"):
        gross = payroll.gross_for_budget(template, budget)
        worker = dataclasses.replace(template, gross=gross)
    else:
        worker = dataclasses.replace(template, gross=None, budget=budget)
    slip = payroll.compute_batch([worker], None)[0]
    return Simulation(budget=budget, gross=slip.gross, net_to_pay=slip.net_to_pay,
                      employer_cost=slip.employer_cost)
