"""Parsing document lines from input (dicts from an API or a script), field by field."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping, Sequence

from partage.core.billing.errors import InvalidInput
from partage.core.billing.validate import decimal, text

HUNDRED = Decimal("100")
MAX_LINES = 500
# a line's net stays below 10**14 euros, so 500 of them fit a 64-bit count of cents
MAX_QUANTITY, MAX_UNIT_PRICE = Decimal("1000000"), Decimal("100000000")


def parse_line(data: Mapping[str, Any], index: int, codes: tuple[str, ...],
               default_code: str | None) -> dict[str, Any]:
    """One line's columns; ``lines[i].<field>`` names what is wrong."""
    where = f"lines[{index}]"
    if not isinstance(data, Mapping):
        raise InvalidInput(where, "must be an object")
    code = data.get("vat_code", default_code)
    if code not in codes:
        raise InvalidInput(f"{where}.vat_code", f"unknown VAT code {code!r} (known: {', '.join(codes)})")
    return {
        "position": index + 1,
        "description": text(data, "description", field=f"{where}.description", max_length=500),
        "quantity": decimal(data, "quantity", field=f"{where}.quantity", places=4, positive=True,
                            maximum=MAX_QUANTITY),
        "unit_price": decimal(data, "unit_price", field=f"{where}.unit_price", places=2,
                              minimum=Decimal("0"), maximum=MAX_UNIT_PRICE),
        "discount_percent": decimal(data, "discount_percent", field=f"{where}.discount_percent",
                                    places=2, default=Decimal("0"), minimum=Decimal("0"),
                                    maximum=HUNDRED),
        "unit_code": text(data, "unit_code", field=f"{where}.unit_code", required=False,
                          max_length=3) or "C62",
        "vat_code": code,
    }


def parse_lines(raw: Any, codes: tuple[str, ...], default_code: str | None,
                allowed_codes: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """All lines (at least one); ``allowed_codes`` restricts codes (a franchise tenant)."""
    if not isinstance(raw, Sequence) or isinstance(raw, (str, bytes)) or not raw:
        raise InvalidInput("lines", "at least one line is required")
    if len(raw) > MAX_LINES:
        raise InvalidInput("lines", f"at most {MAX_LINES} lines (got {len(raw)})")
    parsed = [parse_line(item, i, codes, default_code) for i, item in enumerate(raw)]
    for i, line in enumerate(parsed):
        if allowed_codes is not None and line["vat_code"] not in allowed_codes:
            raise InvalidInput(f"lines[{i}].vat_code",
                               f"the tenant is under the VAT franchise: use {', '.join(allowed_codes)}")
    return parsed
