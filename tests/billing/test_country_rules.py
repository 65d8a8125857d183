"""Country billing rules from the plugins, checked against the published rules."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from partage.core.billing.rules import MentionContext
from partage.core.params import ParameterNotDefined
from partage.core.plugins import BillingRules, registry
from partage.plugins.be.billing.ogm import find_ogm, format_ogm, is_valid

ON = date(2026, 3, 2)


def rules(country):
    return registry().get(country).billing


def test_plugins_offer_the_billing_capability():
    for country in ("be", "fr"):
        assert isinstance(rules(country), BillingRules)
    assert rules("be").einvoice_format == "peppol-bis-3"
    assert rules("fr").einvoice_format == "factur-x"


def test_belgian_rates_are_21_12_6_0():
    """Grids 03 / 02 / 01 of the VAT return (belgium.md 2.4)."""
    r = rules("be").vat_rates(ON)
    assert [r[c] for c in ("standard", "intermediate", "reduced", "zero")] == \
        [Decimal("0.21"), Decimal("0.12"), Decimal("0.06"), Decimal("0")]


def test_french_rates_are_20_10_5_5_2_1():
    """CGI art. 278, 279, 278-0 bis, 281 quater (france.md 8)."""
    r = rules("fr").vat_rates(ON)
    assert [r[c] for c in ("standard", "intermediate", "reduced", "super_reduced")] == \
        [Decimal("0.20"), Decimal("0.10"), Decimal("0.055"), Decimal("0.021")]


def test_rates_are_dated():
    with pytest.raises(ParameterNotDefined):
        rules("fr").vat_rates(date(2013, 12, 31))  # 19.6 % then: not modelled, so not invented


def test_en16931_categories():
    be = rules("be")
    assert [be.vat_category(c) for c in ("standard", "zero", "reverse_charge", "intra_community",
                                         "export", "franchise")] == ["S", "Z", "AE", "K", "G", "E"]


def test_structured_communication_examples():
    """belgium.md 2.5: data 0000000654 -> check 72; +++123/4567/89002+++ is valid."""
    assert format_ogm(654) == "+++000/0000/65472+++"
    assert format_ogm(1234567890) == "+++123/4567/89002+++"
    assert is_valid("123456789002") and not is_valid("123456789003")
    assert format_ogm(97) == "+++000/0000/09797+++"  # remainder 0 -> check 97


def test_structured_communication_found_in_bank_text():
    assert find_ogm("paiement facture +++123/4567/89002+++ merci") == "+++123/4567/89002+++"
    assert find_ogm("***123/4567/89002***") == "+++123/4567/89002+++"
    assert find_ogm("123456789002") == "+++123/4567/89002+++"
    assert find_ogm("+++123/4567/89003+++") is None


def test_belgian_payment_reference_is_a_valid_structured_communication():
    reference = rules("be").payment_reference(2026, 42)
    assert reference == format_ogm("2600000042")
    assert is_valid(reference.strip("+").replace("/", ""))


def test_belgian_mentions():
    be = rules("be")
    franchise = be.mentions(MentionContext("invoice", ON, frozenset({"franchise"})))
    assert franchise == ["Régime particulier de franchise des petites entreprises"]
    assert be.mentions(MentionContext("invoice", ON, frozenset({"reverse_charge"}))) == ["Autoliquidation"]
    assert be.mentions(MentionContext("invoice", ON, frozenset({"standard"}))) == []


def test_french_mentions():
    """art. 242 nonies A ann. II CGI, L441-9 / D441-5 Code de commerce, reform mentions (france.md 9-10)."""
    ctx = MentionContext("invoice", ON, frozenset({"franchise"}), operation="services",
                         client_company_number="303265045", supplier_company_number="732829320",
                         vat_on_debits=True)
    found = rules("fr").mentions(ctx)
    assert "TVA non applicable, art. 293 B du CGI" in found
    assert any("40 EUR" in m and "recouvrement" in m for m in found)
    assert any("BCE majoré de 10 points" in m for m in found)
    assert "Option pour le paiement de la taxe d'après les débits" in found
    assert any("prestation de services" in m for m in found)
    assert "SIREN du client : 303265045" in found and "SIREN : 732829320" in found


def test_french_consumer_invoice_has_no_recovery_indemnity():
    ctx = MentionContext("invoice", ON, frozenset({"standard"}), client_business=False)
    assert not any("recouvrement" in m for m in rules("fr").mentions(ctx))


def test_business_clients_need_their_national_company_number():
    assert rules("be").business_client_identifiers("BE") == ("company_number",)
    assert rules("fr").business_client_identifiers("FR") == ("company_number",)
    assert rules("be").business_client_identifiers("NL") == ("vat_number",)
