"""Billing records of one tenant, made through the services (for the API tests)."""
from __future__ import annotations

import uuid
from datetime import date

from partage.core.billing import (create_activity, create_client, create_credit_note, create_invoice,
                          create_member, create_quote, issue_invoice, record_payment)
from partage.core.tenancy import bind_tenant

BE_KBO = "0403019261"           # valid enterprise number (python-stdnum doctest)
DAY = date(2026, 3, 2)
LINE = {"description": "Design", "quantity": "2", "unit_price": "100.00", "vat_code": "standard"}


def billing_records(db, tenant_id: uuid.UUID, email: str = "member@b.test") -> dict[str, uuid.UUID]:
    """A member (linked by ``email``), activity, client, issued invoice, credit note, quote, payment."""
    with bind_tenant(tenant_id), db.session() as s:
        member = create_member(s, {"first_name": "Ada", "last_name": "Lovelace", "email": email},
                               actor="test")
        activity = create_activity(s, member.id, "Illustration", actor="test")
        client = create_client(s, {"kind": "business", "name": "Client SA", "country": "BE",
                                   "company_number": BE_KBO}, actor="test")
        ids = {"member_id": member.id, "activity_id": activity.id, "client_id": client.id}
        invoice = create_invoice(s, {**ids, "lines": [LINE, LINE]}, actor="test")
        issue_invoice(s, invoice.id, actor="test", on=DAY)
        note = create_credit_note(s, invoice.id, {"reason": "discount", "lines": [LINE]},
                                  actor="test", on=DAY)
        quote = create_quote(s, {**ids, "lines": [LINE]}, actor="test")
        payment = record_payment(s, {"amount": "50.00", "received_on": DAY,
                                     "communication": invoice.payment_reference}, actor="test")
        return {**ids, "invoice_id": invoice.id, "credit_note_id": note.id, "quote_id": quote.id,
                "payment_id": payment.id}
