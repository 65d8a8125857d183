"""Input checks shared by the billing services; each failure names its field."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from partage.core.billing.errors import InvalidInput

MAX_DIGITS = 13       # before the decimal point: ten thousand billion, far above any real amount


def text(data: Mapping[str, Any], key: str, *, field: str | None = None, required: bool = True,
         max_length: int = 200) -> str | None:
    value = data.get(key)
    field = field or key
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidInput(field, "is required")
        return None
    if not isinstance(value, str):
        raise InvalidInput(field, "must be text")
    if len(value.strip()) > max_length:
        raise InvalidInput(field, f"is longer than {max_length} characters")
    return value.strip()


def decimal(data: Mapping[str, Any], key: str, *, field: str, places: int,
            default: Decimal | None = None, minimum: Decimal | None = None,
            maximum: Decimal | None = None, positive: bool = False) -> Decimal:
    """An exact number with at most ``places`` decimals; floats are refused (not exact)."""
    value = data.get(key, default)
    if value is None:
        raise InvalidInput(field, "is required")
    if isinstance(value, (float, bool)) or not isinstance(value, (Decimal, int, str)):
        raise InvalidInput(field, "must be a decimal number given as text, integer or Decimal")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise InvalidInput(field, f"not a number: {value!r}") from None
    if not number.is_finite() or number.as_tuple().exponent < -places:
        raise InvalidInput(field, f"must have at most {places} decimals")
    if number.adjusted() >= MAX_DIGITS:
        raise InvalidInput(field, f"too large: at most {MAX_DIGITS} digits before the decimal point")
    if positive and number <= 0:
        raise InvalidInput(field, "must be greater than zero")
    if minimum is not None and number < minimum:
        raise InvalidInput(field, f"must be at least {minimum}")
    if maximum is not None and number > maximum:
        raise InvalidInput(field, f"must be at most {maximum}")
    return number


def choice(value: Any, field: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InvalidInput(field, f"must be one of {', '.join(allowed)} (got {value!r})")
    return value
