"""UN/CEFACT CII D16B CrossIndustryInvoice, EN 16931 profile (the XML inside Factur-X).

Same inputs as :mod:`core.billing.ubl`: an issued invoice or credit note, its frozen amounts.
"""
from __future__ import annotations

from decimal import Decimal
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from partage.core.billing.ubl import (COMPANY_EAS, EXEMPTION_CODES, Parties, _cents, _number, buyer_endpoint,
                              seller_endpoint)

NS = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
      "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
      "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
      "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"}
for _prefix, _uri in NS.items():
    register_namespace(_prefix, _uri)
GUIDELINE = "urn:cen.eu:en16931:2017"


def _el(parent: Element, path: str, text=None, **attrs) -> Element:
    """Create ``ram:A/ram:B`` under ``parent``; the last element gets the text and attributes."""
    node = parent
    for part in path.split("/"):
        prefix, name = part.split(":")
        node = SubElement(node, f"{{{NS[prefix]}}}{name}")
    if text is not None:
        node.text = str(text)
    for key, value in attrs.items():
        node.set(key, str(value))
    return node


def _date(parent: Element, path: str, value, prefix: str = "udt") -> None:
    _el(_el(parent, path), f"{prefix}:DateTimeString", value.strftime("%Y%m%d"), format="102")


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _party(parent: Element, role: str, *, name, country, company, vat, endpoint, street=None,
           city=None, postcode=None) -> None:
    party = _el(parent, f"ram:{role}")
    _el(party, "ram:Name", name)
    if company and country in COMPANY_EAS:
        _el(party, "ram:SpecifiedLegalOrganization/ram:ID", company, schemeID=COMPANY_EAS[country])
    address = _el(party, "ram:PostalTradeAddress")
    for tag, value in (("PostcodeCode", postcode), ("LineOne", street), ("CityName", city)):
        if value:
            _el(address, f"ram:{tag}", value)
    _el(address, "ram:CountryID", country)
    if endpoint:  # never a made-up address (see core.billing.ubl)
        _el(party, "ram:URIUniversalCommunication/ram:URIID", endpoint[1], schemeID=endpoint[0])
    if vat:
        _el(party, "ram:SpecifiedTaxRegistration/ram:ID", vat, schemeID="VA")


def _line(transaction: Element, line) -> None:
    item = _el(transaction, "ram:IncludedSupplyChainTradeLineItem")
    _el(item, "ram:AssociatedDocumentLineDocument/ram:LineID", line.position)
    _el(item, "ram:SpecifiedTradeProduct/ram:Name", line.description[:200])
    _el(item, "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount",
        _money(line.unit_price))
    _el(item, "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity", _number(line.quantity),
        unitCode=line.unit_code)
    settlement = _el(item, "ram:SpecifiedLineTradeSettlement")
    tax = _el(settlement, "ram:ApplicableTradeTax")
    _el(tax, "ram:TypeCode", "VAT")
    _el(tax, "ram:CategoryCode", line.vat_category)
    _el(tax, "ram:RateApplicablePercent", _number(line.vat_rate * 100))
    if line.discount_percent:
        gross = (line.quantity * line.unit_price).quantize(Decimal("0.01"))
        allowance = _el(settlement, "ram:SpecifiedTradeAllowanceCharge")
        _el(allowance, "ram:ChargeIndicator/udt:Indicator", "false")
        _el(allowance, "ram:CalculationPercent", _number(line.discount_percent))
        _el(allowance, "ram:BasisAmount", _money(gross))
        _el(allowance, "ram:ActualAmount", _money(gross - line.net))
        _el(allowance, "ram:ReasonCode", "95")
    _el(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount",
        _money(line.net))


def _agreement(transaction: Element, source, p: Parties) -> None:
    agreement = _el(transaction, "ram:ApplicableHeaderTradeAgreement")
    _el(agreement, "ram:BuyerReference", source.buyer_reference or source.number)
    t, c = p.tenant, p.client
    s = p.seller
    _party(agreement, "SellerTradeParty", name=t.legal_name, country=t.country.upper(),
           company=t.company_number, vat=t.vat_number,
           endpoint=seller_endpoint(t.country.upper(), t.company_number, t.vat_number),
           street=getattr(s, "street", None), city=getattr(s, "city", None),
           postcode=getattr(s, "postal_code", None))
    _party(agreement, "BuyerTradeParty", name=c.name, country=c.country, company=c.company_number,
           vat=c.vat_number, endpoint=buyer_endpoint(c), street=c.street, city=c.city,
           postcode=c.postal_code)


