"""Belgian invoice mentions in the document's language (the language its PDF is rendered in: its own,
else the tenant's first locale). Expected texts are the official wordings as published, typed here from the
sources, not read from our YAML:

- French franchise: finances.belgium.be, "Régime de la franchise de taxe" (belgium.md 2.4).
- Dutch franchise: the mandatory mention as quoted for Belgian small businesses ("facturen ... met
  de volgende vermelding: "Bijzondere vrijstellingsregeling kleine ondernemingen"", vsdc-fb.be FAQ
  on the FOD Financiën "Btw-vrijstellingsregeling kleine ondernemingen").
- Reverse charge: KB nr. 1 art. 20 §2 opens with "Verlegging van heffing." (NL) / "Autoliquidation."
  (FR) since 2023; Directive 2006/112/EC art. 226(11a): "Reverse charge" (EN), "Steuerschuldnerschaft
  des Leistungsempfängers" (DE, as named in CJEU C-247/21).

A language with no official wording (English or German franchise) and an unknown language fall back
to French, the language every Belgian mention has (``BelgianBilling.fallback_languages``).
"""
from __future__ import annotations

import io
from datetime import date
from xml.etree import ElementTree

import pytest

from partage.core.billing import create_credit_note
from partage.core.billing.exports import document_pdf, invoice_ubl
from partage.core.billing.rules import MentionContext, base_language, document_language
from partage.core.params import ParameterNotDefined
from partage.core.plugins import registry
from partage.core.tenancy import cross_tenant
from partage.plugins.be.billing import BelgianBilling
from tests.billing.conftest import ACTOR, DAY, line, make_books

FR_FRANCHISE = "Régime particulier de franchise des petites entreprises"
NL_FRANCHISE = "Bijzondere vrijstellingsregeling kleine ondernemingen"
FR_REVERSE, NL_REVERSE = "Autoliquidation", "Verlegging van heffing"
EN_REVERSE, DE_REVERSE = "Reverse charge", "Steuerschuldnerschaft des Leistungsempfängers"
ON = date(2026, 3, 2)
UBL = {"cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
       "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}


def _mentions(codes, language=None, rules=None):
    rules = rules or registry().get("be").billing
    return rules.mentions(MentionContext("invoice", ON, frozenset(codes), language=language))


# --- the rules --------------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "franchise", "reverse"), [
    ("fr", FR_FRANCHISE, FR_REVERSE),
    ("nl", NL_FRANCHISE, NL_REVERSE),
    ("nl-BE", NL_FRANCHISE, NL_REVERSE),
    ("NL", NL_FRANCHISE, NL_REVERSE),
    ("en", FR_FRANCHISE, EN_REVERSE),  # no official English franchise wording: French
    ("de", FR_FRANCHISE, DE_REVERSE),  # no official German franchise wording found: French
])
def test_belgian_mentions_follow_the_document_language(language, franchise, reverse):
    assert _mentions({"franchise"}, language) == [franchise]
    assert _mentions({"reverse_charge"}, language) == [reverse]
    assert _mentions({"standard"}, language) == []


@pytest.mark.parametrize("language", [None, "", "xx", "es", "pt-BR"])
def test_no_or_an_unknown_language_falls_back_to_french(language):
    """None is what callers that predate languages pass: they keep the French texts."""
    assert _mentions({"franchise"}, language) == [FR_FRANCHISE]
    assert _mentions({"reverse_charge"}, language) == [FR_REVERSE]
    assert _mentions({"intra_community"}, language) == _mentions({"intra_community"}, "fr")


def test_exemption_mentions_cite_the_same_articles_in_every_language():
    for code, article in (("export", "39"), ("exempt", "44"), ("intra_community", "39bis")):
        for language, code_name in (("fr", "Code TVA"), ("nl", "Btw-Wetboek"),
                                    ("de", "Mehrwertsteuergesetzbuch"), ("en", "VAT Code")):
            [text] = _mentions({code}, language)
            assert f"{article} " in f"{text} " and code_name in text, (code, language, text)
    assert _mentions({"intra_community"}, "nl")[0].startswith(NL_REVERSE)
    assert _mentions({"intra_community"}, "de")[0].startswith(DE_REVERSE)


def test_every_belgian_mention_has_a_french_text_whenever_another_language_has_one():
    """The fallback never comes back empty: French starts no later than any other language."""
    tree = registry().get("be").billing.parameters.tree()
    names = [n for n in tree.names() if n.startswith("billing.mentions.")]
    assert names and all(n.count(".") == 3 for n in names)
    for name in names:
        french = tree.get(name.rsplit(".", 1)[0] + ".fr")
        assert french.entries[0].start <= tree.get(name).entries[0].start, name
        assert all(entry.reference for entry in tree.get(name).entries), name


