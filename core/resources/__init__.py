"""Official artefacts shipped inside the package (schemas, rule sets), found with ``importlib.resources``.

A country plugin keeps its own under ``plugins/<cc>/resources/<set>/``, cross-country ones live here
(``core/resources/<set>/``); each set has a ``PROVENANCE.md`` (publisher, version, source, licence).
Set and folder names carry no dot (setuptools leaves such folders out of the wheel).
Each ``resources`` package exposes ``RESOURCES = Resources(__name__)``, and code asks it for a file::

    RESOURCES.path("ubl21", "maindoc/UBL-Invoice-2.1.xsd")

Nothing here reads an environment variable or a folder outside the installed package.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path


class ResourceMissing(RuntimeError):
    """A packaged artefact is absent: the installation is incomplete (reinstall the package)."""


class Resources:
    """The artefact sets of one ``resources`` package."""

    def __init__(self, package: str) -> None:
        self.package = package

    def root(self) -> Path:
        # A wheel installs as plain files, so the package folder is a real path; a zipped import
        # would not let an XSD resolve its relative imports, and is refused here.
        return Path(str(files(self.package)))

    def folder(self, name: str) -> Path:
        """The folder of one artefact set."""
        folder = self.root() / name
        if not folder.is_dir():
            raise ResourceMissing(f"packaged artefact set {name!r} not found in {self.root()} "
                                  "(an incomplete installation: reinstall partage)")
        return folder

    def path(self, name: str, relative: str) -> Path:
        """A file of one artefact set, e.g. ``path("peppol-bis3", "PEPPOL-EN16931-UBL.sch")``."""
        path = self.folder(name) / relative
        if not path.is_file():
            raise ResourceMissing(f"packaged artefact {name}/{relative} not found in {self.root()} "
                                  "(an incomplete installation: reinstall partage)")
        return path

    def sets(self) -> list[str]:
        """The artefact sets present (folders holding a PROVENANCE.md)."""
        return sorted(p.name for p in self.root().iterdir() if (p / "PROVENANCE.md").is_file())


RESOURCES = Resources(__name__)

__all__ = ["RESOURCES", "ResourceMissing", "Resources"]
