"""BE and FR identifier checks against the examples published in /work/shared/reference.

Valid values: belgium.md 2.5 and france.md 10.2 (and the stdnum doctests they cite).
Invalid values: the published invalid examples, plus a valid example with one digit changed.
"""
from __future__ import annotations

import pytest

from partage.core.plugins import IdentifierRules, InvalidIdentifier
from partage.plugins.be import plugin as be
from partage.plugins.fr import plugin as fr

VALID = [
    (be, "niss", "85073003328", "85073003328"),
    (be, "niss", "85.07.30-033.28", "85073003328"),
    (be, "niss", "17073003384", "17073003384"),
    (be, "bis", "98472899765", "98472899765"),
    (be, "bis", "01 49 07 001 85", "01490700185"),
    (be, "kbo", "0403019261", "0403019261"),
    (be, "kbo", "0428.759.497", "0428759497"),
    (be, "kbo", "403019261", "0403019261"),  # old 9-digit number gets a leading 0
    (be, "vat", "BE 0403.019.261", "BE0403019261"),
    (be, "vat", "be0428759497", "BE0428759497"),
    (fr, "siren", "732 829 320", "732829320"),
    (fr, "siret", "732-829-320-00074", "73282932000074"),
    (fr, "siret", "35600000000048", "35600000000048"),  # La Poste exception
    (fr, "vat", "FR 40 303 265 045", "FR40303265045"),
    (fr, "nir", "1 86 08 75 123 456 72", "186087512345672"),
]

INVALID = [
    (be, "niss", "12345678901"),  # published invalid
    (be, "niss", "85073003318"),
    (be, "niss", "17073003385"),
    (be, "bis", "98472899766"),
    (be, "bis", "01490700186"),
    (be, "bis", "85073003328"),  # a valid NISS is not a BIS number
    (be, "kbo", "0431150351"),  # published invalid
    (be, "kbo", "0403019262"),
    (be, "vat", "BE0428759597"),
    (be, "vat", "NL0403019261"),
    (fr, "siren", "123456789"),  # published invalid
    (fr, "siren", "732829321"),
    (fr, "siret", "73282932000075"),
    (fr, "siret", "35600000000049"),
    (fr, "vat", "FR41303265045"),
    (fr, "nir", "186087512345673"),
    (fr, "nir", "186087512345772"),
]


@pytest.mark.parametrize("plugin, kind, value, compact", VALID)
def test_valid_identifiers_are_compacted(plugin, kind, value, compact) -> None:
    assert plugin.identifiers.validate(kind, value) == compact


@pytest.mark.parametrize("plugin, kind, value", INVALID)
def test_invalid_identifiers_raise(plugin, kind, value) -> None:
    with pytest.raises(InvalidIdentifier) as info:
        plugin.identifiers.validate(kind, value)
    assert info.value.kind == kind and info.value.value == value
    assert kind in str(info.value) and value in str(info.value)


@pytest.mark.parametrize("plugin", [be, fr])
def test_rules_follow_the_contract(plugin) -> None:
    rules = plugin.identifiers
    assert isinstance(rules, IdentifierRules)
    for role in (rules.person_kind, rules.company_kind, rules.vat_kind):
        assert role in rules.kinds


def test_kinds_per_country() -> None:
    assert be.identifiers.kinds == ("niss", "bis", "kbo", "vat")
    assert fr.identifiers.kinds == ("nir", "siren", "siret", "vat")


@pytest.mark.parametrize("kind, value, reason", [
    ("passport", "123", "unknown identifier kind"),
    ("niss", "", "empty value"),
    ("niss", " . - ", "empty value"),
    ("niss", 85073003328, "expected a string"),
])
def test_bad_requests_name_the_field(kind, value, reason) -> None:
    with pytest.raises(InvalidIdentifier, match=reason) as info:
        be.identifiers.validate(kind, value)
    assert isinstance(info.value, ValueError)
    assert str(info.value).startswith(f"invalid {kind} ")
