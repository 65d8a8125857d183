"""An issued invoice's status follows from its amounts: credited, paid, due."""
from __future__ import annotations

from partage.core.billing.models import Invoice


def settle_status(invoice: Invoice) -> str:
    """cancelled (fully credited), paid, written_off (the rest a bad debt), partially_paid or issued."""
    remaining = invoice.total_gross - invoice.credited_gross
    if invoice.credited_gross and remaining <= 0:
        status = "cancelled"
    elif invoice.written_off and invoice.paid + invoice.written_off >= remaining:
        status = "written_off"
    elif invoice.paid >= remaining:
        status = "paid"
    elif invoice.paid > 0:
        status = "partially_paid"
    else:
        status = "issued"
    invoice.status = status
    return status
