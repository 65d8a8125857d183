"""The library call: input handling, refusals, the stylesheet cache, rules that raise at run time."""
from __future__ import annotations

import pytest

from partage.core.einvoice import ArtifactsMissing, ProcessingError, engine, paths, validate
from partage.core.resources import RESOURCES
from tests.einvoice.official import file_cases


@pytest.mark.parametrize("xml, error", [
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
     b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&e;</Invoice>', "DOCTYPE"),
    (b"<Order xmlns='urn:oasis:names:specification:ubl:schema:xsd:Order-2'/>", "unsupported document"),
    (b"<Invoice", "not well-formed"),
])
def test_bad_input_is_refused(xml, error):
    with pytest.raises(ProcessingError, match=error):
        validate(xml)


def test_xml_text_and_path_are_accepted(shared, compiled):
    path = shared / "en16931/ubl/examples/ubl-tc434-creditnote1.xml"
    assert validate(path).valid and validate(str(path)).valid
    assert validate(path.read_text(encoding="utf-8")).document == "CreditNote"


def test_every_artefact_the_validator_reads_is_packaged_with_its_provenance():
    """Nothing outside the installed package: each XSD and Schematron file resolves inside
    core/resources, in a set that says where it came from."""
    for relative in (paths.UBL_EN16931, paths.CII_EN16931, *paths.UBL_PEPPOL, *paths.CII_PEPPOL,
                     paths.UBL_INVOICE_XSD, paths.UBL_CREDITNOTE_XSD, paths.CII_XSD):
        path = paths.artifact(relative)
        assert RESOURCES.root() in path.parents
        assert (RESOURCES.root() / relative.split("/")[0] / "PROVENANCE.md").is_file()


def test_a_missing_artefact_is_named(monkeypatch):
    with pytest.raises(ArtifactsMissing, match="peppol-bis3/absent.sch"):
        paths.artifact("peppol-bis3/absent.sch")


def test_compiled_stylesheets_are_cached_on_disk(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.ENV_CACHE, str(tmp_path))
    sch = paths.artifact(paths.UBL_PEPPOL[0])
    text = engine.stylesheet_text(sch)
    (cached,) = tmp_path.glob("PEPPOL-EN16931-UBL-*.xsl")
    assert cached.read_text(encoding="utf-8") == text
    cached.write_text(text.replace("PEPPOL-EN16931-R001", "FROM-CACHE"), encoding="utf-8")
    assert "FROM-CACHE" in engine.stylesheet_text(sch)


def test_rules_raising_on_a_document_are_a_fatal_finding_of_that_layer_only(shared, compiled):
    """Official Peppol DK case: two buyers make a bundled CEN rule raise (normalize-space of 2 items)."""
    (case, *_rest) = file_cases(shared, shared / "peppol/unit-CII-DK/DK_Validation_DKR011_CII.xml")
    report = validate(case.document, peppol=True)
    assert report.rule_ids("peppol-cen") == {"RULES-RUNTIME-ERROR"}
    assert "DK-R-011" not in report.rule_ids("peppol")      # the case's expectation: success DK-R-011
    assert "RULES-RUNTIME-ERROR" not in report.rule_ids("peppol")
