"""Peppol participant identifiers (``scheme:value``, e.g. ``0208:0403019261``) and who gets a
Peppol BIS Billing 3.0 document.

A client gets a Peppol BIS document only when it is a business with a Peppol participant
identifier; everybody else (consumers always) gets an EN 16931 document without the Peppol
customization, or the PDF. A Belgian business client defaults to ``0208`` + its enterprise number
(every Belgian VAT-registered company receives Peppol e-invoices from 2026).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable

import yaml
from stdnum import ean
from stdnum.be import vat as be_vat
from stdnum.de import vat as de_vat
from stdnum.exceptions import ValidationError
from stdnum.fr import siren, siret, tva
from stdnum.nl import btw

from partage.core.billing.errors import InvalidInput

PEPPOL, EN16931 = "peppol", "en16931"
PROFILE_NAMES = {PEPPOL: "Peppol BIS Billing 3.0", EN16931: "EN 16931"}
DEFAULT_SCHEME = {"BE": "0208"}  # country -> scheme of its company number, used by default
FIELD = "peppol_id"


def _digits(n: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if len(value) != n or not value.isdigit():
            raise ValidationError(f"must be {n} digits")
        return value
    return check


# Schemes whose value we check with the national rules; any other EAS code: 1-50 characters.
VALUE_RULES: dict[str, Callable[[str], str]] = {
    "0208": be_vat.validate,                     # Belgian enterprise number (KBO/BCE), mod 97
    "9925": lambda v: "BE" + be_vat.validate(v),  # Belgian VAT number
    "0002": siren.validate,                      # SIRENE
    "0009": siret.validate,                      # SIRET
    "9957": tva.validate,                        # French VAT number
    "0088": ean.validate,                        # GLN
    "0106": _digits(8),                          # Dutch KvK number
    "9944": btw.validate,                        # Dutch VAT number
    "9930": de_vat.validate,                     # German VAT number
}


@lru_cache(maxsize=1)
def schemes() -> frozenset[str]:
    data = yaml.safe_load(resources.files("partage.core.billing").joinpath("eas.yaml").read_text("utf-8"))
    return frozenset(data["codes"])


@dataclass(frozen=True, slots=True)
class ParticipantId:
    scheme: str
    value: str

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"


def parse(text: str, field: str = FIELD) -> ParticipantId:
    """``scheme:value`` checked: the scheme in the EAS code list, the value by the scheme's rules."""
    scheme, sep, value = (text or "").strip().partition(":")
    scheme, value = scheme.strip(), value.strip()
    if not sep or not scheme or not value:
        raise InvalidInput(field, "must be scheme:value, e.g. 0208:0403019261")
    if scheme.lower() == "iso6523-actorid-upis":  # the full Peppol form: iso6523-actorid-upis::0208:...
        return parse(value.lstrip(":"), field)
    if scheme not in schemes():
        raise InvalidInput(field, f"unknown scheme {scheme!r}: not in the Peppol EAS code list")
    rule = VALUE_RULES.get(scheme)
    try:
        checked = rule(value) if rule else value
    except ValidationError as exc:
        raise InvalidInput(field, f"invalid {scheme} identifier {value!r}: {exc}") from None
    if not 0 < len(checked) <= 50 or any(ch.isspace() for ch in checked):
        raise InvalidInput(field, "the identifier must be 1 to 50 characters without spaces")
    return ParticipantId(scheme, checked)


def client_identifier(data: dict, kind: str, country: str, company_number: str | None) -> str | None:
    """The stored ``peppol_id`` of a new client: as given (checked), else the country's default for a
    business (BE: 0208 + enterprise number); a consumer never has one."""
    given = data.get(FIELD, ...)
    if kind != "business":
        if given not in (..., None, ""):
            raise InvalidInput(FIELD, "a consumer is not a Peppol participant (B2C is outside Peppol)")
        return None
    if given is ...:
        scheme = DEFAULT_SCHEME.get(country)
        return f"{scheme}:{company_number}" if scheme and company_number else None
    if given in (None, ""):
        return None
    if not isinstance(given, str):
        raise InvalidInput(FIELD, "must be text: scheme:value")
    return str(parse(given))


def profile_of(client) -> str:
    """``peppol`` for a business client with a participant identifier, else ``en16931``."""
    return PEPPOL if client.is_business and getattr(client, FIELD, None) else EN16931


def of_client(client) -> ParticipantId | None:
    return parse(client.peppol_id) if profile_of(client) == PEPPOL else None
