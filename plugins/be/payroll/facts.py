"""Belgian payslip input from the country-neutral facts of a performance."""
from __future__ import annotations

from decimal import Decimal
from typing import Sequence

from partage.core.payroll.facts import PayFacts, inputs_by_situation, profile_key, with_fields
from partage.plugins.be.payroll.inputs import ContractType, PayrollInputError, PayslipInput, non_negative

CONTRACTS = {"employee": ContractType.WHITE_COLLAR, "worker": ContractType.BLUE_COLLAR,
             "artist": ContractType.ARTIST, "student": ContractType.STUDENT}
PROFILE_FIELDS = ("family", "children", "disabled_children", "other_dependants",
                  "senior_dependants", "disabled", "spouse_disabled", "non_resident")


def _decimal(profile: dict, name: str) -> Decimal | None:
    value = profile.get(name)
    return None if value is None else Decimal(str(value))


def input_from(facts: PayFacts) -> PayslipInput:
    """A `PayslipInput` for ``facts`` (the worker's profile gives family status and dependants)."""
    contract = CONTRACTS.get(facts.kind)
    if contract is None:
        raise PayrollInputError("kind", f"unknown kind {facts.kind!r} (allowed: {', '.join(CONTRACTS)})")
    profile = dict(facts.profile)
    extra = {name: profile[name] for name in PROFILE_FIELDS if name in profile}
    part_time = _decimal(profile, "part_time") or Decimal(1)
    return PayslipInput(period=facts.period, gross=facts.gross, contract=contract,
                        part_time=part_time, hours=facts.hours,
                        student_hours_before=_decimal(profile, "student_hours_before") or Decimal(0),
                        quarter_base_before=_decimal(profile, "quarter_base_before") or Decimal(0),
                        arts_work_attestation=bool(profile.get("arts_work_attestation", False)),
                        worker_id=facts.worker_id, **extra)


def _situation(facts: PayFacts) -> tuple:
    return facts.kind, facts.period, profile_key(facts.profile)


def _per_row(template: PayslipInput, facts: PayFacts) -> PayslipInput:
    gross = non_negative("gross", facts.gross)  # checked in the order `PayslipInput` checks them
    hours = None if facts.hours is None else non_negative("hours", facts.hours)
    return with_fields(template, gross=gross, hours=hours, worker_id=facts.worker_id)


def inputs_from(facts: Sequence[PayFacts]) -> list[PayslipInput | ValueError]:
    """`input_from` of many performances, validated once per worker situation (bulk runs)."""
    return inputs_by_situation(facts, input_from, _situation, _per_row)
