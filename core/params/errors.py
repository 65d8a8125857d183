"""Errors raised by the parameter loader and resolver."""
from __future__ import annotations


class ParameterError(ValueError):
    """Bad parameter data: the message names the file and the parameter."""


class ParameterNotDefined(ParameterError, LookupError):
    """A parameter has no value for the requested name or date."""
