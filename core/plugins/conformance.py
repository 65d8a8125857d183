"""Conformance kit for country plugins: checks any plugin, ours or a third party's.

A plugin author runs it from their own test suite::

    from partage.core.plugins.conformance import check_plugin
    def test_conformance():
        assert check_plugin(my_plugin) == []

Each check returns human-readable problems; an empty list means the plugin conforms.
"""
from __future__ import annotations

from datetime import date
from typing import Callable

from partage.core.plugins.contract import capabilities, incomplete_capabilities

PROBE_DATE = date(2025, 1, 1)


def check_identity(plugin) -> list[str]:
    problems = []
    code = getattr(plugin, "code", None)
    if not (isinstance(code, str) and len(code) == 2 and code.isalpha() and code.islower()):
        problems.append(f"code {code!r} is not a lowercase ISO 3166 alpha-2 code")
    if not getattr(plugin, "name", None):
        problems.append("name is empty")
    locales = getattr(plugin, "locales", ())
    if not locales or not all(isinstance(x, str) and len(x) == 2 for x in locales):
        problems.append(f"locales {locales!r} must be two-letter language codes")
    return problems


def check_capabilities(plugin) -> list[str]:
    problems = [f"{attr} lacks {', '.join(missing)}"
                for attr, missing in incomplete_capabilities(plugin).items()]
    if not capabilities(plugin):
        problems.append("the plugin offers no capability")
    return problems


def check_identifiers(plugin) -> list[str]:
    rules = getattr(plugin, "identifiers", None)
    if rules is None:
        return []
    problems = []
    for role in ("person_kind", "company_kind", "vat_kind"):
        kind = getattr(rules, role, None)
        if kind not in rules.kinds:
            problems.append(f"identifiers.{role} = {kind!r} is not one of kinds {rules.kinds}")
    for kind in rules.kinds:
        try:
            rules.validate(kind, "not-a-number")
            problems.append(f"identifiers.validate({kind!r}) accepted 'not-a-number'")
        except ValueError:
            pass
    return problems


def check_parameters(plugin) -> list[str]:
    source = getattr(plugin, "parameters", None)
    if source is None:
        return []
    from partage.core.params import ParameterError

    try:
        tree = source.tree()
    except ParameterError as exc:
        return [f"parameters do not load: {exc}"]
    return [] if tree.names() else [f"no parameter under {source.path}"]


def check_payroll(plugin) -> list[str]:
    payroll = getattr(plugin, "payroll", None)
    if payroll is None:
        return []
    import click

    command = payroll.simulate_command()
    if not isinstance(command, click.Command):
        return ["payroll.simulate_command() must return a click.Command"]
    return [] if payroll.compute_batch([], None) == [] else ["compute_batch([]) must return []"]


CHECKS: tuple[Callable[[object], list[str]], ...] = (
    check_identity, check_capabilities, check_identifiers, check_parameters, check_payroll)


def check_plugin(plugin) -> list[str]:
    """Every problem found in ``plugin`` (empty when it conforms)."""
    return [problem for check in CHECKS for problem in check(plugin)]
