"""Country plugins: the typed contract, discovery through entry points, shared helpers."""
from partage.core.plugins.contract import (
    CAPABILITIES,
    BillingRules,
    CountryPlugin,
    DeclarationRules,
    IdentifierRules,
    ParameterSource,
    PayrollRules,
    capabilities,
    incomplete_capabilities,
)
from partage.core.plugins.errors import InvalidIdentifier, PluginError, UnknownCountry
from partage.core.plugins.identifiers import IdentifierTable, strip_separators
from partage.core.plugins.parameters import PluginParameters
from partage.core.plugins.registry import GROUP, PluginInfo, PluginRegistry, load_registry, registry

__all__ = [
    "CAPABILITIES",
    "GROUP",
    "BillingRules",
    "CountryPlugin",
    "DeclarationRules",
    "IdentifierRules",
    "IdentifierTable",
    "InvalidIdentifier",
    "ParameterSource",
    "PayrollRules",
    "PluginError",
    "PluginInfo",
    "PluginParameters",
    "PluginRegistry",
    "UnknownCountry",
    "capabilities",
    "incomplete_capabilities",
    "load_registry",
    "registry",
    "strip_separators",
]
