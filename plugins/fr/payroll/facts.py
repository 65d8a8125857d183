"""French payslip input from the country-neutral facts of a performance."""
from __future__ import annotations

import calendar
from decimal import Decimal
from typing import Sequence

from partage.core.payroll.facts import PayFacts, inputs_by_situation, profile_key, with_fields
from partage.plugins.fr.payroll.inputs import FrPayslipInput, PayrollInputError, check_gross

KINDS = ("employee", "worker", "artist", "student")


def _decimal(source: dict, name: str, default: str | None = None) -> Decimal | None:
    value = source.get(name, default)
    return None if value is None else Decimal(str(value))


def _days(facts: PayFacts) -> int | None:
    """Calendar days employed in the month when the performance does not cover it whole."""
    month_days = calendar.monthrange(facts.period.year, facts.period.month)[1]
    same = (facts.period.year, facts.period.month)
    last = facts.end.day if (facts.end.year, facts.end.month) == same else month_days
    first = facts.start.day if (facts.start.year, facts.start.month) == same else 1
    return None if first == 1 and last == month_days else max(1, last - first + 1)


def input_from(facts: PayFacts) -> FrPayslipInput:
    """A `FrPayslipInput` for ``facts``; headcount and AT/MP rate come from the employer facts."""
    if facts.kind not in KINDS:
        raise PayrollInputError("kind", f"unknown kind {facts.kind!r} (allowed: {', '.join(KINDS)})")
    profile, employer = dict(facts.profile), dict(facts.employer)
    if "headcount" not in employer or "at_rate" not in employer:
        raise PayrollInputError("employer", "payroll settings need headcount and at_rate for France")
    return FrPayslipInput(
        period=facts.period, gross=facts.gross, headcount=int(employer["headcount"]),
        at_rate=_decimal(employer, "at_rate"), cadre=bool(profile.get("cadre", False)),
        pas_rate=_decimal(profile, "pas_rate"), region=profile.get("region", "metropolitan"),
        work_time_ratio=_decimal(profile, "work_time_ratio", "1"),
        employment_days=_days(facts),
        entertainment="artist" if facts.kind == "artist" else None,
        employee_id=facts.worker_id)


def _situation(facts: PayFacts) -> tuple:
    return (facts.kind, facts.period, _days(facts), profile_key(facts.profile),
            profile_key(facts.employer))


def _per_row(template: FrPayslipInput, facts: PayFacts) -> FrPayslipInput:
    return with_fields(template, gross=check_gross(facts.gross), employee_id=facts.worker_id)


def inputs_from(facts: Sequence[PayFacts]) -> list[FrPayslipInput | ValueError]:
    """`input_from` of many performances, validated once per situation (bulk runs)."""
    return inputs_by_situation(facts, input_from, _situation, _per_row)
