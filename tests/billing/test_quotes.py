"""Quotes become invoices: numbered when sent, frozen, accepted into a draft invoice."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from partage.core.billing import (ImmutableDocument, InvalidState, accept_quote, create_quote, decline_quote,
                          issue_invoice, send_quote)
from partage.core.billing.models import Quote
from tests.billing.conftest import ACTOR, DAY, line


def _quote(books, lines):
    with books.session() as s:
        quote = create_quote(s, {"activity_id": books.activity_id, "client_id": books.client_id,
                                 "lines": lines, "valid_until": date(2026, 4, 1)}, actor=ACTOR)
        return send_quote(s, quote.id, actor=ACTOR, on=DAY)


def test_accepted_quote_becomes_an_invoice_with_the_same_amounts(be_books):
    quote = _quote(be_books, [line("2", "100.00"), line("3", "33.33", "reduced", discount_percent="10")])
    assert quote.number == "Q2026-00001" and quote.status == "sent"
    with be_books.session() as s:
        draft = accept_quote(s, quote.id, actor=ACTOR)
        invoice = issue_invoice(s, draft.id, actor=ACTOR, on=DAY)
    assert (invoice.total_net, invoice.total_vat, invoice.total_gross) == \
        (quote.total_net, quote.total_vat, quote.total_gross) == \
        (Decimal("289.99"), Decimal("47.40"), Decimal("337.39"))  # 21 % of 200 + 6 % of 89.99 (5.3994)
    assert invoice.buyer_reference == quote.number
    with be_books.session() as s:
        assert s.get(Quote, quote.id).invoice_id == invoice.id
        with pytest.raises(InvalidState):
            accept_quote(s, quote.id, actor=ACTOR)


def test_sent_quote_is_frozen_and_can_be_declined(be_books):
    quote = _quote(be_books, [line()])
    with pytest.raises(ImmutableDocument), be_books.session() as s:
        s.get(Quote, quote.id).lines[0].quantity = Decimal("5")
    with be_books.session() as s:
        assert decline_quote(s, quote.id, actor=ACTOR).status == "declined"
