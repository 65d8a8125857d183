"""Form handling: values in, errors out (field -> message in the user's language)."""
from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from partage.api.web import i18n
from partage.core.errors import PartageError


class FormErrors(dict):
    """field -> translated message; falsy when the form is valid."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def add(self, field: str, message: str) -> None:
        self.setdefault(field, i18n.translate(self.lang, message))

    def add_service_error(self, exc: PartageError, known: tuple[str, ...]) -> None:
        """The service's field errors; a field the form does not show goes to ``_form``."""
        for err in getattr(exc, "errors", None) or []:
            name = err.field.split("[")[0].split(".")[0]
            self.setdefault(name if name in known else "_form", service_message(self.lang, err.message))
        if not getattr(exc, "errors", None):
            self.setdefault("_form", service_message(self.lang, exc.detail))


# The service's parts worth translating: "invalid VAT number: <reason>", "not a valid IBAN (<reason>)"
_REASON = re.compile(r"^(?P<head>[^:(]*?)\s*(?::\s*|\()(?P<reason>.+?)\)?$")


def service_message(lang: str, message: str) -> str:
    """A service's (English) message in ``lang``: itself, else its reason (``... : reason``), else
    its head (``head (detail)``), else a generic sentence. English never leaks into another language."""
    for candidate in _candidates(message or ""):
        translated = i18n.translate(lang, candidate)
        if translated != candidate or lang.startswith("en"):
            return translated if translated != candidate else message
    return i18n.translate(lang, "This value is not accepted")


def _candidates(message: str) -> list[str]:
    found = [message]
    match = _REASON.match(message)
    if match:
        found += [match["reason"].strip(), match["head"].strip()]
    return [c for c in found if c]


def required(form: dict, errors: FormErrors, name: str) -> str:
    value = (form.get(name) or "").strip()
    if not value:
        errors.add(name, "This field is required")
    return value


def amount(form: dict, errors: FormErrors, name: str, positive: bool = True) -> Decimal | None:
    raw = (form.get(name) or "").strip().replace(" ", "").replace(",", ".")
    if not raw:
        errors.add(name, "This field is required")
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        errors.add(name, "Enter an amount, e.g. 1200.00")
        return None
    if not value.is_finite() or value.as_tuple().exponent < -2:
        errors.add(name, "Enter an amount, e.g. 1200.00")
        return None
    if positive and value <= 0:
        errors.add(name, "Enter an amount greater than zero")
        return None
    return value


def day(form: dict, errors: FormErrors, name: str) -> date | None:
    raw = (form.get(name) or "").strip()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors.add(name, "Enter a date (YYYY-MM-DD)" if raw else "This field is required")
        return None


def ident(form: dict, errors: FormErrors, name: str, allowed: dict[str, Any]) -> Any:
    raw = (form.get(name) or "").strip()
    try:
        return allowed[uuid.UUID(raw)]
    except (ValueError, KeyError):
        errors.add(name, "Choose one of the options")
        return None
