"""The import contract holds over every source file, and the checker does flag a wrong import."""
from __future__ import annotations

from pathlib import Path

from tests.architecture.layers import check_file, check_tree, source_files

def test_every_layer_imports_only_inward():
    assert len(source_files()) > 250  # the checker sees the whole tree, not an empty glob
    assert [str(v) for v in check_tree()] == []


def _scratch(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_core_importing_tenants_is_flagged(tmp_path):
    path = _scratch(tmp_path, "core/billing/scratch.py",
                    "def f(session, i):\n    from tenants.models import Tenant\n    return session.get(Tenant, i)\n")
    [violation] = check_file(path, tmp_path)
    assert (violation.path, violation.line, violation.imported) == ("core/billing/scratch.py", 2, "tenants.models")


def test_plugin_importing_api_or_another_country_is_flagged(tmp_path):
    path = _scratch(tmp_path, "plugins/be/payroll/scratch.py",
                    "import api.app\nfrom plugins.fr.payroll import engine\nfrom plugins.be import plugin\n"
                    "from core.money import cents\n")
    assert [(v.line, v.imported) for v in check_file(path, tmp_path)] == [
        (1, "api.app"), (2, "plugins.fr.payroll")]


def test_tenants_importing_plugins_and_api_importing_cli_are_flagged(tmp_path):
    tenants = _scratch(tmp_path, "tenants/scratch.py", "import plugins.be\n")
    api = _scratch(tmp_path, "api/scratch.py", "from cli import main\nfrom tenants import models\n")
    assert [v.imported for v in check_file(tenants, tmp_path)] == ["plugins.be"]
    assert [v.imported for v in check_file(api, tmp_path)] == ["cli"]


def test_a_module_name_built_from_a_string_is_flagged(tmp_path):
    path = _scratch(tmp_path, "core/declarations/scratch.py",
                    "import importlib\n\ndef sources_of(country):\n"
                    "    return importlib.import_module(f'plugins.{country}.declarations.sources')\n")
    [violation] = check_file(path, tmp_path)
    assert (violation.line, violation.imported) == (4, "plugins....")


def test_the_installed_package_names_are_checked_the_same_way(tmp_path):
    path = _scratch(tmp_path, "core/billing/scratch.py",
                    "from partage.tenants.models import Tenant\nfrom partage import api, core\n"
                    "import partage.plugins.be\nfrom partage.core.money import cents\n")
    assert [(v.line, v.imported) for v in check_file(path, tmp_path)] == [
        (1, "tenants.models"), (2, "api"), (3, "plugins.be")]
