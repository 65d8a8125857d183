"""A tenant's billing settings (admin): number formats, ledger timing, VAT regime, bank account."""
from __future__ import annotations

from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum import bic, iban
from stdnum.exceptions import ValidationError

from partage.core.audit import record
from partage.core.billing.context import default_settings
from partage.core.billing.errors import InvalidInput
from partage.core.billing.models import BillingSettings
from partage.core.billing.numbering import check_format
from partage.core.billing.validate import choice

BOOLEANS = ("vat_franchise", "vat_on_debits")
# days after / before today a document's date may be: (least, most, may be unset)
DATE_WINDOW = {"issue_date_future_days": (0, 31, False), "issue_date_past_days": (0, 3660, True)}
SELLER_TEXT = {"street": 200, "postal_code": 20, "city": 100, "register_city": 100}  # invoice seller block


def _check(key: str, value: Any) -> Any:
    if key.endswith("_number_format"):
        return check_format(value if isinstance(value, str) else "", key)
    if key == "ledger_credit_on":
        return choice(value, key, ("issue", "payment"))
    if key in BOOLEANS:
        if not isinstance(value, bool):
            raise InvalidInput(key, "must be true or false")
        return value
    if key == "payment_terms_days":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 120:
            raise InvalidInput(key, "must be a whole number of days between 0 and 120")
        return value
    if key in DATE_WINDOW:
        least, most, optional = DATE_WINDOW[key]
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
            raise InvalidInput(key, f"must be a whole number of days between {least} and {most}")
        return value
    if key == "bank_account":
        try:
            return iban.validate(value) if value else None
        except ValidationError as exc:
            raise InvalidInput(key, f"invalid IBAN: {exc}") from None
    if key == "bank_bic":
        try:
            return bic.validate(value) if value else None
        except ValidationError as exc:
            raise InvalidInput(key, f"invalid BIC: {exc}") from None
    if key in SELLER_TEXT:
        if value is not None and not isinstance(value, str) or len(value or "") > SELLER_TEXT[key]:
            raise InvalidInput(key, f"must be text of at most {SELLER_TEXT[key]} characters")
        return (value or "").strip() or None
    raise InvalidInput(key, "unknown billing setting")


def update_settings(session: Session, data: Mapping[str, Any], *, actor: str) -> BillingSettings:
    """Validate every value, then save them (creating the tenant's row on first use)."""
    values = {key: _check(key, value) for key, value in data.items()}
    row = session.scalars(select(BillingSettings)).first()
    if row is None:
        row = default_settings()
        session.add(row)
    for key, value in values.items():
        setattr(row, key, value)
    session.flush()
    record(session, actor=actor, action="billing_settings.updated", subject="billing_settings",
           payload={k: v if isinstance(v, (bool, int)) else str(v) for k, v in values.items()})
    return row
