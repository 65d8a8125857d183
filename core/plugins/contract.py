"""The typed contract a country plugin implements.

A plugin is one object with `code`, `name` and `locales`; each capability is an
attribute of that object (`identifiers`, `parameters`, `billing`, `payroll`,
`declarations`) satisfying the protocol of the same name below. A plugin offers
any subset of capabilities, but at least one.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Protocol, Sequence, runtime_checkable

if TYPE_CHECKING:  # pragma: no cover - typing only, keeps core import-light
    import click

    from partage.core.params import ParameterTree
    from partage.core.payroll.types import Payslip


@runtime_checkable
class CountryPlugin(Protocol):
    """Identity of a country plugin."""

    code: str  # lowercase ISO 3166-1 alpha-2, equal to the entry point name
    name: str  # English country name
    locales: tuple[str, ...]  # UI/document locales, preferred first


@runtime_checkable
class IdentifierRules(Protocol):
    """Validation of national identifiers (attribute `identifiers`)."""

    kinds: tuple[str, ...]
    person_kind: str  # national number of a natural person
    company_kind: str  # company registration number
    vat_kind: str  # VAT number

    def validate(self, kind: str, value: str) -> str:
        """Return the compact form of `value` or raise `InvalidIdentifier`."""
        ...


@runtime_checkable
class ParameterSource(Protocol):
    """Dated legal parameters in YAML (attribute `parameters`)."""

    path: Path

    def tree(self) -> "ParameterTree":
        """Load (once) and return the parameter tree under `path`."""
        ...


@runtime_checkable
class BillingRules(Protocol):
    """Invoicing rules (attribute `billing`); `core.billing.rules.ParameterBillingRules` is a base.

    A VAT code (`standard`, `reduced`, `reverse_charge`, `franchise`...) is what an invoice line
    carries; the plugin maps it to a rate (dated YAML) and an EN 16931 category (UNCL5305).
    """

    einvoice_format: str  # e.g. "peppol-bis-3" (UBL) or "factur-x" (CII)

    def vat_rates(self, on: date) -> Mapping[str, Decimal]:
        """VAT rates (fractions) by code in force on the given date."""
        ...

    def vat_category(self, code: str) -> str:
        """EN 16931 VAT category code (S, Z, E, AE, K, G, O) of a VAT code."""
        ...

    def mentions(self, context: Any) -> list[str]:
        """Legal mentions for a document (`context`: `core.billing.rules.MentionContext`)."""
        ...

    def payment_reference(self, fiscal_year: int, sequence: int) -> str | None:
        """The payment reference of an invoice (BE: structured communication), or None."""
        ...

    def parse_payment_reference(self, text: str) -> str | None:
        """The canonical payment reference found in a bank communication, or None."""
        ...

    def business_client_identifiers(self, country: str) -> tuple[str, ...]:
        """Client fields (`company_number`, `vat_number`) a business client in `country` needs."""
        ...


@runtime_checkable
class PayrollRules(Protocol):
    """Payslip computation (attribute `payroll`)."""

    def compute_batch(self, inputs: Sequence[Any], params: Any) -> list["Payslip"]:
        """Compute one payslip per input with parameters resolved once per batch."""
        ...

    def input_from(self, facts: Any) -> Any:
        """The country's payslip input for `core.payroll.facts.PayFacts` (raises a `ValueError`
        subclass with a `field` attribute on bad facts)."""
        ...

    def simulate_command(self) -> "click.Command":
        """A CLI command simulating one payslip for this country."""
        ...

    # Optional, for bulk runs (`core.payroll.chunks` uses them when present):
    #   inputs_from(facts: Sequence[PayFacts]) -> list[input | ValueError]: `input_from` of many
    #       performances at once (e.g. validated once per worker situation, `core.payroll.facts`);
    #   compute_columns(inputs, params) -> `core.payroll.columns.PayslipColumns`: the payslips of
    #       `compute_batch`, to the cent, as columns of integer cents.


@runtime_checkable
class DeclarationRules(Protocol):
    """Social and tax declarations (attribute `declarations`); see `core.declarations`."""

    declaration_types: tuple[str, ...]  # e.g. ("dimona", "dmfa", "vat")

    def generator(self, declaration_type: str) -> Any:
        """The `core.declarations.DeclarationType` (pure `generate`, schema `check`) of a type."""
        ...

    def deadline(self, declaration_type: str, period: Any, options: Mapping[str, Any] | None = None) -> date | None:
        """Due date of the declaration for a `core.declarations.Period`; None for event declarations."""
        ...

    def source(self, session: Any, tenant: Any, declaration_type: str, period: Any, at: datetime,
               subject: str = "") -> Any:
        """The `core.declarations.types.Source` (generator input and reconciler) of a declaration,
        built from the stored rows a tenant-bound ``session`` reads; raises `InvalidDeclarationInput`
        naming every missing field. ``subject`` names the event an event declaration is about."""
        ...


CAPABILITIES: Mapping[str, type] = {
    "identifiers": IdentifierRules,
    "parameters": ParameterSource,
    "billing": BillingRules,
    "payroll": PayrollRules,
    "declarations": DeclarationRules,
}


def capabilities(plugin: object) -> tuple[str, ...]:
    """Names of the capability attributes of `plugin` that satisfy their protocol."""
    found = []
    for attr, protocol in CAPABILITIES.items():
        value = getattr(plugin, attr, None)
        if value is not None and isinstance(value, protocol):
            found.append(attr)
    return tuple(found)


def protocol_members(protocol: type) -> tuple[str, ...]:
    """Attribute and method names a capability protocol requires."""
    names = set(getattr(protocol, "__annotations__", {}))
    names |= {n for n, v in vars(protocol).items() if callable(v) and not n.startswith("_")}
    return tuple(sorted(names))


def incomplete_capabilities(plugin: object) -> dict[str, tuple[str, ...]]:
    """Capability attributes present on `plugin` but missing members: {attr: missing}."""
    found = {}
    for attr, protocol in CAPABILITIES.items():
        value = getattr(plugin, attr, None)
        if value is None or isinstance(value, protocol):
            continue
        found[attr] = tuple(m for m in protocol_members(protocol) if not hasattr(value, m))
    return found
