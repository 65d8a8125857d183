"""Where the official artifacts live (the shared folder) and where compiled stylesheets are cached."""
from __future__ import annotations

import os
from pathlib import Path

ENV_DIR = "PARTAGE_EINVOICE_DIR"
ENV_CACHE = "PARTAGE_EINVOICE_CACHE"
REPO = Path(__file__).resolve().parents[2]


class ArtifactsMissing(RuntimeError):
    """The official validation artifacts (XSDs, Schematron) cannot be found."""


def shared_dir() -> Path:
    """The e-invoice artifacts folder: $PARTAGE_EINVOICE_DIR, else <repo>/../shared/einvoice."""
    configured = os.environ.get(ENV_DIR)
    folder = Path(configured) if configured else REPO.parent / "shared" / "einvoice"
    if not (folder / "en16931").is_dir():
        raise ArtifactsMissing(
            f"e-invoice validation artifacts not found in {folder}: set {ENV_DIR} to the folder "
            "holding en16931/, peppol/ and ubl21-xsd/")
    return folder


def artifact(relative: str) -> Path:
    """A file under the shared folder; raises ArtifactsMissing naming it if absent."""
    path = shared_dir() / relative
    if not path.exists():
        raise ArtifactsMissing(f"missing e-invoice artifact {path} (check {ENV_DIR})")
    return path


def cache_dir() -> Path:
    """Compiled stylesheets: $PARTAGE_EINVOICE_CACHE, else $PARTAGE_VAR_DIR/cache/einvoice, else <repo>/var/..."""
    if os.environ.get(ENV_CACHE):
        return Path(os.environ[ENV_CACHE])
    var_dir = Path(os.environ.get("PARTAGE_VAR_DIR") or REPO / "var")
    return var_dir / "cache" / "einvoice"


UBL_EN16931 = "en16931/ubl/schematron/preprocessed/EN16931-UBL-validation-preprocessed.sch"
CII_EN16931 = "en16931/cii/schematron/preprocessed/EN16931-CII-validation-preprocessed.sch"
UBL_PEPPOL = ("peppol/sch/PEPPOL-EN16931-UBL.sch", "peppol/sch/CEN-EN16931-UBL.sch")
CII_PEPPOL = ("peppol/sch/PEPPOL-EN16931-CII.sch", "peppol/sch/CEN-EN16931-CII.sch")
UBL_INVOICE_XSD = "ubl21-xsd/maindoc/UBL-Invoice-2.1.xsd"
UBL_CREDITNOTE_XSD = "ubl21-xsd/maindoc/UBL-CreditNote-2.1.xsd"
CII_XSD = "en16931/cii/schema/D16B SCRDM (Subset)/uncoupled clm/CII/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd"
