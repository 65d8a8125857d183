"""Load the YAML payslip cases (OpenFisca style: name, period, input, output)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from partage.core.params.yamlload import load_yaml

CASES = Path(__file__).parent / "cases"


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    period: date
    input: dict[str, Any]
    output: dict[str, Decimal]
    tolerance: Decimal = Decimal(0)
    employer: dict[str, Any] = field(default_factory=dict)
    xfail: str | None = None


def parse_period(text: str) -> date:
    year, month = str(text).split("-")
    return date(int(year), int(month), 1)


COUNTS = frozenset({"children", "disabled_children", "other_dependants", "senior_dependants"})


def _case(raw: dict[str, Any], defaults: dict[str, Any], file: str) -> Case:
    merged_input = {**defaults.get("input", {}), **raw.get("input", {})}
    merged_input = {k: int(v) if k in COUNTS else v for k, v in merged_input.items()}
    return Case(
        name=raw["name"], file=file, period=parse_period(raw.get("period", defaults.get("period"))),
        input=merged_input, output=dict(raw["output"]), tolerance=Decimal(raw.get("tolerance", 0)),
        employer=raw.get("employer", defaults.get("employer", {})), xfail=raw.get("xfail"),
    )


def load_cases() -> list[Case]:
    """Every case of every ``cases/*.yaml`` file."""
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        data = load_yaml(path)
        if not data.get("source"):
            raise ValueError(f"{path.name}: every case file needs a 'source'")
        defaults = data.get("defaults", {})
        found += [_case(raw, defaults, path.name) for raw in data["cases"]]
    return found
