"""Routes and models are found in the code: nothing defined is left out, and no hand list remains."""
from __future__ import annotations

import ast
import importlib
import subprocess
import sys

import pytest
from litestar.handlers import BaseRouteHandler

from partage import api
from partage.api.app import create_app
from partage.api.discovery import handlers_of, key, modules_of
from partage.core.db.base import model_modules
from partage.core.settings import load_settings
from tests.architecture.layers import ROOT


def _served_keys(app) -> set[str]:
    return {key(h) for route in app.routes for h in getattr(route, "route_handlers", ())
            if isinstance(h, BaseRouteHandler)}


def test_every_route_handler_defined_in_api_is_served(sqlite_db):
    # the whole api package, not only the folders discovery walks (api.asgi builds an app at import)
    defined = handlers_of(api, skip=["partage.api.asgi"])
    assert len(defined) > 100
    app = create_app(sqlite_db, load_settings({"PARTAGE_SECRET_KEY": "k" * 64}))
    assert sorted({key(h) for h in defined} - _served_keys(app)) == []


def test_no_module_keeps_a_hand_list_of_its_routes():
    assert [m.__name__ for m in modules_of(api, skip=["partage.api.asgi"]) if hasattr(m, "ROUTES")] == []


@pytest.fixture
def scratch_package(tmp_path, monkeypatch):
    """A package ``scratch_routes`` on sys.path, with two modules written by the test."""
    package = tmp_path / "scratch_routes"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "things.py").write_text(
        "from litestar import get, post\n\n"
        "@get('/things', opt={'permission': 'public'})\nasync def list_things() -> list[str]:\n    return []\n\n"
        "@post('/things', opt={'permission': 'public'})\nasync def add_thing() -> None:\n    return None\n")
    (package / "more.py").write_text(
        "from litestar import delete\nfrom scratch_routes.things import add_thing  # imported: counted once\n\n"
        "@delete('/things/{n:int}', opt={'permission': 'public'})\nasync def drop(n: int) -> None:\n    return None\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module("scratch_routes")
    for name in [n for n in sys.modules if n.startswith("scratch_routes")]:
        del sys.modules[name]


def test_a_handler_added_to_a_module_is_found_without_being_listed(scratch_package):
    assert [key(h) for h in handlers_of(scratch_package)] == [
        "scratch_routes.more.drop", "scratch_routes.things.list_things", "scratch_routes.things.add_thing"]


def _table_classes() -> set[str]:
    """``module.Class`` of every class whose body sets ``__tablename__`` (read with ast)."""
    found = set()
    for layer in ("core", "tenants", "plugins"):
        for path in (ROOT / layer).rglob("*.py"):
            module = "partage." + ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ClassDef) and any(
                        isinstance(t, ast.Name) and t.id == "__tablename__"
                        for s in node.body for t in getattr(s, "targets", [getattr(s, "target", None)])):
                    found.add(f"{module}.{node.name}")
    return found


def test_every_table_class_in_the_source_is_mapped_by_discovery_alone():
    """In a fresh interpreter, ``load_models()`` maps every table class the source defines."""
    defined = _table_classes()
    assert len(defined) > 25
    script = ("from partage.core.db.base import Base, load_models; load_models(); "
              "print('\\n'.join(f'{m.class_.__module__}.{m.class_.__name__}' for m in Base.registry.mappers))")
    mapped = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert sorted(defined - set(mapped.stdout.split())) == []


def test_model_discovery_reads_a_new_module_of_a_package(tmp_path, monkeypatch):
    package = tmp_path / "scratch_models"
    (package / "deep").mkdir(parents=True)
    for init in (package / "__init__.py", package / "deep" / "__init__.py"):
        init.write_text("")
    (package / "deep" / "tables.py").write_text("class Thing:\n    __tablename__ = 'things'\n")
    (package / "deep" / "helpers.py").write_text("def name(model):\n    return model.__tablename__\n")
    (package / "loose").mkdir()  # not a package: never imported
    (package / "loose" / "tables.py").write_text("class Other:\n    __tablename__ = 'others'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    scratch = importlib.import_module("scratch_models")
    try:
        assert model_modules(scratch) == ["scratch_models.deep.tables"]
    finally:
        del sys.modules["scratch_models"]
