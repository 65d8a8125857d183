"""The official valid examples pass every layer that applies to them."""
from __future__ import annotations

import pytest

from partage.core.einvoice import validate
from tests.corpora import absent_reason, require_at_collection


def _examples() -> list:
    root = require_at_collection("einvoice")
    if root is None:
        return []
    en = [(p, False) for folder in ("en16931/ubl/examples", "en16931/cii/examples", "en16931/test/testfiles")
          for p in sorted((root / folder).iterdir()) if p.suffix.lower() == ".xml"]
    peppol = [(p, True) for p in sorted((root / "peppol/examples").glob("*.xml"))]
    national = [(p, True) for p in sorted((root / "peppol/national-examples").rglob("*.xml"))]
    return [pytest.param(p, pep, id=f"{p.parent.name}/{p.name}{' +peppol' if pep else ''}",
                         marks=_known_defect(p.name)) for p, pep in en + peppol + national]


# Official examples that do not pass the official rules themselves (checked by hand, see docs/einvoice.md).
KNOWN_DEFECTS = {
    "GR-base-example-correct.xml": "UBL 2.1 XSD: cac:AdditionalDocumentReference comes after "
                                   "cac:AccountingSupplierParty (wrong element order)",
    "GR-base-example-TaxRepresentative.xml": "same XSD element-order error, and no seller name (BR-06)",
}


def _known_defect(name: str) -> tuple:
    reason = KNOWN_DEFECTS.get(name)
    return (pytest.mark.xfail(reason=reason, strict=True),) if reason else ()


EXAMPLES = _examples()


@pytest.mark.skipif(not EXAMPLES, reason=absent_reason("einvoice"))
@pytest.mark.parametrize("path, peppol", EXAMPLES)
def test_official_example_is_valid(path, peppol, compiled):
    report = validate(path, peppol=peppol)
    assert [layer.name for layer in report.layers][:2] == ["xsd", "en16931"]
    assert report.valid, [(f.rule_id, f.message, f.location) for f in report.fatal]


def test_peppol_layers_include_the_bundled_cen_rules(shared, compiled):
    report = validate(shared / "peppol/examples/base-creditnote-correction.xml", peppol=True)
    assert report.document == "CreditNote"
    assert [(layer.name, layer.source) for layer in report.layers] == [
        ("xsd", "UBL-CreditNote-2.1.xsd"), ("en16931", "EN16931-UBL-validation-preprocessed.sch"),
        ("peppol", "PEPPOL-EN16931-UBL.sch"), ("peppol-cen", "CEN-EN16931-UBL.sch")]
