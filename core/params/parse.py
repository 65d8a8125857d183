"""Turn loaded YAML mappings into ``Parameter`` and ``Scale`` objects, with strict checks."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple, Union

from partage.core.params.errors import ParameterError
from partage.core.params.model import Entry, Parameter
from partage.core.params.scale import BracketSeries, Scale
from partage.core.params.yamlload import LoadedMap, parse_date

Item = Union[Parameter, Scale]
_DATE_KEY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
NODE_KEYS = frozenset({"description", "reference", "last_reviewed", "metadata", "documentation"})
PARAMETER_KEYS = NODE_KEYS | {"unit", "values"}
SCALE_KEYS = NODE_KEYS | {"unit", "brackets"}
BRACKET_KEYS = frozenset({"threshold", "rate", "amount"})
ENTRY_KEYS = frozenset({"value", "reference", "metadata", "note"})
METADATA_KEYS = frozenset({
    "reference", "last_reviewed", "unit", "threshold_unit", "rate_unit", "amount_unit", "label",
    "short_label", "notes", "note", "official_journal_date", "last_value_still_valid_on", "ipp_csv_id",
    "documentation", "description",
})


class NodeMeta(NamedTuple):
    """Node-level information inherited by children."""

    description: str | None = None
    reference: str | None = None
    last_reviewed: date | None = None


def check_mapping(data: Any, where: str, allowed: frozenset[str] | None = None) -> dict[str, Any]:
    """Require a mapping without duplicate keys (and, if given, only ``allowed`` keys)."""
    if not isinstance(data, dict):
        raise ParameterError(f"{where}: expected a mapping, got {type(data).__name__}")
    if isinstance(data, LoadedMap) and data.duplicates:
        key, line = data.duplicates[0]
        raise ParameterError(f"{where}: duplicate key {str(key)!r} (line {line})")
    if allowed is not None:
        unknown = sorted(str(key) for key in data if key not in allowed)
        if unknown:
            raise ParameterError(f"{where}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})")
    return data


def reference_text(raw: Any, where: str) -> str | None:
    """Normalise a reference (text, ``{title, href}`` or a list of these) to one string."""
    if raw is None:
        return None
    if isinstance(raw, str):
        return raw.strip() or None
    if isinstance(raw, list):
        parts = [reference_text(item, where) for item in raw]
        return "; ".join(part for part in parts if part) or None
    if isinstance(raw, dict) and raw and all(_DATE_KEY.match(str(key)) for key in raw):
        parts = [reference_text(item, where) for _, item in sorted(raw.items(), key=lambda kv: str(kv[0]))]
        return "; ".join(part for part in parts if part) or None  # OpenFisca dated references
    if isinstance(raw, dict):
        check_mapping(raw, f"{where}: reference", frozenset({"title", "href"}))
        parts = [str(raw[key]) for key in ("title", "href") if raw.get(key)]
        return " ".join(parts) or None
    raise ParameterError(f"{where}: reference must be text, a {{title, href}} mapping or a list")


def read_meta(data: dict[str, Any], where: str, parent: NodeMeta) -> NodeMeta:
    """Own description/reference/last_reviewed (top level or ``metadata``), else the parent's."""
    metadata = check_mapping(data.get("metadata") or {}, f"{where}: metadata", METADATA_KEYS)
    reference = reference_text(data.get("reference"), where) or reference_text(metadata.get("reference"), where)
    reviewed_raw = data.get("last_reviewed", metadata.get("last_reviewed"))
    reviewed = parse_date(reviewed_raw, f"{where}: last_reviewed") if reviewed_raw is not None else None
    description = data.get("description", metadata.get("description"))
    return NodeMeta(
        description if description is not None else parent.description,
        reference or parent.reference,
        reviewed or parent.last_reviewed,
    )


def parse_item(data: Any, name: str, file: str, parent: NodeMeta, out: dict[str, Item]) -> None:
    """Parse a parameter, a scale or a node named ``name`` into ``out``."""
    where = f"{file}: {name or '<root>'}"
    check_mapping(data, where)
    if "values" in data:
        add_item(out, parse_parameter(data, name, file, parent))
    elif "brackets" in data:
        add_item(out, parse_scale(data, name, file, parent))
    else:
        parse_node(data, name, file, parent, out)