def test_a_worded_mention_without_the_language_nor_a_fallback_is_an_error():
    """A legal mention is never silently left off: no text in any tried language raises."""
    class NoFallback(BelgianBilling):
        fallback_languages = ()

    rules = NoFallback()
    assert _mentions({"franchise"}, "nl", rules) == [NL_FRANCHISE]
    assert _mentions({"standard"}, "en", rules) == []
    with pytest.raises(ParameterNotDefined, match="billing.mentions.franchise.*en"):
        _mentions({"franchise"}, "en", rules)
    with pytest.raises(ParameterNotDefined, match="any language"):
        _mentions({"franchise"}, None, rules)


def test_french_plugin_mentions_are_language_neutral():
    """France words its mentions once (billing.mentions.<name>): the language changes nothing."""
    fr = registry().get("fr").billing
    assert _mentions({"franchise"}, "en", fr) == _mentions({"franchise"}, None, fr)
    assert "TVA non applicable, art. 293 B du CGI" in _mentions({"franchise"}, "nl", fr)


def test_document_language_is_the_tenants_first_locale():
    class Tenant:
        def __init__(self, locales):
            self.locales = locales

    assert document_language(Tenant(["nl", "fr", "en"])) == "nl"
    assert document_language(Tenant(["fr-BE"])) == "fr"
    assert document_language(Tenant([])) == "en"  # what the PDF has always used
    assert base_language("de_BE") == "de" and base_language(None) is None


# --- issued documents -------------------------------------------------------------------------

def _speaking(books, *locales):
    """Give the tenant of ``books`` these locales (the first one is its documents' language)."""
    from partage.tenants.models import Tenant

    with cross_tenant(actor=ACTOR, reason="test tenant locales"), books.db.session() as s:
        s.get(Tenant, books.tenant_id).locales = list(locales)
    return books


def _ubl(books, invoice_id):
    with books.session() as s:
        return ElementTree.fromstring(invoice_ubl(s, invoice_id))


def _pdf_text(books, kind, document_id) -> str:
    from pypdf import PdfReader

    with books.session() as s:
        pdf = document_pdf(s, kind, document_id)
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_flemish_franchise_invoice_carries_the_dutch_wording_everywhere(db):
    books = _speaking(make_books(db, "be", vat_franchise=True), "nl", "fr", "en")
    invoice = books.invoice([{"description": "Les", "quantity": "2", "unit_price": "45.00"}])
    assert invoice.mentions == [NL_FRANCHISE]
    ubl = _ubl(books, invoice.id)
    assert ubl.findtext("cac:PaymentTerms/cbc:Note", namespaces=UBL) == NL_FRANCHISE
    reasons = {e.text for e in ubl.iterfind(".//cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason",
                                            namespaces=UBL)}
    assert reasons == {NL_FRANCHISE}
    text = _pdf_text(books, "invoice", invoice.id)
    assert "Factuur" in text and NL_FRANCHISE in text and FR_FRANCHISE not in text


def test_french_speaking_franchise_invoice_carries_the_french_wording(db):
    books = make_books(db, "be", vat_franchise=True)  # the fixture tenant speaks French
    invoice = books.invoice([{"description": "Cours", "quantity": "2", "unit_price": "45.00"}])
    assert invoice.mentions == [FR_FRANCHISE]
    assert _ubl(books, invoice.id).findtext("cac:PaymentTerms/cbc:Note", namespaces=UBL) == FR_FRANCHISE
    text = _pdf_text(books, "invoice", invoice.id)
    assert "Facture" in text and FR_FRANCHISE in text


def test_english_invoice_uses_the_directive_wording_and_french_where_none_exists(db):
    books = _speaking(make_books(db, "be"), "en", "fr")
    invoice = books.invoice([line("10", "45.00", "reverse_charge")])
    assert invoice.mentions == [EN_REVERSE]
    franchise = _speaking(make_books(db, "be", vat_franchise=True), "en")
    assert franchise.invoice([{"description": "Work", "quantity": "1", "unit_price": "10.00"}]).mentions \
        == [FR_FRANCHISE]


