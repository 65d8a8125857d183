"""UBL 2.1 Invoice and CreditNote: Peppol BIS Billing 3.0 or plain EN 16931.

Peppol BIS only for a business client with a Peppol participant identifier (``core.billing.peppol``):
its EndpointID is that identifier. Everybody else gets an EN 16931 document (customization
``urn:cen.eu:en16931:2017``, no Peppol profile) whose buyer electronic address is the client's e-mail
when there is one, else absent: never a made-up address. The seller (the tenant) is addressed by its
enterprise number (EAS 0208) in Belgium, SIREN (0002) in France, else its VAT number.
Pure function of the stored documents: nothing is recomputed, issued amounts are written as frozen.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from partage.core.billing import peppol

NS = {
    "Invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "CreditNote": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
for _prefix, _uri in (("inv", NS["Invoice"]), ("cn", NS["CreditNote"]), ("cac", NS["cac"]),
                     ("cbc", NS["cbc"])):
    register_namespace(_prefix, _uri)
CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
EN16931_CUSTOMIZATION = "urn:cen.eu:en16931:2017"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
COMPANY_EAS = {"BE": "0208", "FR": "0002"}  # enterprise number KBO/BCE; SIRENE
VAT_EAS = {"BE": "9925", "DE": "9930", "NL": "9944", "FR": "9957", "LU": "9938", "IT": "9906",
           "ES": "9920", "AT": "9914", "PT": "9946", "IE": "9935"}
EXEMPTION_CODES = {"AE": "VATEX-EU-AE", "K": "VATEX-EU-IC", "G": "VATEX-EU-G"}


@dataclass(frozen=True)
class Parties:
    """What the document needs about the seller (tenant) and the buyer (client)."""

    tenant: object
    client: object
    settings: object

    @property
    def seller(self):
        """The seller block (street, postal code, city, register city, BIC): the billing settings."""
        return self.settings

    @property
    def profile(self) -> str:
        """``peppol`` or ``en16931``: which e-invoice this client gets."""
        return peppol.profile_of(self.client)


def _cbc(parent: Element, name: str, text, **attrs) -> Element:
    node = SubElement(parent, f"{{{NS['cbc']}}}{name}", {k: str(v) for k, v in attrs.items()})
    node.text = str(text)
    return node


def _cac(parent: Element, name: str) -> Element:
    return SubElement(parent, f"{{{NS['cac']}}}{name}")


def _amount(parent: Element, name: str, value: Decimal, currency: str) -> None:
    _cbc(parent, name, f"{value:.2f}", currencyID=currency)


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def seller_endpoint(country: str, company: str | None, vat: str | None) -> tuple[str, str] | None:
    """(scheme, value) of the tenant's electronic address: its company number, else its VAT number."""
    if company and country in COMPANY_EAS:
        return COMPANY_EAS[country], company
    if vat and vat[:2] in VAT_EAS:
        return VAT_EAS[vat[:2]], vat
    return None


def buyer_endpoint(client) -> tuple[str, str] | None:
    """(scheme, value): the Peppol participant identifier, else the client's e-mail, else none."""
    participant = peppol.of_client(client)
    if participant is not None:
        return participant.scheme, participant.value
    return ("EM", client.email) if client.email else None


