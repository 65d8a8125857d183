"""Belgian identifiers: national number (NISS), BIS number, enterprise number (KBO/BCE), VAT."""
from __future__ import annotations

from stdnum.be import bis, nn, vat

from partage.core.plugins import IdentifierTable


def _kbo(value: str) -> str:
    """Enterprise number: 10 digits (an old 9-digit number gets a leading 0), mod 97.

    A leading BE (the VAT form of the same number) is accepted and dropped.
    """
    return vat.validate(value)


def _vat(value: str) -> str:
    """VAT number: BE followed by the 10-digit enterprise number (BE added if missing)."""
    return "BE" + vat.validate(value)


class BelgianIdentifiers(IdentifierTable):
    """`IdentifierRules` for Belgium (python-stdnum checks)."""

    def __init__(self) -> None:
        super().__init__(
            {"niss": nn.validate, "bis": bis.validate, "kbo": _kbo, "vat": _vat},
            person_kind="niss",
            company_kind="kbo",
            vat_kind="vat",
        )
