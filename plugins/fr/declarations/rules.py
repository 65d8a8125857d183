"""`FrenchDeclarations`: the `declarations` capability of the French plugin."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Mapping

from partage.core.declarations import DeclarationType, Period
from partage.core.declarations.types import Source
from partage.core.declarations.calendar import deadline, rule_from_parameters
from partage.core.plugins import PluginParameters
from partage.plugins.fr.declarations.ca3 import Ca3Declaration
from partage.plugins.fr.declarations.dpae import DpaeDeclaration
from partage.plugins.fr.declarations.dsn import DsnDeclaration
from partage.plugins.fr.declarations.holidays import holidays_from

PARAMETERS = Path(__file__).resolve().parent.parent / "parameters"


class FrenchDeclarations:
    """Monthly DSN, DPAE (event) and the CA3 VAT return."""

    declaration_types: tuple[str, ...] = ("dsn", "dpae", "ca3")

    def __init__(self, parameters: PluginParameters | None = None) -> None:
        self.parameters = parameters or PluginParameters(PARAMETERS)
        self._types: dict[str, DeclarationType] | None = None
        self._holidays: Callable[[int], frozenset[date]] | None = None

    def holidays(self, year: int) -> frozenset[date]:
        """French public holidays of ``year`` (dated YAML)."""
        if self._holidays is None:
            self._holidays = holidays_from(self.parameters.tree())
        return self._holidays(year)

    def types(self) -> dict[str, DeclarationType]:
        """The declaration types, built on first use (the parameter tree loads then, not at import)."""
        if self._types is None:
            tree = self.parameters.tree()
            self._types = {"dsn": DsnDeclaration(tree), "dpae": DpaeDeclaration(tree), "ca3": Ca3Declaration(tree)}
        return self._types

    def generator(self, declaration_type: str) -> DeclarationType:
        try:
            return self.types()[declaration_type]
        except KeyError:
            raise KeyError(f"unknown French declaration {declaration_type!r} "
                           f"(known: {', '.join(self.declaration_types)})") from None

    def deadline(self, declaration_type: str, period: Period, options: Mapping[str, Any] | None = None) -> date | None:
        """DSN: the 5th (``options['headcount']`` at or above the threshold) or the 15th of M+1, moved to
        the next working day. DPAE is an event (before the hiring); CA3 has no calendar yet (None)."""
        self.generator(declaration_type)
        if declaration_type != "dsn":
            return None
        tree = self.parameters.tree()
        threshold = tree.at("declarations.deadlines.dsn_headcount_threshold", period.end)
        headcount = (options or {}).get("headcount")
        if headcount is None:
            raise ValueError("the DSN deadline depends on the employer's headcount: pass options={'headcount': n}")
        key = "dsn_large" if headcount >= threshold else "dsn_small"
        return deadline(rule_from_parameters(tree, f"declarations.deadlines.{key}", period.end), period, self.holidays)

    def source(self, session: Any, tenant: Any, declaration_type: str, period: Period, at: datetime,
               subject: str = "") -> Source:
        """The generator input built from the stored rows (`plugins.fr.declarations.sources`)."""
        from partage.plugins.fr.declarations import sources  # the rows' models load only when used

        return sources.build(session, tenant, declaration_type, period, at, subject)
