"""The Belgian country plugin object."""
from __future__ import annotations

from pathlib import Path

from partage.core.plugins import PluginParameters
from partage.plugins.be.billing import BelgianBilling
from partage.plugins.be.declarations import BelgianDeclarations
from partage.plugins.be.identifiers import BelgianIdentifiers
from partage.plugins.be.payroll import BelgianPayroll


class BelgiumPlugin:
    """Belgium: identifiers and dated legal parameters (payroll is added by its own module)."""

    code = "be"
    name = "Belgium"
    locales: tuple[str, ...] = ("fr", "nl", "en")
    payroll = BelgianPayroll()

    def __init__(self) -> None:
        self.identifiers = BelgianIdentifiers()
        self.parameters = PluginParameters(Path(__file__).parent / "parameters")
        self.billing = BelgianBilling(self.parameters)
        self.declarations = BelgianDeclarations(self.parameters)

    def __repr__(self) -> str:
        return "<BelgiumPlugin code='be'>"