def test_dutch_credit_note_mentions_are_dutch_too(db):
    books = _speaking(make_books(db, "be"), "nl")
    invoice = books.invoice([line("10", "45.00", "reverse_charge")])
    assert invoice.mentions == [NL_REVERSE]
    with books.session() as s:
        note = create_credit_note(s, invoice.id, {"reason": "annulering"}, actor=ACTOR, on=DAY)
        assert note.mentions == [NL_REVERSE]
    text = _pdf_text(books, "credit_note", note.id)
    assert "Creditnota" in text and NL_REVERSE in text


def test_dutch_ubl_passes_the_official_rules(shared_sqlite_db):
    """The language changes texts only: Peppol BIS 3.0 + EN 16931 still find nothing fatal."""
    einvoice = pytest.importorskip("partage.core.einvoice")
    from tests.billing.test_einvoice import _books

    failures = {}
    for settings, lines in (({"vat_franchise": True}, [{"description": "Les", "quantity": "2",
                                                         "unit_price": "45.00"}]),
                            ({}, [line("10", "45.00", "reverse_charge")])):
        books = _speaking(_books(shared_sqlite_db, "be", **settings), "nl", "fr")
        invoice = books.invoice(lines)
        with books.session() as s:
            report = einvoice.validate(invoice_ubl(s, invoice.id), peppol=True)
        if not report.valid:
            failures[invoice.mentions[0]] = [f"{f.rule_id}: {f.message}" for f in report.fatal]
        assert invoice.mentions[0] in (NL_FRANCHISE, NL_REVERSE)
    assert failures == {}


# --- a document's own language ------------------------------------------------------------------

def _client(books, language):
    from partage.core.billing import create_client

    with books.session() as s:
        return create_client(s, {"kind": "business", "name": "Klant BV", "country": "be",
                                 "company_number": "0403019261", "language": language}, actor=ACTOR).id


def test_an_invoice_speaks_its_clients_language_in_a_french_speaking_tenant(db):
    books = make_books(db, "be")                       # the tenant's documents default to French
    invoice = books.invoice([line("10", "45.00", "reverse_charge")], client_id=_client(books, "nl-BE"))
    assert invoice.language == "nl" and invoice.mentions == [NL_REVERSE]
    text = _pdf_text(books, "invoice", invoice.id)
    assert "Factuur" in text and NL_REVERSE in text and FR_REVERSE not in text
    assert books.invoice([line("10", "45.00", "reverse_charge")]).mentions == [FR_REVERSE]


def test_a_language_given_on_the_invoice_wins_and_german_is_rendered(db):
    books = _speaking(make_books(db, "be"), "nl", "fr")
    invoice = books.invoice([line("10", "45.00", "reverse_charge")], client_id=_client(books, "fr"),
                            language="de")
    assert invoice.language == "de" and invoice.mentions == [DE_REVERSE]
    text = _pdf_text(books, "invoice", invoice.id)
    assert "Rechnung" in text and DE_REVERSE in text


def test_a_credit_note_keeps_its_invoices_language_when_the_tenant_changes(db):
    books = _speaking(make_books(db, "be"), "nl")
    invoice = books.invoice([line("10", "45.00", "reverse_charge")])
    _speaking(books, "fr")
    with books.session() as s:
        note = create_credit_note(s, invoice.id, {"reason": "annulering"}, actor=ACTOR, on=DAY)
        assert note.language == "nl" and note.mentions == [NL_REVERSE]
    assert "Creditnota" in _pdf_text(books, "credit_note", note.id)


@pytest.mark.parametrize("language", ["xx", "es", 12, "english"])
def test_an_unknown_language_is_refused_by_name_and_nothing_is_written(db, language):
    from sqlalchemy import func, select

    from partage.core.billing import InvalidInput, create_client, create_invoice
    from partage.core.billing.models import Client, Invoice

    books = make_books(db, "be")
    with books.session() as s:
        counts = (s.scalar(select(func.count()).select_from(Client)),
                  s.scalar(select(func.count()).select_from(Invoice)))
    with pytest.raises(InvalidInput) as bad, books.session() as s:
        create_client(s, {"kind": "consumer", "name": "Jo", "country": "be", "language": language}, actor=ACTOR)
    assert bad.value.field == "language"
    with pytest.raises(InvalidInput) as bad, books.session() as s:
        create_invoice(s, {"activity_id": books.activity_id, "client_id": books.client_id,
                           "lines": [line()], "language": language}, actor=ACTOR)
    assert bad.value.field == "language"
    with books.session() as s:
        assert (s.scalar(select(func.count()).select_from(Client)),
                s.scalar(select(func.count()).select_from(Invoice))) == counts
