"""Where the official artefacts are (packaged under ``core/resources``, see its PROVENANCE.md files)
and where compiled stylesheets are cached."""
from __future__ import annotations

import os
from pathlib import Path

from partage.core.resources import RESOURCES, ResourceMissing

ENV_CACHE = "PARTAGE_EINVOICE_CACHE"


class ArtifactsMissing(ResourceMissing):
    """The official validation artefacts (XSDs, Schematron) are not installed."""


def artifact(relative: str) -> Path:
    """A packaged artefact, ``<set>/<path>`` (e.g. ``peppol-bis3/PEPPOL-EN16931-UBL.sch``)."""
    name, _, rest = relative.partition("/")
    try:
        return RESOURCES.path(name, rest)
    except ResourceMissing as exc:
        raise ArtifactsMissing(str(exc)) from None


def cache_dir() -> Path:
    """Compiled stylesheets: $PARTAGE_EINVOICE_CACHE, else <var dir>/cache/einvoice (var dir:
    $PARTAGE_VAR_DIR, default ./var, as the settings)."""
    if os.environ.get(ENV_CACHE):
        return Path(os.environ[ENV_CACHE])
    return Path(os.environ.get("PARTAGE_VAR_DIR") or "var") / "cache" / "einvoice"


UBL_EN16931 = "en16931/ubl/EN16931-UBL-validation-preprocessed.sch"
CII_EN16931 = "en16931/cii/EN16931-CII-validation-preprocessed.sch"
UBL_PEPPOL = ("peppol-bis3/PEPPOL-EN16931-UBL.sch", "peppol-bis3/CEN-EN16931-UBL.sch")
CII_PEPPOL = ("peppol-bis3/PEPPOL-EN16931-CII.sch", "peppol-bis3/CEN-EN16931-CII.sch")
UBL_INVOICE_XSD = "ubl21/maindoc/UBL-Invoice-2.1.xsd"
UBL_CREDITNOTE_XSD = "ubl21/maindoc/UBL-CreditNote-2.1.xsd"
CII_XSD = "cii-d16b/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd"
