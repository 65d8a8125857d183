"""Validating one e-invoice once the stylesheets are compiled (target: well under a second)."""
from __future__ import annotations

import pytest

from partage.core.einvoice import validate


@pytest.fixture(scope="module")
def shared():
    from tests.corpora import corpus

    return corpus("einvoice")


@pytest.mark.parametrize("example, peppol", [
    ("peppol/examples/base-example.xml", True),        # XSD + EN 16931 + Peppol + bundled CEN
    ("en16931/ubl/examples/ubl-tc434-example1.xml", False),
    ("en16931/cii/examples/CII_example1.xml", False),
])
def test_validate_one_invoice(benchmark, shared, example, peppol):
    xml = (shared / example).read_bytes()
    validate(xml, peppol=peppol)                       # compile (or load from cache) outside the timing
    report = benchmark(validate, xml, peppol=peppol)
    assert report.valid
