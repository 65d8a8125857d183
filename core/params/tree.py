"""Parameter trees: loading a directory (cached), lookups, overrides and per-date snapshots."""
from __future__ import annotations

import difflib
from datetime import date
from decimal import Decimal
from pathlib import Path
from threading import Lock
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from partage.core.params.errors import ParameterError, ParameterNotDefined
from partage.core.params.model import Override, Resolved
from partage.core.params.parse import Item, NodeMeta, parse_item, parse_node
from partage.core.params.scale import Bracket, Brackets, Scale
from partage.core.params.yamlload import load_yaml

YAML_SUFFIXES = (".yaml", ".yml")
INDEX_NAMES = ("index.yaml", "index.yml")
_CACHE: dict[Path, "ParameterTree"] = {}
_CACHE_LOCK = Lock()


class ParameterTree:
    """An immutable set of named parameters and scales."""

    def __init__(self, items: Mapping[str, Item], root: Path | None = None) -> None:
        self._items = MappingProxyType(dict(items))
        self._names = sorted(self._items)
        self.root = root

    def get(self, name: str) -> Item:
        """The parameter or scale called ``name`` (``ParameterNotDefined`` if unknown)."""
        try:
            return self._items[name]
        except KeyError:
            close = difflib.get_close_matches(name, self._names, n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise ParameterNotDefined(f"unknown parameter {name!r}{hint}") from None

    def at(self, name: str, d: date) -> Any:
        """Shortcut for ``get(name).at(d)``."""
        return self.get(name).at(d)

    def names(self) -> list[str]:
        """Sorted list of all parameter names."""
        return list(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __len__(self) -> int:
        return len(self._items)

    def at_date(self, d: date) -> "ParametersAt":
        """A snapshot resolving (and memoising) values for date ``d``."""
        return ParametersAt(self, d)

    def with_overrides(self, overrides: Iterable[Override]) -> "ParameterTree":
        """A new tree where each override wins over the YAML from its start date on."""
        grouped: dict[str, list[Override]] = {}
        for override in overrides:
            _check_override(override, self.get(override.name))
            grouped.setdefault(override.name, []).append(override)
        items = dict(self._items)
        for name, group in grouped.items():
            starts = [o.start for o in group] + [o.start for o in items[name].overrides]
            if len(set(starts)) != len(starts):
                raise ParameterError(f"override {name}: two overrides start on the same date")
            items[name] = items[name].with_overrides(tuple(group))
        return ParameterTree(items, self.root)


def _check_override(override: Override, item: Item) -> None:
    """Reject overrides with a float, a bad date, no reference or the wrong kind of value."""
    where = f"override {override.name} from {override.start}"
    if not isinstance(override.start, date):
        raise ParameterError(f"{where}: start must be a date")
    if not (isinstance(override.reference, str) and override.reference.strip()):
        raise ParameterError(f"{where}: reference is required")
    value = override.value
    if isinstance(item, Scale):
        if not (isinstance(value, (list, tuple)) and value and all(_exact_bracket(b) for b in value)):
            raise ParameterError(f"{where}: a scale override must be a non-empty sequence of Bracket with Decimal fields")
    elif not (value is None or isinstance(value, (Decimal, str, bool))):
        raise ParameterError(f"{where}: value must be Decimal, str, bool or None, got {type(value).__name__}")


def _exact_bracket(bracket: object) -> bool:
    """A ``Bracket`` with a Decimal threshold and Decimal-or-None rate and amount."""
    if not isinstance(bracket, Bracket) or not isinstance(bracket.threshold, Decimal):
        return False
    return all(v is None or isinstance(v, Decimal) for v in (bracket.rate, bracket.amount))


class ParametersAt:
    """Values of one tree on one date; each name is resolved once, then a dict lookup."""

    def __init__(self, tree: ParameterTree, d: date) -> None:
        self.tree = tree
        self.date = d
        self._values: dict[str, Any] = {}
        self._resolved: dict[str, Resolved] = {}
        self._stale: list[str] = []

    def __getitem__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            return self.resolved(name).value

    def resolved(self, name: str) -> Resolved:
        """Value with provenance; records stale names."""
        try:
            return self._resolved[name]
        except KeyError:
            pass
        result = self.tree.get(name).resolve(self.date)
        self._resolved[name] = result
        self._values[name] = result.value
        if result.stale:
            self._stale.append(name)
        return result

    def scale(self, name: str) -> Brackets:
        """Brackets of scale ``name`` on this date."""
        value = self[name]
        if not isinstance(value, Brackets):
            raise ParameterError(f"{name}: is a single value, not a scale")
        return value

    @property
    def stale(self) -> tuple[str, ...]:
        """Names resolved so far whose value is past its review window."""
        return tuple(self._stale)


def load_parameters(path: Path | str) -> ParameterTree:
    """Load a directory of YAML parameters (cached per resolved directory path)."""
    root = Path(path).resolve()
    with _CACHE_LOCK:
        cached = _CACHE.get(root)
    if cached is not None:
        return cached
    if not root.is_dir():
        raise ParameterError(f"{root}: parameter directory not found")
    items: dict[str, Item] = {}
    _load_dir(root, "", NodeMeta(), items)
    _check_prefixes(items)
    tree = ParameterTree(items, root)
    with _CACHE_LOCK:
        return _CACHE.setdefault(root, tree)


def clear_cache() -> None:
    """Forget cached trees (tests, or after editing YAML in a running process)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def _load_dir(directory: Path, prefix: str, parent: NodeMeta, out: dict[str, Item]) -> None:
    """A directory is a node: ``index.yaml`` gives its metadata, files and subdirectories its children."""
    meta = parent
    for index_name in INDEX_NAMES:
        index = directory / index_name
        if index.is_file():
            meta = parse_node(load_yaml(index) or {}, prefix, str(index), parent, out)
    for child in sorted(directory.iterdir()):
        if child.name.startswith((".", "_")) or child.name in INDEX_NAMES:
            continue
        name = f"{prefix}.{child.stem}" if prefix else child.stem
        if child.is_dir():
            _load_dir(child, f"{prefix}.{child.name}" if prefix else child.name, meta, out)
        elif child.suffix in YAML_SUFFIXES:
            data = load_yaml(child)
            if data is None:
                raise ParameterError(f"{child}: empty parameter file")
            parse_item(data, name, str(child), meta, out)


def _check_prefixes(items: Mapping[str, Item]) -> None:
    """Refuse a name that is both a parameter and a node (``a.b`` and ``a.b.c``)."""
    for name, item in items.items():
        parts = name.split(".")
        for end in range(1, len(parts)):
            prefix = ".".join(parts[:end])
            if prefix in items:
                raise ParameterError(f"{item.file}: {name}: '{prefix}' is already a parameter ({items[prefix].file})")
