"""EPC QR code payload: a SEPA credit transfer a banking app reads from the invoice (European Payments
Council, "Quick Response Code: Guidelines to Enable Data Capture for the Initiation of a SEPA Credit
Transfer", EPC069-12 version 3.0, section 3.4: service tag BCD, version 002, UTF-8, SCT)."""
from __future__ import annotations

from decimal import Decimal

MAX_AMOUNT = Decimal("999999999.99")


def payload(*, name: str, iban: str, amount: Decimal, bic: str | None = None,
            remittance: str = "", creditor_reference: str = "") -> str | None:
    """The QR text, or None when no transfer can be asked (no IBAN, nothing or too much to pay).

    A Belgian structured communication (+++...+++) is not an ISO 11649 creditor reference: it goes
    in the unstructured remittance line, which Belgian banks read; ``creditor_reference`` (RF...)
    in the structured one. The guidelines allow one of the two, not both.
    """
    if not iban or amount <= 0 or amount > MAX_AMOUNT:
        return None
    lines = ["BCD", "002", "1", "SCT", (bic or "").replace(" ", ""), name[:70],
             iban.replace(" ", "").upper(), f"EUR{amount:.2f}", "",
             creditor_reference[:35], "" if creditor_reference else remittance[:140]]
    while lines[-1] == "":
        lines.pop()
    return "\n".join(lines)