def parse_node(data: dict[str, Any], prefix: str, file: str, parent: NodeMeta, out: dict[str, Item]) -> NodeMeta:
    """Parse a node: node-level keys give inherited metadata, other keys are children."""
    where = f"{file}: {prefix or '<root>'}"
    meta = read_meta(check_mapping(data, where), where, parent)
    for key, child in data.items():
        if key in NODE_KEYS:
            continue
        if not isinstance(key, str) or not key:
            raise ParameterError(f"{where}: child name {key!r} must be text")
        parse_item(child, f"{prefix}.{key}" if prefix else key, file, meta, out)
    return meta


def add_item(out: dict[str, Item], item: Item) -> None:
    """Register ``item``, refusing a name defined twice."""
    if item.name in out:
        raise ParameterError(f"{item.file}: {item.name}: defined twice (also in {out[item.name].file})")
    out[item.name] = item


def parse_values(raw: Any, where: str, default_ref: str | None, numeric: bool) -> tuple[Entry, ...]:
    """Parse a ``{date: {value, reference}}`` map into sorted entries, each with a reference."""
    check_mapping(raw, where)
    if not raw:
        raise ParameterError(f"{where}: no dated values")
    entries = [parse_entry(key, item, where, default_ref, numeric) for key, item in raw.items()]
    entries.sort(key=lambda entry: entry.start)
    for before, after in zip(entries, entries[1:]):
        if before.start == after.start:
            raise ParameterError(f"{where}: duplicate date {after.start.isoformat()}")
    return tuple(entries)


def parse_entry(key: Any, item: Any, where: str, default_ref: str | None, numeric: bool) -> Entry:
    """One dated value; ``item`` is ``{value: x, reference: ...}`` or a bare scalar."""
    start = parse_date(key, f"{where}: date")
    here = f"{where}: {start.isoformat()}"
    if isinstance(item, dict):
        check_mapping(item, here, ENTRY_KEYS)
        if "value" not in item:
            raise ParameterError(f"{here}: missing 'value'")
        metadata = check_mapping(item.get("metadata") or {}, f"{here}: metadata", METADATA_KEYS)
        ref = reference_text(item.get("reference"), here) or reference_text(metadata.get("reference"), here)
        value = item["value"]
    else:
        ref, value = None, item
    check_value(value, here, numeric)
    reference = ref or default_ref
    if reference is None:
        raise ParameterError(f"{here}: no reference (add 'reference:' to the parameter, its metadata or this value)")
    return Entry(start, value, reference)


def check_value(value: Any, where: str, numeric: bool) -> None:
    """Allow Decimal (and, for plain parameters, text or boolean) or null."""
    if value is None or isinstance(value, Decimal):
        return
    if not numeric and isinstance(value, (str, bool)):
        return
    kind = "a number" if numeric else "a number, text, boolean"
    raise ParameterError(f"{where}: value must be {kind} or null, got {value!r}")


def parse_parameter(data: dict[str, Any], name: str, file: str, parent: NodeMeta) -> Parameter:
    """A single-value parameter."""
    where = f"{file}: {name}"
    check_mapping(data, where, PARAMETER_KEYS)
    meta = read_meta(data, where, parent)
    entries = parse_values(data["values"], f"{where}: values", meta.reference, numeric=False)
    unit = data.get("unit", (data.get("metadata") or {}).get("unit"))
    return Parameter(name, file, entries, meta.description, None if unit is None else str(unit), meta.last_reviewed)


def parse_scale(data: dict[str, Any], name: str, file: str, parent: NodeMeta) -> Scale:
    """A bracket scale: ``brackets`` is a list of ``{threshold, rate | amount}`` dated maps."""
    where = f"{file}: {name}"
    check_mapping(data, where, SCALE_KEYS)
    meta = read_meta(data, where, parent)
    raw = data["brackets"]
    if not isinstance(raw, list) or not raw:
        raise ParameterError(f"{where}: brackets must be a non-empty list")
    series = tuple(parse_bracket(item, f"{where}: bracket {i + 1}", meta.reference) for i, item in enumerate(raw))
    return Scale(name, file, series, meta.description, meta.last_reviewed)


def parse_bracket(item: Any, where: str, reference: str | None) -> BracketSeries:
    """One bracket: a threshold series and a rate and/or amount series."""
    check_mapping(item, where, BRACKET_KEYS)
    if "threshold" not in item or not ("rate" in item or "amount" in item):
        raise ParameterError(f"{where}: a bracket needs 'threshold' and 'rate' or 'amount'")

    def series(key: str) -> tuple[Entry, ...] | None:
        if key not in item:
            return None
        return parse_values(item[key], f"{where}: {key}", reference, numeric=True)

    return BracketSeries(series("threshold"), series("rate"), series("amount"))  # type: ignore[arg-type]
