"""Intervat XML of the periodic VAT return (VATConsignment, NewTVA-in_v0_9.xsd), ISO-8859-1.

The declarant block carries the VAT number (10 digits), name, address and contact (e-mail,
phone); the file is validated against the official XSD by `vat.VatReturnDeclaration.check`.
"""
from __future__ import annotations

from typing import Any

from lxml import etree

NS = "http://www.minfin.fgov.be/VATConsignment"
COMMON = "http://www.minfin.fgov.be/InputCommon"


def euros(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def sub(parent: Any, tag: str, text: str | None = None, ns: str = NS, **attrs: str) -> Any:
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", **attrs)
    if text is not None:
        element.text = text
    return element


def declarant(parent: Any, employer: Any) -> None:
    node = sub(parent, "Declarant")
    digits = "".join(ch for ch in employer.vat_number if ch.isdigit())
    for tag, value in (("VATNumber", digits), ("Name", employer.name),
                       ("Street", employer.street), ("PostCode", employer.postcode), ("City", employer.city),
                       ("CountryCode", employer.country), ("EmailAddress", employer.email), ("Phone", employer.phone)):
        if value:
            sub(node, tag, value, COMMON)


def render(data: Any, grids: dict[str, int]) -> bytes:
    root = etree.Element(f"{{{NS}}}VATConsignment", nsmap={None: COMMON, "ns2": NS}, VATDeclarationsNbr="1")
    declaration = sub(root, "VATDeclaration", SequenceNumber="1", DeclarantReference=f"{data.period}")
    declarant(declaration, data.declarant)
    period = sub(declaration, "Period")
    sub(period, "Month" if data.period.kind == "month" else "Quarter", str(data.period.number))
    sub(period, "Year", str(data.period.year))
    amounts = sub(declaration, "Data")
    for grid, cents in grids.items():
        sub(amounts, "Amount", euros(cents), GridNumber=grid)
    sub(declaration, "ClientListingNihil", "NO")
    sub(declaration, "Ask", Restitution="YES" if "72" in grids and grids["72"] else "NO", Payment="NO")
    return etree.tostring(root, xml_declaration=True, encoding="ISO-8859-1", pretty_print=True)


def grids_of(root: Any) -> dict[str, int]:
    """Grid amounts (cents) read back from an Intervat file."""
    if root.tag != f"{{{NS}}}VATConsignment":
        raise ValueError(f"root is {root.tag}")
    found = {}
    for amount in root.iter(f"{{{NS}}}Amount"):
        euros_text, _, cents_text = amount.text.partition(".")
        found[amount.get("GridNumber")] = int(euros_text) * 100 + int(cents_text or 0)
    return found
