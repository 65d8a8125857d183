"""Plugin discovery through the `partage.countries` entry points."""
from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest

from partage.core.plugins import (
    GROUP,
    PluginError,
    PluginRegistry,
    UnknownCountry,
    capabilities,
    load_registry,
    registry,
)


def _ep(name: str, attr: str, module: str = "fake_xx") -> EntryPoint:
    return EntryPoint(name=name, value=f"tests.plugins.{module}:{attr}", group=GROUP)


def test_installed_entry_points_provide_be_and_fr() -> None:
    reg = load_registry()
    assert {"be", "fr"} <= set(reg.codes())
    for code in ("be", "fr"):
        assert {"identifiers", "parameters"} <= set(reg.capabilities(code))
        assert reg.get(code).code == code


def test_describe_rows_name_the_distribution() -> None:
    rows = {row.code: row for row in load_registry().describe()}
    assert rows["be"].name == "Belgium" and rows["fr"].name == "France"
    assert rows["be"].package == "partage"
    assert "identifiers" in rows["fr"].capabilities


def test_app_registry_is_loaded_once() -> None:
    assert registry() is registry()
    assert "be" in registry()


def test_third_party_plugin_loads_like_first_party() -> None:
    reg = load_registry([_ep("xx", "plugin")])
    assert reg.codes() == ("xx",)
    assert reg.capabilities("xx") == ("identifiers",)
    assert reg.get("XX").identifiers.validate("pid", "12 34") == "1234"
    assert reg.describe()[0].package == "tests.plugins.fake_xx"


def test_unknown_country_lists_known_codes() -> None:
    reg = load_registry([_ep("xx", "plugin")])
    with pytest.raises(UnknownCountry, match=r"unknown country 'de'.*known country codes: xx"):
        reg.get("de")
    with pytest.raises(UnknownCountry, match="none installed"):
        PluginRegistry().get("be")


def test_duplicate_code_fails() -> None:
    eps = [_ep("xx", "plugin"), _ep("xx", "twin")]
    with pytest.raises(PluginError, match=r"duplicate country code 'xx'.*fake_xx:plugin.*fake_xx:twin"):
        load_registry(eps)


def test_entry_point_name_must_equal_code() -> None:
    with pytest.raises(PluginError, match=r"'zz'.*must equal the plugin code 'xx'"):
        load_registry([_ep("zz", "plugin")])


def test_plugin_without_capability_fails() -> None:
    with pytest.raises(PluginError, match=r"'yy'.*satisfies no capability"):
        load_registry([_ep("yy", "bare")])


def test_import_error_names_the_entry_point() -> None:
    with pytest.raises(PluginError, match=r"'qq' \(tests.plugins.fake_broken:plugin\) failed to import"):
        load_registry([_ep("qq", "plugin", module="fake_broken")])


def test_missing_attribute_is_an_import_error() -> None:
    with pytest.raises(PluginError, match=r"'xx'.*failed to import: AttributeError"):
        load_registry([_ep("xx", "no_such_object")])


def test_code_must_be_lowercase_alpha2() -> None:
    with pytest.raises(PluginError, match="not a lowercase ISO 3166 alpha-2"):
        load_registry([_ep("XX", "shouty")])


def test_object_without_identity_is_rejected() -> None:
    with pytest.raises(PluginError, match="lacks code, name or locales"):
        load_registry([_ep("xx", "nameless")])


def test_half_implemented_capability_is_not_counted() -> None:
    class Partial:
        kinds = ("pid",)  # no validate(), no role names

    class Plugin:
        code, name, locales = "xx", "X", ("en",)
        identifiers = Partial()

    assert capabilities(Plugin()) == ()


def test_incomplete_capability_names_missing_members() -> None:
    with pytest.raises(PluginError, match=r"'xx'.*incomplete capabilities: payroll lacks simulate_command"):
        load_registry([_ep("xx", "halfway")])
