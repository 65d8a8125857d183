"""Dated law parameters (OpenFisca YAML format) with exact ``Decimal`` values.

Usage::

    tree = load_parameters(Path("plugins/be/parameters"))
    tree.at("social_security.employee.rate", date(2025, 1, 1))  # -> Decimal
    snap = tree.at_date(date(2025, 1, 1))                       # batch snapshot
    snap["social_security.employee.rate"]; snap.scale("tax.base_scale")
"""
from partage.core.params.errors import ParameterError, ParameterNotDefined
from partage.core.params.model import Override, Parameter, Resolved
from partage.core.params.scale import Bracket, Brackets, Scale
from partage.core.params.tree import ParameterTree, ParametersAt, clear_cache, load_parameters

__all__ = [
    "load_parameters", "clear_cache", "ParameterTree", "Parameter", "Scale", "Brackets", "Bracket",
    "Resolved", "ParametersAt", "Override", "ParameterError", "ParameterNotDefined",
]
