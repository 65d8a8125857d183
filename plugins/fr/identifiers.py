"""French identifiers: NIR (social security number), SIREN, SIRET, VAT (TVA intracommunautaire)."""
from __future__ import annotations

from stdnum.fr import nir, siren, siret, tva

from partage.core.plugins import IdentifierTable


def _vat(value: str) -> str:
    """VAT number: FR, a 2-character key, then the SIREN (FR added if missing)."""
    return "FR" + tva.validate(value)


class FrenchIdentifiers(IdentifierTable):
    """`IdentifierRules` for France (python-stdnum checks)."""

    def __init__(self) -> None:
        super().__init__(
            {"nir": nir.validate, "siren": siren.validate, "siret": siret.validate, "vat": _vat},
            person_kind="nir",
            company_kind="siren",
            vat_kind="vat",
        )
