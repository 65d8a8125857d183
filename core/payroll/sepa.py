"""The pain.001.001.03 document of a payment order, built by sepaxml and checked as a whole
against the XSD sepaxml ships, with libxml2 (lxml): sepaxml's own check runs the pure-Python
``xmlschema`` validator (about 4 s per 10,000 transfers, and it refuses a document of more than a
million elements, some 66,000 transfers).

The debtor and the initiating party are the employer: the tenant's legal name and its company
number (``Id/OrgId/Othr/Id``), not a label of the account.
"""
from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import sepaxml
from lxml import etree
from sepaxml import SepaTransfer
from sepaxml.validation import ValidationError
from sqlalchemy.orm import Session

from partage.core.payroll.errors import InvalidInput
from partage.core.payroll.guardrails import check_iban
from partage.core.payroll.performances import payroll_settings
from partage.core.payroll.tenant import tenant_facts

SEPA_SCHEMA = "pain.001.001.03"
NS = f"urn:iso:std:iso:20022:tech:xsd:{SEPA_SCHEMA}"
_SCHEMA_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Transfer:
    end_to_end_id: str
    name: str
    iban: str
    bic: str | None
    cents: int


@lru_cache(maxsize=None)
def _schema(name: str) -> etree.XMLSchema:
    """The XML Schema sepaxml ships for ``name`` (its ``schemas/`` folder), parsed once."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    xsd = Path(sepaxml.__file__).parent / "schemas" / f"{name}.xsd"
    return etree.XMLSchema(etree.parse(str(xsd), parser))


def check_sepa(xml: bytes, schema: str = SEPA_SCHEMA) -> None:
    """Raise sepaxml's ``ValidationError`` unless ``xml`` is valid against ``schema`` (the same
    XSD and error as ``SepaTransfer.export(validate=True)``, checked by libxml2)."""
    xml_schema = _schema(schema)
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    with _SCHEMA_LOCK:  # an XMLSchema keeps its error log: one validation at a time
        try:
            xml_schema.assertValid(etree.fromstring(xml, parser))
        except (etree.DocumentInvalid, etree.XMLSyntaxError) as exc:
            raise ValidationError(
                "The output SEPA file contains validation errors. This is likely due to an illegal "
                "value in one of your input fields.") from exc


@contextmanager
def _gc_paused():
    """No cyclic garbage collection while sepaxml builds and serialises its element tree: these
    objects are not garbage, and the collector would walk the growing tree again and again (a
    quarter of the file's time at 100,000 transfers)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class Debtor:
    name: str
    identifier: str | None
    iban: str
    bic: str


def debtor(session: Session) -> Debtor:
    """The employer paying: the tenant's legal name and company number, its payroll account."""
    settings, facts = payroll_settings(session), tenant_facts(session)
    iban = check_iban(settings.debtor_iban, "debtor_iban")
    if not settings.debtor_bic:
        raise InvalidInput("debtor_bic", "the paying account needs a BIC")
    identifier = "".join(ch for ch in (facts.company_number or "") if ch.isalnum()) or None
    return Debtor(facts.legal_name[:70], identifier, iban, settings.debtor_bic)


def _finish(xml: bytes, msg_id: str, identifier: str | None) -> bytes:
    """Our MsgId (sepaxml draws its own when the document is created), and the employer's
    identifier under the initiating party and each debtor (after ``Nm``; sepaxml writes names only)."""
    root = etree.fromstring(xml, etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=True))
    root.find(f"{{{NS}}}CstmrCdtTrfInitn/{{{NS}}}GrpHdr/{{{NS}}}MsgId").text = msg_id
    for party in root.iter(f"{{{NS}}}InitgPty", f"{{{NS}}}Dbtr") if identifier else ():
        node = etree.Element(f"{{{NS}}}Id")
        etree.SubElement(etree.SubElement(etree.SubElement(node, f"{{{NS}}}OrgId"), f"{{{NS}}}Othr"),
                         f"{{{NS}}}Id").text = identifier[:35]
        names = [child for child in party if child.tag in (f"{{{NS}}}Nm", f"{{{NS}}}PstlAdr")]
        party.insert(party.index(names[-1]) + 1 if names else 0, node)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def build_document(session: Session, msg_id: str, transfers: list[Transfer], execution_date: date,
                   label: str, *, validate: bool = True) -> bytes:
    """pain.001.001.03 with one credit transfer each (amounts in cents), MsgId ``msg_id``."""
    payer = debtor(session)
    sepa = SepaTransfer({"name": payer.name, "IBAN": payer.iban, "BIC": payer.bic, "batch": True,
                         "currency": "EUR"}, schema=SEPA_SCHEMA, clean=True)
    with _gc_paused():
        for transfer in transfers:
            payment = {"name": transfer.name, "IBAN": transfer.iban, "amount": transfer.cents,
                       "execution_date": execution_date, "description": label,
                       "endtoend_id": transfer.end_to_end_id}
            if transfer.bic:
                payment["BIC"] = transfer.bic
            sepa.add_payment(payment)
        xml = _finish(sepa.export(validate=False), msg_id, payer.identifier)
    if validate:
        check_sepa(xml)
    return xml
