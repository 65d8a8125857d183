"""Bad input is refused with an error naming the field, and nothing is written."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from partage.core.audit import AuditEvent
from partage.core.billing import BillingError, ImmutableDocument, InvalidInput, NotFound, create_client, \
    create_invoice, update_invoice
from partage.core.billing.models import Client, Invoice, InvoiceLine
from tests.billing.conftest import ACTOR, line


def _counts(books) -> tuple[int, int, int, int]:
    with books.session() as s:
        return tuple(len(s.scalars(select(m)).all()) for m in (Invoice, InvoiceLine, Client, AuditEvent))


def _refused(books, call, field: str, error=InvalidInput) -> BillingError:
    before = _counts(books)
    with pytest.raises(error) as err, books.session() as s:
        call(s)
    assert err.value.field == field
    assert _counts(books) == before
    return err.value


def _draft(books, lines):
    return lambda s: create_invoice(s, {"activity_id": books.activity_id,
                                        "client_id": books.client_id, "lines": lines}, actor=ACTOR)


@pytest.mark.parametrize(("lines", "field"), [
    ([line("-1")], "lines[0].quantity"),
    ([line(), line("0")], "lines[1].quantity"),
    ([line(code="21")], "lines[0].vat_code"),
    ([line(code="super_reduced")], "lines[0].vat_code"),  # a French rate on a Belgian invoice
    ([line(price="-3.00")], "lines[0].unit_price"),
    ([line(price="1.005")], "lines[0].unit_price"),
    ([line(discount_percent="120")], "lines[0].discount_percent"),
    ([line(qty=1.5)], "lines[0].quantity"),  # a float is not an exact amount
    ([{"quantity": "1", "unit_price": "1.00"}], "lines[0].description"),
    ([], "lines"),
])
def test_bad_lines(be_books, lines, field):
    _refused(be_books, _draft(be_books, lines), field)


def test_unknown_client(be_books):
    call = lambda s: create_invoice(s, {"activity_id": be_books.activity_id,  # noqa: E731
                                        "client_id": be_books.activity_id, "lines": [line()]}, actor=ACTOR)
    _refused(be_books, call, "client_id", NotFound)


@pytest.mark.parametrize(("data", "field"), [
    ({"kind": "business", "name": "No Number BV", "country": "BE"}, "company_number"),
    ({"kind": "business", "name": "Bad BV", "country": "BE", "company_number": "0431150351"},
     "company_number"),  # invalid check digits (belgium.md 2.5)
    # a Belgian tenant invoicing abroad needs the client's VAT number; numbers given are checked
    ({"kind": "business", "name": "SARL", "country": "FR"}, "vat_number"),
    ({"kind": "business", "name": "SARL", "country": "FR", "vat_number": "FR40303265045",
      "company_number": "123456789"}, "company_number"),  # SIREN fails Luhn (france.md 10.2)
    ({"kind": "business", "name": "GmbH", "country": "DE"}, "vat_number"),
    ({"kind": "business", "name": "GmbH", "country": "DE", "vat_number": "DE123"}, "vat_number"),
    ({"kind": "robot", "name": "X", "country": "BE"}, "kind"),
    ({"kind": "consumer", "name": "X", "country": "Belgium"}, "country"),
])
def test_bad_clients(be_books, data, field):
    _refused(be_books, lambda s: create_client(s, data, actor=ACTOR), field)


def test_valid_foreign_and_french_clients_are_normalised(be_books):
    with be_books.session() as s:
        fr = create_client(s, {"kind": "business", "name": "SA", "country": "FR",
                               "company_number": "732 829 320", "vat_number": "FR40303265045"},
                           actor=ACTOR)
        assert (fr.company_number, fr.vat_number) == ("732829320", "FR40303265045")
        be = create_client(s, {"kind": "business", "name": "NV", "country": "BE",
                               "company_number": "403.019.261"}, actor=ACTOR)
        assert be.company_number == "0403019261"


def test_editing_an_issued_invoice(be_books):
    invoice = be_books.invoice([line()])
    err = _refused(be_books, lambda s: update_invoice(s, invoice.id, {"lines": [line("2")]},
                                                       actor=ACTOR), "status", ImmutableDocument)
    assert err.status == 409


def test_french_tenant_needs_the_siren_of_a_french_business_client(fr_books):
    data = {"kind": "business", "name": "SARL", "country": "FR", "vat_number": "FR40303265045"}
    _refused(fr_books, lambda s: create_client(s, data, actor=ACTOR), "company_number")
