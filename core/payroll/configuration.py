"""Changing a tenant's payroll settings (review sample rate, chunk size, guarantee-fund limits,
paying account), each value checked and named on error; every change is audited."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Mapping

from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.money import MoneyError, to_cents
from partage.core.payroll.errors import InvalidInput
from partage.core.payroll.guardrails import check_iban
from partage.core.payroll.models import PayrollSettings
from partage.core.payroll.performances import payroll_settings


def _decimal(field: str, value: Any) -> Decimal:
    if isinstance(value, float) or isinstance(value, bool):
        raise InvalidInput(field, "give a decimal string, not a float")
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput(field, f"not a number: {value!r}") from None


def _rate(field: str, value: Any) -> Decimal:
    rate = _decimal(field, value)
    if not Decimal(0) <= rate <= Decimal(1) or rate.as_tuple().exponent < -4:
        raise InvalidInput(field, "a fraction between 0 and 1 with at most 4 decimals (0.05 = 5 %)")
    return rate


def _limit(field: str, value: Any) -> Decimal:
    amount = _decimal(field, value)
    try:
        to_cents(amount)
    except MoneyError as exc:
        raise InvalidInput(field, str(exc)) from None
    if amount < 0:
        raise InvalidInput(field, "must not be negative")
    return amount


def _chunk_size(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100_000:
        raise InvalidInput(field, "a whole number of performances between 1 and 100000")
    return value


def _bic(field: str, value: Any) -> str | None:
    text = str(value or "").strip().upper()
    if text and (len(text) not in (8, 11) or not text.isalnum()):
        raise InvalidInput(field, "a BIC has 8 or 11 letters and digits")
    return text or None


CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "review_sample_rate": _rate, "chunk_size": _chunk_size,
    "guarantee_limit_member": _limit, "guarantee_limit_total": _limit,
    "debtor_name": lambda f, v: str(v or "")[:70],
    "debtor_iban": lambda f, v: check_iban(v, f) if v else None, "debtor_bic": _bic,
}


def change_payroll_settings(session: Session, changes: Mapping[str, Any], actor: str) -> PayrollSettings:
    """Apply ``changes`` (only the keys of ``CHECKS``); nothing is written when one is wrong."""
    unknown = sorted(set(changes) - set(CHECKS))
    if unknown:
        raise InvalidInput(unknown[0], "not a payroll setting")
    values = {name: CHECKS[name](name, value) for name, value in changes.items()}
    row = payroll_settings(session)
    for name, value in values.items():
        setattr(row, name, value)
    if values:
        record(session, actor=actor, action="payroll_settings_changed", subject="payroll_settings",
               payload={name: str(value) for name, value in values.items()})
    return row
