"""`IdentifierTable`: a generic `IdentifierRules` built from one validator per kind."""
from __future__ import annotations

import re
from typing import Callable, Mapping

from partage.core.plugins.errors import InvalidIdentifier

Validator = Callable[[str], str]
_SEPARATORS = re.compile(r"[\s.\-]+")


def strip_separators(value: str) -> str:
    """Remove spaces, dots and dashes, and upper-case letters."""
    return _SEPARATORS.sub("", value).upper()


class IdentifierTable:
    """Validate identifiers by kind; each validator returns the compact value.

    A validator signals bad input by raising `ValueError` (python-stdnum's
    `ValidationError` is one); its message becomes the reason of the
    `InvalidIdentifier` raised to the caller.
    """

    def __init__(
        self,
        validators: Mapping[str, Validator],
        *,
        person_kind: str,
        company_kind: str,
        vat_kind: str,
    ) -> None:
        self._validators = dict(validators)
        self.kinds: tuple[str, ...] = tuple(self._validators)
        for role in (person_kind, company_kind, vat_kind):
            if role not in self._validators:
                raise ValueError(f"identifier kind {role!r} has no validator")
        self.person_kind = person_kind
        self.company_kind = company_kind
        self.vat_kind = vat_kind

    def validate(self, kind: str, value: str) -> str:
        """Return the compact normalised `value` or raise `InvalidIdentifier`."""
        validator = self._validators.get(kind)
        if validator is None:
            known = ", ".join(self.kinds)
            raise InvalidIdentifier(kind, value, f"unknown identifier kind (known: {known})")
        if not isinstance(value, str):
            raise InvalidIdentifier(kind, value, "expected a string")
        compact = strip_separators(value)
        if not compact:
            raise InvalidIdentifier(kind, value, "empty value")
        try:
            return validator(compact)
        except ValueError as exc:
            reason = getattr(exc, "message", None) or str(exc) or type(exc).__name__
            raise InvalidIdentifier(kind, value, reason) from exc

    def is_valid(self, kind: str, value: str) -> bool:
        """True when `validate` would succeed."""
        try:
            self.validate(kind, value)
        except InvalidIdentifier:
            return False
        return True
