"""Who gets a Peppol BIS document: a business client with a Peppol participant identifier (scheme from
the EAS code list of Peppol BIS 3.0.19, value checked by the scheme's national rules); Belgian
businesses default to 0208 + enterprise number; consumers never."""
from __future__ import annotations

import pytest

from partage.core.billing import create_client
from partage.core.billing.errors import InvalidInput
from partage.core.billing.exports import describe, invoice_xml
from tests.billing.conftest import ACTOR, BE_KBO, FR_SIREN, line, make_books

BUSINESS = {"kind": "business", "name": "Client SA", "country": "BE", "company_number": BE_KBO}


def _client(books, **data):
    with books.session() as s:
        return create_client(s, BUSINESS | data, actor=ACTOR)


def test_belgian_business_defaults_to_0208_and_enterprise_number(shared_sqlite_db):
    books = make_books(shared_sqlite_db, "be")
    assert _client(books).peppol_id == f"0208:{BE_KBO}"
    assert _client(books, peppol_id="").peppol_id is None  # explicitly not on Peppol
    # GLN 4000001123452 (GS1 check digit), SIREN 732829320 (france.md 10.2)
    assert _client(books, peppol_id="0088:4000001123452").peppol_id == "0088:4000001123452"
    assert _client(books, peppol_id=f"iso6523-actorid-upis::0002:{FR_SIREN}").peppol_id == f"0002:{FR_SIREN}"


@pytest.mark.parametrize(("value", "reason"), [
    ("0208", "scheme:value"),                      # no value
    ("0208:0403019262", "invalid 0208"),           # mod 97 wrong
    ("1234:ABC", "unknown scheme"),                # not an EAS code
    ("EM:jo@example.com", "unknown scheme"),       # e-mail is no Peppol participant scheme
    ("0002:123456789", "invalid 0002"),            # SIREN Luhn wrong
])
def test_bad_identifiers_are_refused_naming_the_field(shared_sqlite_db, value, reason):
    books = make_books(shared_sqlite_db, "be")
    with pytest.raises(InvalidInput) as caught:
        _client(books, peppol_id=value)
    assert caught.value.field == "peppol_id" and reason in str(caught.value)


def test_consumers_never_get_a_peppol_document(shared_sqlite_db):
    books = make_books(shared_sqlite_db, "be")
    with pytest.raises(InvalidInput) as caught:
        _client(books, kind="consumer", company_number=None, peppol_id=f"0208:{BE_KBO}")
    assert caught.value.field == "peppol_id"
    consumer = _client(books, kind="consumer", company_number=None, email="jo@example.com")
    assert consumer.peppol_id is None
    invoice = books.invoice([line()], client_id=consumer.id)
    with books.session() as s:
        xml = invoice_xml(s, invoice.id, "ubl")
        assert describe(s, "invoice", invoice.id, "ubl") == "UBL EN 16931"
    assert b"<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>" in xml
    assert b"peppol" not in xml
    assert b'<cbc:EndpointID schemeID="EM">jo@example.com</cbc:EndpointID>' in xml


def test_business_without_identifier_gets_en16931_without_made_up_address(shared_sqlite_db):
    books = make_books(shared_sqlite_db, "be")
    client = _client(books, peppol_id="")
    invoice = books.invoice([line()], client_id=client.id)
    with books.session() as s:
        xml = invoice_xml(s, invoice.id, "ubl").decode()
        assert describe(s, "invoice", invoice.id, "ubl") == "UBL EN 16931"
    buyer = xml.split("AccountingCustomerParty")[1]
    assert "EndpointID" not in buyer and "peppol" not in xml
    peppol_invoice = books.invoice([line()])
    with books.session() as s:
        assert describe(s, "invoice", peppol_invoice.id, "ubl") == "UBL Peppol BIS Billing 3.0"