def _party(parent: Element, role: str, *, name: str, country: str, company: str | None,
           vat: str | None, endpoint: tuple[str, str] | None, street=None, city=None,
           postcode=None) -> None:
    party = _cac(_cac(parent, role), "Party")
    if endpoint:
        _cbc(party, "EndpointID", endpoint[1], schemeID=endpoint[0])
    address = _cac(party, "PostalAddress")
    for tag, value in (("StreetName", street), ("CityName", city), ("PostalZone", postcode)):
        if value:
            _cbc(address, tag, value)
    _cbc(_cac(address, "Country"), "IdentificationCode", country)
    if vat:
        scheme = _cac(party, "PartyTaxScheme")
        _cbc(scheme, "CompanyID", vat)
        _cbc(_cac(scheme, "TaxScheme"), "ID", "VAT")
    legal = _cac(party, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", name)
    if company and country in COMPANY_EAS:
        _cbc(legal, "CompanyID", company, schemeID=COMPANY_EAS[country])


def _parties(root: Element, p: Parties) -> None:
    t, c = p.tenant, p.client
    seller = p.seller
    _party(root, "AccountingSupplierParty", name=t.legal_name, country=t.country.upper(),
           company=t.company_number, vat=t.vat_number,
           endpoint=seller_endpoint(t.country.upper(), t.company_number, t.vat_number),
           street=getattr(seller, "street", None), city=getattr(seller, "city", None),
           postcode=getattr(seller, "postal_code", None))
    _party(root, "AccountingCustomerParty", name=c.name, country=c.country, company=c.company_number,
           vat=c.vat_number, endpoint=buyer_endpoint(c), street=c.street, city=c.city,
           postcode=c.postal_code)


def _delivery(root: Element, doc, client) -> None:
    """Intra-EU supplies need the delivery date and country (BR-IC-11, BR-IC-12)."""
    if any(r["category"] == "K" for r in doc.vat_breakdown):
        delivery = _cac(root, "Delivery")
        _cbc(delivery, "ActualDeliveryDate", doc.issue_date.isoformat())
        address = _cac(_cac(delivery, "DeliveryLocation"), "Address")
        _cbc(_cac(address, "Country"), "IdentificationCode", client.country)


def _payment(root: Element, doc, p: Parties, reference: str | None) -> None:
    """Credit transfer to the tenant's account with the payment reference (invoices only)."""
    if p.settings.bank_account and root.tag.endswith("Invoice"):
        means = _cac(root, "PaymentMeans")
        _cbc(means, "PaymentMeansCode", "30")
        if reference:
            _cbc(means, "PaymentID", reference)
        _cbc(_cac(means, "PayeeFinancialAccount"), "ID", p.settings.bank_account)
    if doc.mentions:
        _cbc(_cac(root, "PaymentTerms"), "Note", " ".join(doc.mentions))


def _category(parent: Element, name: str, category: str, rate: Decimal, reason: str | None) -> None:
    node = _cac(parent, name)
    _cbc(node, "ID", category)
    _cbc(node, "Percent", _number(rate * 100))
    if name == "TaxCategory" and category in ("E", "AE", "K", "G"):
        if category in EXEMPTION_CODES:
            _cbc(node, "TaxExemptionReasonCode", EXEMPTION_CODES[category])
        else:
            _cbc(node, "TaxExemptionReason", reason or "Exempt")
    _cbc(_cac(node, "TaxScheme"), "ID", "VAT")


def _cents(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(Decimal("0.01"))


def _totals(root: Element, doc) -> None:
    cur = doc.currency
    tax = _cac(root, "TaxTotal")
    _amount(tax, "TaxAmount", doc.total_vat, cur)
    reason = doc.mentions[0] if doc.mentions else None
    for row in doc.vat_breakdown:
        sub = _cac(tax, "TaxSubtotal")
        _amount(sub, "TaxableAmount", _cents(row["base"]), cur)
        _amount(sub, "TaxAmount", _cents(row["vat"]), cur)
        _category(sub, "TaxCategory", row["category"], Decimal(row["rate"]), reason)
    money = _cac(root, "LegalMonetaryTotal")
    for tag, value in (("LineExtensionAmount", doc.total_net), ("TaxExclusiveAmount", doc.total_net),
                       ("TaxInclusiveAmount", doc.total_gross), ("PayableAmount", doc.total_gross)):
        _amount(money, tag, value, cur)


def _line(root: Element, kind: str, line, currency: str) -> None:
    node = _cac(root, f"{kind}Line")
    _cbc(node, "ID", line.position)
    _cbc(node, "InvoicedQuantity" if kind == "Invoice" else "CreditedQuantity",
         _number(line.quantity), unitCode=line.unit_code)
    _amount(node, "LineExtensionAmount", line.net, currency)
    if line.discount_percent:
        gross = (line.quantity * line.unit_price).quantize(Decimal("0.01"))
        allowance = _cac(node, "AllowanceCharge")
        _cbc(allowance, "ChargeIndicator", "false")
        _cbc(allowance, "AllowanceChargeReasonCode", "95")  # UNCL5189: discount
        _cbc(allowance, "MultiplierFactorNumeric", _number(line.discount_percent))
        _amount(allowance, "Amount", gross - line.net, currency)
        _amount(allowance, "BaseAmount", gross, currency)
    item = _cac(node, "Item")
    _cbc(item, "Name", line.description[:200])
    _category(item, "ClassifiedTaxCategory", line.vat_category, line.vat_rate, None)
    _amount(_cac(node, "Price"), "PriceAmount", line.unit_price, currency)


def render(doc, parties: Parties, invoice=None) -> bytes:
    """UBL XML of an issued invoice, or of a credit note (``invoice``: the one it corrects)."""
    kind = "Invoice" if invoice is None else "CreditNote"
    root = Element(f"{{{NS[kind]}}}{kind}")
    if parties.profile == peppol.PEPPOL:
        _cbc(root, "CustomizationID", CUSTOMIZATION)
        _cbc(root, "ProfileID", PROFILE)
    else:
        _cbc(root, "CustomizationID", EN16931_CUSTOMIZATION)
    for tag, value in (("ID", doc.number), ("IssueDate", doc.issue_date.isoformat())):
        _cbc(root, tag, value)
    if kind == "Invoice" and doc.due_date:
        _cbc(root, "DueDate", doc.due_date.isoformat())
    _cbc(root, f"{kind}TypeCode", "380" if kind == "Invoice" else "381")
    if invoice is not None:
        _cbc(root, "Note", doc.reason)
    _cbc(root, "DocumentCurrencyCode", doc.currency)
    source = invoice or doc
    _cbc(root, "BuyerReference", source.buyer_reference or source.number)
    if invoice is not None:
        ref = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(ref, "ID", invoice.number)
        _cbc(ref, "IssueDate", invoice.issue_date.isoformat())
    _parties(root, parties)
    _delivery(root, doc, parties.client)
    _payment(root, doc, parties, source.payment_reference)
    _totals(root, doc)
    for line in doc.lines:
        _line(root, kind, line, doc.currency)
    return tostring(root, encoding="UTF-8", xml_declaration=True)
