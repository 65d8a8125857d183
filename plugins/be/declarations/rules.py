"""`BelgianDeclarations`: the `declarations` capability of the Belgian plugin."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, Mapping

from partage.core.declarations import DeclarationType, Period
from partage.core.declarations.types import Source
from partage.core.declarations.calendar import deadline, rule_from_parameters
from partage.core.plugins import PluginParameters
from partage.plugins.be.declarations.belcotax import BelcotaxDeclaration
from partage.plugins.be.declarations.dimona import DimonaDeclaration
from partage.plugins.be.declarations.dmfa import DmfaDeclaration
from partage.plugins.be.declarations.vat import VatReturnDeclaration

PARAMETERS = Path(__file__).resolve().parent.parent / "parameters"


class BelgianDeclarations:
    """DIMONA (event), DmfA (quarterly), the VAT return (monthly or quarterly), Belcotax 281.10 (yearly)."""

    declaration_types: tuple[str, ...] = ("dimona", "dmfa", "vat", "belcotax")

    def __init__(self, parameters: PluginParameters | None = None) -> None:
        self.parameters = parameters or PluginParameters(PARAMETERS)
        self._types: dict[str, DeclarationType] | None = None

    def types(self) -> dict[str, DeclarationType]:
        """The declaration types, built on first use (the parameter tree loads then, not at import)."""
        if self._types is None:
            tree = self.parameters.tree()
            self._types = {"dimona": DimonaDeclaration(tree), "dmfa": DmfaDeclaration(tree),
                           "vat": VatReturnDeclaration(tree), "belcotax": BelcotaxDeclaration(tree)}
        return self._types

    def generator(self, declaration_type: str) -> DeclarationType:
        try:
            return self.types()[declaration_type]
        except KeyError:
            raise KeyError(f"unknown Belgian declaration {declaration_type!r} "
                           f"(known: {', '.join(self.declaration_types)})") from None

    def deadline(self, declaration_type: str, period: Period, options: Mapping[str, Any] | None = None) -> date | None:
        """Due date of a periodic declaration; None for DIMONA (an event: before work starts) and
        Belcotax (deadline not yet verified, see docs/declarations.md)."""
        self.generator(declaration_type)
        if declaration_type in ("dimona", "belcotax"):
            return None
        key = "dmfa" if declaration_type == "dmfa" else f"vat_{'monthly' if period.kind == 'month' else 'quarterly'}"
        rule = rule_from_parameters(self.parameters.tree(), f"declarations.deadlines.{key}", period.end)
        return deadline(rule, period)

    def source(self, session: Any, tenant: Any, declaration_type: str, period: Period, at: datetime,
               subject: str = "") -> Source:
        """The generator input built from the stored rows (`plugins.be.declarations.sources`)."""
        from partage.plugins.be.declarations import sources  # the rows' models load only when used

        return sources.build(session, tenant, declaration_type, period, at, subject)
