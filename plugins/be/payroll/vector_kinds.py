"""Students and artists on the column path: the rules of `compute._student` and `compute._artist`
on int64 cents, and the student-hours bookkeeping of `batch.StudentHours`.

Student hours are sequential per worker (the yearly quota is used up in input order), so they
are tracked in one plain Python pass over the student rows only; the amounts are then computed
column-wise. A student whose hours exceed what is left of the quota gets a warning naming its
own amount above the quota and extra employer lines: that rare row goes through the scalar path,
with the hours tracked here. An artist's pay is a white-collar pay plus the fee-rule equivalent
days (an INFO line in hundredths of a day) and the warnings of `compute._artist`.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Sequence

import numpy as np

from partage.plugins.be.payroll.compute import Breakdown
from partage.plugins.be.payroll.exact import FeeRule, PeriodTable, half_up_positive
from partage.plugins.be.payroll.inputs import ZERO, FamilyStatus, PayslipInput
from partage.plugins.be.payroll.snapshot import BeParams
from partage.plugins.be.payroll.vector_inputs import STUDENT, InputColumns
from partage.plugins.be.payroll.vector_rules import Situation, key_formula, reductions

# What `compute._student` and `compute._artist` / `payslip._employer_lines` print (the equality
# tests with the scalar path check every label, reference and warning).
SOLIDARITY = ("employer_student_solidarity", "Student solidarity contribution")
DAYS = ("artist_equivalent_days", "Equivalent days (fee rule)", "Unemployment law, fee rule (règle du cachet)")
UNATTESTED = "arts_work_attestation: missing, article 1bis employment cannot be used"
NO_REFERENCE = "fee rule daily reference not defined for this period: equivalent days not shown"


@dataclass(frozen=True, slots=True)
class TrackedHours:
    """Hours used before each tracked student row, and the rows the column path may compute."""

    before: dict[int, Decimal]   # input position -> student_hours_before as `batch.StudentHours` sets it
    within: np.ndarray           # bool per input: False for a student above the yearly quota

    def tracked(self, i: int, worker: PayslipInput) -> PayslipInput:
        """``worker`` (input ``i``) with its hours used before, as `compute_batch` computes it."""
        before = self.before.get(i)
        return worker if before is None else replace(worker, student_hours_before=before)

    @classmethod
    def of(cls, inputs: Sequence[PayslipInput], cols: InputColumns,
           resolved: dict[date, BeParams | ValueError]) -> "TrackedHours":
        """Track every student row whose period has parameters, in input order (`StudentHours.track`:
        the first payslip of a worker and year brings ``student_hours_before``, the next ones add up)."""
        used: dict[tuple[str, int], Decimal] = {}
        before_of: dict[int, Decimal] = {}
        within = np.ones(len(cols), dtype=bool)
        for i in np.flatnonzero(cols.contract == STUDENT).tolist():
            worker = inputs[i]
            p = resolved[worker.period]
            if isinstance(p, ValueError):
                continue  # an error row: paid nothing, so no hours used
            before, hours = worker.student_hours_before, worker.hours
            if worker.worker_id and hours is not None:
                key = (worker.worker_id, worker.period.year)
                before = max(used.get(key, before), before)
                used[key] = before + hours
                before_of[i] = before
            if hours and hours > max(p.student_quota - before, ZERO):   # `_student_share_within_quota`
                within[i] = False
        return cls(before_of, within)


def student_breakdown(q: PeriodTable, family: FamilyStatus, s: Situation) -> Breakdown:
    """`compute._student` for students within the quota: solidarity contributions on the whole
    gross, the key formula on the rest; no work bonus and no special contribution."""
    rates, gross = q.student, s.gross
    zero = np.zeros_like(gross)
    b = Breakdown(gross, contribution_base=gross, employee_rate=q.params.student_employee_rate)
    b.employee_social_security = half_up_positive(gross * rates.employee.num, rates.employee.den)
    b.work_bonus_a = b.work_bonus_b = b.fiscal_work_bonus = b.special_social_security = zero
    b.taxable = gross - b.employee_social_security
    withholding = key_formula(q.tax, b.taxable, family, s.non_resident) - reductions(q.tax, family, s)
    b.withholding_before_bonus = np.maximum(withholding, 0)
    solidarity = half_up_positive(gross * rates.employer.num, rates.employer.den)
    b.employer_lines = [(*SOLIDARITY, q.params.student_employer_rate, solidarity)]
    b.employer_social_security = solidarity
    return b


def equivalent_days(rule: FeeRule, gross: np.ndarray) -> np.ndarray | None:
    """Equivalent days in hundredths, ``min(cents(gross / reference), max days)``; None when no
    daily reference is in force. Half up on the exact quotient: the scalar quotient (28 digits)
    is within 10**-27 of it, far from a half-hundredth it is not exactly on."""
    r = rule.reference
    if r is None:
        return None
    return np.minimum(half_up_positive(gross * r.den, r.num), rule.max_days)


def artist_warnings(rule: FeeRule, unattested: bool) -> tuple[str, ...]:
    """The warnings `compute._artist` gives an artist of this period, in its order."""
    found = [UNATTESTED] if unattested else []
    if rule.reference is None:
        found.append(NO_REFERENCE)
    return tuple(found)
