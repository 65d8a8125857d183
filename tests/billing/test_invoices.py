"""Invoices on SQLite and PostgreSQL: drafts, issuing, VAT per country, mentions, immutability."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from partage.core.billing import ImmutableDocument, get_invoice, issue_invoice, update_invoice
from partage.core.billing.models import Invoice, InvoiceLine
from partage.plugins.be.billing.ogm import is_valid
from tests.billing.conftest import ACTOR, DAY, line, make_books


def test_belgian_invoice_with_three_rates(be_books):
    """21 % of 100.00 = 21.00; 12 % of 2 x 12.50 = 3.00; 6 % of 3 x 33.33 = 5.9994 -> 6.00."""
    invoice = be_books.invoice([line("1", "100.00"), line("2", "12.50", "intermediate"),
                                line("3", "33.33", "reduced")])
    assert (invoice.total_net, invoice.total_vat, invoice.total_gross) == \
        (Decimal("224.99"), Decimal("30.00"), Decimal("254.99"))
    assert [(r["rate"], r["base"], r["vat"]) for r in invoice.vat_breakdown] == \
        [("0.21", 10000, 2100), ("0.12", 2500, 300), ("0.06", 9999, 600)]
    assert invoice.status == "issued" and invoice.number == "2026-00001"
    assert invoice.due_date == DAY + timedelta(days=30)
    assert is_valid(invoice.payment_reference.strip("+").replace("/", ""))


def test_french_invoice_at_5_5_and_2_1(fr_books):
    """5,5 % of 3 x 19.99 = 59.97 -> 3.29835 -> 3.30; 2,1 % of 10.00 = 0.21; 20 % of 0.50 = 0.10."""
    invoice = fr_books.invoice([line("3", "19.99", "reduced"), line("1", "10.00", "super_reduced"),
                                line("1", "0.50")])
    assert (invoice.total_net, invoice.total_vat, invoice.total_gross) == \
        (Decimal("70.47"), Decimal("3.61"), Decimal("74.08"))
    assert invoice.payment_reference == invoice.number
    assert any("40 EUR" in m for m in invoice.mentions)


def test_franchise_tenant_charges_no_vat_and_says_why(db):
    books = make_books(db, "fr", vat_franchise=True)
    invoice = books.invoice([{"description": "Cours", "quantity": "2", "unit_price": "45.00"}])
    assert (invoice.total_vat, invoice.total_gross) == (Decimal("0.00"), Decimal("90.00"))
    assert invoice.lines[0].vat_category == "E"
    assert "TVA non applicable, art. 293 B du CGI" in invoice.mentions


def test_reverse_charge_mention_on_belgian_invoice(be_books):
    invoice = be_books.invoice([line("10", "50.00", "reverse_charge")])
    assert invoice.total_vat == 0 and invoice.lines[0].vat_category == "AE"
    assert invoice.mentions == ["Autoliquidation"]


def test_custom_number_format_and_yearly_reset(db):
    books = make_books(db, "be", invoice_number_format="F{year}/{seq:04d}")
    first = books.invoice([line()], on=date(2025, 12, 30))      # dates in the past: not after today
    second = books.invoice([line()], on=date(2026, 1, 4))
    assert (first.number, second.number) == ("F2025/0001", "F2026/0001")


def test_numbers_follow_the_calendar(be_books):
    be_books.invoice([line()], on=date(2026, 3, 5))
    from partage.core.billing import InvalidInput

    with pytest.raises(InvalidInput) as err:
        be_books.invoice([line()], on=date(2026, 3, 4))
    assert err.value.field == "issue_date"


def test_draft_can_be_edited(be_books):
    draft = be_books.invoice([line()], issue=False)
    with be_books.session() as s:
        update_invoice(s, draft.id, {"lines": [line("2", "10.00")], "note": "PO 12"}, actor=ACTOR)
    with be_books.session() as s:
        again = get_invoice(s, draft.id)
        assert [(l.quantity, l.unit_price) for l in again.lines] == [(Decimal("2"), Decimal("10.00"))]


def test_issued_invoice_never_changes(be_books):
    invoice = be_books.invoice([line()])
    with be_books.session() as s, pytest.raises(ImmutableDocument) as err:
        update_invoice(s, invoice.id, {"note": "changed"}, actor=ACTOR)
    assert err.value.field == "status"
    with be_books.session() as s, pytest.raises(ImmutableDocument):
        issue_invoice(s, invoice.id, actor=ACTOR, on=DAY)


def test_issued_invoice_is_guarded_below_the_services(be_books):
    invoice = be_books.invoice([line()])
    with pytest.raises(ImmutableDocument) as err, be_books.session() as s:
        s.get(Invoice, invoice.id).total_net = Decimal("1.00")
    assert err.value.field == "total_net"
    with pytest.raises(ImmutableDocument), be_books.session() as s:
        s.get(Invoice, invoice.id).lines[0].unit_price = Decimal("1.00")
    with pytest.raises(ImmutableDocument), be_books.session() as s:
        s.delete(s.get(Invoice, invoice.id))
    with be_books.session() as s:
        assert s.get(Invoice, invoice.id).total_net == Decimal("100.00")


def test_rows_are_tenant_isolated(db, be_books):
    other = make_books(db, "be")
    invoice = be_books.invoice([line()])
    with other.session() as s:
        assert s.get(Invoice, invoice.id) is None
        assert s.scalars(select(InvoiceLine)).all() == []


def test_settings_are_validated_and_used(be_books):
    from partage.core.billing import InvalidInput, update_settings

    with be_books.session() as s, pytest.raises(InvalidInput) as err:
        update_settings(s, {"invoice_number_format": "INV-{year}"}, actor=ACTOR)
    assert err.value.field == "invoice_number_format"
    with be_books.session() as s, pytest.raises(InvalidInput) as err:
        update_settings(s, {"bank_account": "BE71 0961 2345 6768"}, actor=ACTOR)  # bad check digits
    assert err.value.field == "bank_account"
    with be_books.session() as s:
        update_settings(s, {"invoice_number_format": "INV-{year}-{seq:03d}", "payment_terms_days": 15,
                            "bank_account": "BE71 0961 2345 6769"}, actor=ACTOR)
    invoice = be_books.invoice([line()])
    assert invoice.number == "INV-2026-001" and invoice.due_date == DAY + timedelta(days=15)
