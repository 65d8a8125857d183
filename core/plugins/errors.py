"""Errors raised by the country-plugin machinery."""
from __future__ import annotations


class PluginError(Exception):
    """A country plugin could not be loaded or does not honour the contract."""


class UnknownCountry(PluginError, LookupError):
    """No installed country plugin has the requested code."""

    def __init__(self, code: str, known: tuple[str, ...]) -> None:
        self.code = code
        self.known = known
        listed = ", ".join(known) if known else "none installed"
        super().__init__(f"unknown country {code!r}; known country codes: {listed}")


class InvalidIdentifier(ValueError):
    """An identifier (national number, company number, VAT number) failed validation."""

    def __init__(self, kind: str, value: object, reason: str) -> None:
        self.kind = kind
        self.value = value
        self.reason = reason
        super().__init__(f"invalid {kind} {value!r}: {reason}")
