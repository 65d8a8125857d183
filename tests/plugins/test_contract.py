"""The plugin contract: identity, capabilities and the parameter source."""
from __future__ import annotations

from pathlib import Path

import partage.plugins.be  # noqa: F401
from partage import plugins
import partage.plugins.fr  # noqa: F401
from partage import plugins
from partage.core.plugins import CountryPlugin, ParameterSource, PluginParameters, capabilities


def test_be_and_fr_identity() -> None:
    assert isinstance(plugins.be.plugin, CountryPlugin)
    assert (plugins.be.plugin.code, plugins.be.plugin.locales) == ("be", ("fr", "nl", "en"))
    assert (plugins.fr.plugin.code, plugins.fr.plugin.locales) == ("fr", ("fr", "en"))


def test_parameters_point_at_the_plugin_directory() -> None:
    for module in (plugins.be, plugins.fr):
        params = module.plugin.parameters
        assert isinstance(params, ParameterSource)
        assert params.path == Path(module.__file__).parent / "parameters"
        assert params.path.is_dir()


def test_capabilities_of_a_bare_object() -> None:
    assert capabilities(object()) == ()
    holder = type("P", (), {"parameters": PluginParameters("/nonexistent")})()
    assert capabilities(holder) == ("parameters",)


def test_parameter_source_loads_dated_yaml(tmp_path: Path) -> None:
    from datetime import date
    from decimal import Decimal

    # Belgian personal social security contribution, 13.07 % (belgium.md 1.1).
    (tmp_path / "employee_rate.yaml").write_text(
        "description: Personal social security contribution\n"
        "values:\n"
        "  2020-01-01:\n"
        "    value: 0.1307\n"
        "    reference: Law of 29 June 1981, art. 38\n",
        encoding="utf-8",
    )
    tree = PluginParameters(tmp_path).tree()
    assert tree.at("employee_rate", date(2025, 3, 1)) == Decimal("0.1307")
