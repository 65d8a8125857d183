"""The official artefacts ship inside the package, each set with its provenance, and are the
published files unchanged (compared with the stored official copies when ../shared is there)."""
from __future__ import annotations

import re

import pytest

from partage.core.resources import RESOURCES as CORE, ResourceMissing
from partage.plugins.be.resources import RESOURCES as BE
from tests.corpora import corpus

FIELDS = ("publisher", "version", "source", "licence")
SETS = [(CORE, name) for name in ("ubl21", "cii-d16b", "en16931", "peppol-bis3")] + \
       [(BE, name) for name in ("onss-dimona", "onss-dmfa")]


@pytest.mark.parametrize("resources, name", SETS, ids=[name for _, name in SETS])
def test_each_set_says_who_published_it_which_version_where_from_and_under_what_licence(resources, name):
    text = (resources.folder(name) / "PROVENANCE.md").read_text(encoding="utf-8")
    for field in FIELDS:
        row = re.search(rf"^\| {field} \| (.+) \|$", text, re.MULTILINE)
        assert row and row.group(1).strip(), f"{name}/PROVENANCE.md: no {field}"
    assert name in resources.sets()


# packaged file -> the stored official copy it must equal (relative to ../shared)
COPIES = {
    ("onss-dimona", "Dimona_20231.xsd"): "schemas/be/Dimona_20231.xsd",
    ("onss-dmfa", "DmfAOriginal_20223.xsd"): "schemas/be/DmfAOriginal_20223.xsd",
    ("en16931", "ubl/EN16931-UBL-validation-preprocessed.sch"):
        "einvoice/en16931/ubl/schematron/preprocessed/EN16931-UBL-validation-preprocessed.sch",
    ("en16931", "cii/EN16931-CII-validation-preprocessed.sch"):
        "einvoice/en16931/cii/schematron/preprocessed/EN16931-CII-validation-preprocessed.sch",
    ("peppol-bis3", "PEPPOL-EN16931-UBL.sch"): "einvoice/peppol/sch/PEPPOL-EN16931-UBL.sch",
    ("peppol-bis3", "CEN-EN16931-CII.sch"): "einvoice/peppol/sch/CEN-EN16931-CII.sch",
    ("ubl21", "maindoc/UBL-Invoice-2.1.xsd"): "einvoice/ubl21-xsd/maindoc/UBL-Invoice-2.1.xsd",
    ("cii-d16b", "uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd"):
        "einvoice/en16931/cii/schema/D16B SCRDM (Subset)/uncoupled clm/CII/uncefact/data/standard/"
        "CrossIndustryInvoice_100pD16B.xsd",
}


@pytest.mark.parametrize("packaged, stored", COPIES.items(), ids=[k[1] for k in COPIES])
def test_packaged_files_are_the_official_ones_unchanged(packaged, stored):
    name, relative = packaged
    resources = BE if name.startswith("onss-") else CORE
    official = corpus(*stored.split("/"))
    assert resources.path(name, relative).read_bytes() == official.read_bytes()


def test_an_absent_artefact_is_named_not_a_traceback():
    with pytest.raises(ResourceMissing, match="onss-dmfa/DmfA-1999.xsd"):
        BE.path("onss-dmfa", "DmfA-1999.xsd")
    with pytest.raises(ResourceMissing, match="'belcotax-1990'"):
        BE.folder("belcotax-1990")
