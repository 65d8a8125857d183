"""YAML loading with exact decimals, no implicit dates and duplicate-key detection."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from partage.core.params.errors import ParameterError

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DECIMAL_TAG = "tag:partage,2025:decimal"
_DROPPED_TAGS = {"tag:yaml.org,2002:float", "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp"}
_DECIMAL_RE = re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?$")
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class LoadedMap(dict[Any, Any]):
    """A YAML mapping that remembers duplicated keys (key, line) instead of silently overwriting."""

    duplicates: list[tuple[Any, int]]

    def __init__(self) -> None:
        super().__init__()
        self.duplicates = []


class DecimalLoader(_BASE):  # type: ignore[misc, valid-type]
    """Safe loader: numbers become ``Decimal`` from their text, dates stay strings."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED_TAGS]
        for first, resolvers in _BASE.yaml_implicit_resolvers.items()
    }


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - regex guarantees a number
        raise yaml.constructor.ConstructorError(None, None, f"bad number {text!r}", node.start_mark) from exc


def _construct_map(loader: yaml.SafeLoader, node: yaml.MappingNode):  # type: ignore[no-untyped-def]
    data = LoadedMap()
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in data:
            data.duplicates.append((key, key_node.start_mark.line + 1))
        data[key] = loader.construct_object(value_node, deep=True)


DecimalLoader.add_implicit_resolver(_DECIMAL_TAG, _DECIMAL_RE, list("-+0123456789."))
DecimalLoader.add_constructor(_DECIMAL_TAG, _construct_decimal)
DecimalLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)


def load_yaml(path: Path) -> Any:
    """Parse one YAML file; syntax errors become ``ParameterError`` naming the file."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=DecimalLoader)  # noqa: S506 - safe loader subclass
    except yaml.YAMLError as exc:
        raise ParameterError(f"{path}: invalid YAML: {exc}") from exc


def parse_date(raw: Any, where: str) -> date:
    """Strict ``YYYY-MM-DD`` date; ``where`` prefixes the error message."""
    if isinstance(raw, date):
        return raw
    text = str(raw)
    if not _DATE_RE.match(text):
        raise ParameterError(f"{where}: malformed date {text!r} (expected YYYY-MM-DD)")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ParameterError(f"{where}: malformed date {text!r} ({exc})") from exc