def _delivery(transaction: Element, doc, client) -> None:
    """Never empty: the deliver-to country is the client's (where the service is supplied); intra-EU
    supplies also need the delivery date (BR-IC-11, BR-IC-12)."""
    delivery = _el(transaction, "ram:ApplicableHeaderTradeDelivery")
    _el(delivery, "ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CountryID", client.country)
    if any(r["category"] == "K" for r in doc.vat_breakdown):
        _date(delivery, "ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime", doc.issue_date)


def _taxes(settlement: Element, doc) -> None:
    reason = doc.mentions[0] if doc.mentions else "Exempt"
    for row in doc.vat_breakdown:
        tax = _el(settlement, "ram:ApplicableTradeTax")
        _el(tax, "ram:CalculatedAmount", _money(_cents(row["vat"])))
        _el(tax, "ram:TypeCode", "VAT")
        if row["category"] == "E":
            _el(tax, "ram:ExemptionReason", reason)
        _el(tax, "ram:BasisAmount", _money(_cents(row["base"])))
        _el(tax, "ram:CategoryCode", row["category"])
        if row["category"] in EXEMPTION_CODES:
            _el(tax, "ram:ExemptionReasonCode", EXEMPTION_CODES[row["category"]])
        _el(tax, "ram:RateApplicablePercent", _number(Decimal(row["rate"]) * 100))


def _settlement(transaction: Element, doc, source, p: Parties, invoice) -> None:
    settlement = _el(transaction, "ram:ApplicableHeaderTradeSettlement")
    if invoice is None and doc.payment_reference:
        _el(settlement, "ram:PaymentReference", doc.payment_reference)
    _el(settlement, "ram:InvoiceCurrencyCode", doc.currency)
    if invoice is None and p.settings.bank_account:
        means = _el(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
        _el(means, "ram:TypeCode", "30")
        _el(means, "ram:PayeePartyCreditorFinancialAccount/ram:IBANID", p.settings.bank_account)
    _taxes(settlement, doc)
    terms = _el(settlement, "ram:SpecifiedTradePaymentTerms")
    _el(terms, "ram:Description", " ".join(doc.mentions) or "Payment on receipt")
    if invoice is None and doc.due_date:
        _date(terms, "ram:DueDateDateTime", doc.due_date)
    totals = _el(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _el(totals, "ram:LineTotalAmount", _money(doc.total_net))
    _el(totals, "ram:TaxBasisTotalAmount", _money(doc.total_net))
    _el(totals, "ram:TaxTotalAmount", _money(doc.total_vat), currencyID=doc.currency)
    _el(totals, "ram:GrandTotalAmount", _money(doc.total_gross))
    _el(totals, "ram:DuePayableAmount", _money(doc.total_gross))
    if invoice is not None:
        ref = _el(settlement, "ram:InvoiceReferencedDocument")
        _el(ref, "ram:IssuerAssignedID", invoice.number)
        _date(ref, "ram:FormattedIssueDateTime", invoice.issue_date, prefix="qdt")


def render(doc, parties: Parties, invoice=None) -> bytes:
    """CII XML of an issued invoice, or of a credit note (``invoice``: the one it corrects)."""
    root = Element(f"{{{NS['rsm']}}}CrossIndustryInvoice")
    _el(root, "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID",
        GUIDELINE)
    header = _el(root, "rsm:ExchangedDocument")
    _el(header, "ram:ID", doc.number)
    _el(header, "ram:TypeCode", "380" if invoice is None else "381")
    _date(header, "ram:IssueDateTime", doc.issue_date)
    if invoice is not None:
        _el(header, "ram:IncludedNote/ram:Content", doc.reason)
    transaction = _el(root, "rsm:SupplyChainTradeTransaction")
    for line in doc.lines:
        _line(transaction, line)
    source = invoice or doc
    _agreement(transaction, source, parties)
    _delivery(transaction, doc, parties.client)
    _settlement(transaction, doc, source, parties, invoice)
    return tostring(root, encoding="UTF-8", xml_declaration=True)
