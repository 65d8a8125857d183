"""The French country plugin object."""
from __future__ import annotations

from pathlib import Path

from partage.core.plugins import PluginParameters
from partage.plugins.fr.billing import FrenchBilling
from partage.plugins.fr.declarations import FrenchDeclarations
from partage.plugins.fr.identifiers import FrenchIdentifiers
from partage.plugins.fr.payroll import FrenchPayroll


class FrancePlugin:
    """France: identifiers and dated legal parameters (payroll is added by its own module)."""

    code = "fr"
    name = "France"
    locales: tuple[str, ...] = ("fr", "en")
    payroll = FrenchPayroll()

    def __init__(self) -> None:
        self.identifiers = FrenchIdentifiers()
        self.parameters = PluginParameters(Path(__file__).parent / "parameters")
        self.billing = FrenchBilling(self.parameters)
        self.declarations = FrenchDeclarations(self.parameters)

    def __repr__(self) -> str:
        return "<FrancePlugin code='fr'>"
