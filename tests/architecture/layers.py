"""The import contract, checked over the source (ast): which layer may import which.

    api, cli.py  ->  tenants, plugins  ->  core

``core`` imports none of the layers above it; ``plugins`` (each country) and ``tenants`` import
``core`` only (a country plugin its own package too, never another country's); ``api`` never
imports ``cli``. A module name built from a string (``import_module("plugins." ...)``,
``import_module(f"plugins.{cc}...")``) is refused in every layer: plugins and models are found
through entry points, never by name.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("api", "cli", "core", "plugins", "tenants")
# What each layer may import among the project's own layers (itself always).
ALLOWED = {
    "core": {"core"},
    "plugins": {"core", "plugins"},
    "tenants": {"core", "tenants"},
    "api": {"api", "core", "plugins", "tenants"},
    "cli": {"api", "core", "plugins", "tenants", "cli"},
}


@dataclass(frozen=True, slots=True)
class Violation:
    path: str
    line: int
    imported: str
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.imported} ({self.why})"


def layer_of(path: Path, root: Path = ROOT) -> str | None:
    """The layer of a source file (its first path part under ``root``), None outside the layers."""
    parts = path.relative_to(root).parts
    top = parts[0].removesuffix(".py")
    return top if top in LAYERS else None


PACKAGE = "partage"   # the one import package the layers are installed under (partage.core, ...)


def _unprefixed(name: str) -> str:
    """``partage.core.x`` -> ``core.x``: the layer is the part after the package."""
    return name.removeprefix(f"{PACKAGE}.")


def _imported_names(tree: ast.AST) -> list[tuple[int, str]]:
    names: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, _unprefixed(alias.name)) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == PACKAGE:
            names += [(node.lineno, alias.name) for alias in node.names]   # from partage import core
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append((node.lineno, _unprefixed(node.module)))
    return names


def _built_names(tree: ast.AST) -> list[tuple[int, str]]:
    """Module names handed to ``import_module``/``__import__`` as text: constants and f-strings."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in {"import_module", "__import__"}:
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append((node.lineno, _unprefixed(first.value)))
        elif isinstance(first, ast.JoinedStr) and first.values and isinstance(first.values[0], ast.Constant):
            found.append((node.lineno, _unprefixed(f"{first.values[0].value}...")))
    return found


def _country(path: Path, root: Path) -> str | None:
    parts = path.relative_to(root).parts
    return parts[1] if parts[0] == "plugins" and len(parts) > 2 else None


def check_file(path: Path, root: Path = ROOT) -> list[Violation]:
    layer = layer_of(path, root)
    if layer is None:
        return []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = str(path.relative_to(root))
    bad: list[Violation] = []
    for line, name in _imported_names(tree):
        top = name.split(".")[0]
        if top in LAYERS and top not in ALLOWED[layer]:
            bad.append(Violation(rel, line, name, f"{layer} may import only {sorted(ALLOWED[layer])}"))
        country = _country(path, root)
        parts = name.split(".")
        if country and top == "plugins" and len(parts) > 1 and parts[1] != country:
            bad.append(Violation(rel, line, name, f"plugin {country!r} imports another country"))
    for line, name in _built_names(tree):
        if name.split(".")[0] in LAYERS:
            bad.append(Violation(rel, line, name, "module name built from a string"))
    return bad


def source_files(root: Path = ROOT) -> list[Path]:
    files = [root / "cli.py"] if (root / "cli.py").exists() else []
    for layer in LAYERS:
        if (root / layer).is_dir():
            files += sorted((root / layer).rglob("*.py"))
    return files


def check_tree(root: Path = ROOT) -> list[Violation]:
    return [v for path in source_files(root) for v in check_file(path, root)]
