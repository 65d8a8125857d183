"""The DSN data dictionary of a norm (blocks, rubrics, data types, monthly usage), as shipped data.

`derive(shared, norm)` builds the compact dictionary from the official GIP-MDS workbooks exported
to CSV in ``../shared/schemas/fr/dsn`` (Blocks, Fields, Data Types, and the usage table's column
« 01 - DSN mensuelle »); `load(norm)` reads the copy shipped in
``plugins/fr/resources/dsn-<norm>/dictionary.json`` (a test re-derives it and compares). No
interpretation is added: codes, patterns, lengths and cardinalities are those of the workbooks.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

# Norm of the DSN for a period (the cahier technique of year N is P<N>V01) and the sources it is
# derived from: its datatypes workbook and the usage tables (no CT2026 usage table was published
# in ../shared; the 2025.1 one is used, completed by 2027.1 for rubrics it does not list).
NORMS = {2025: "P25V01", 2026: "P26V01"}
SOURCES = {"P25V01": ("csv-CT2025", ("csv-usages-CT2025.1",)),
           "P26V01": ("csv-CT2026", ("csv-usages-CT2025.1", "csv-usages-CT2027.1"))}
ROOTS = {"S10.G00.00": (None, 1, 1), "S20.G00.05": (None, 1, None), "S90.G00.90": (None, 1, 1)}
# Declaration natures (S20.G00.05.001) whose usage columns are shipped: the monthly DSN and the
# DPAE signalement (the latter only in the CT2027.1 table).
NATURES = {"01": "01 - DSN mensuelle", "10": "10 - Signalement Déclaration préalable à l'embauche"}


def norm_of(month: date) -> str:
    """The norm in force for a declared month; a month with no shipped dictionary is refused."""
    try:
        return NORMS[month.year]
    except KeyError:
        raise ValueError(f"no DSN norm shipped for {month.year} (known: {', '.join(map(str, NORMS))})") from None


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _codes(values: str) -> list[str]:
    return [part.split("=", 1)[0].strip() for part in values.split(";") if "=" in part]


def _usage(folder: Path, title: str) -> dict[str, str]:
    with (folder / "1_Tableau_des_usages.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = next((r for r in rows if "01 - DSN mensuelle" in r), [])
    if title not in header:
        return {}
    column = header.index(title)
    return {r[2]: r[column] for r in rows if len(r) > column and r[2].startswith("S") and r[column]}


def derive(shared: Path, norm: str) -> dict[str, Any]:
    """The compact dictionary of ``norm`` from the CSV exports under ``shared`` (../shared/schemas/fr/dsn)."""
    datatypes, usages = SOURCES[norm]
    base = shared / datatypes
    sheet = _rows(base / "Blocks.csv")
    blocks = {r["Id"]: [r["ParentId"] or None, int(r["lowerBound"]), None if r["upperBound"] == "*" else int(r["upperBound"])]
              for r in sheet}
    blocks.update({k: list(v) for k, v in ROOTS.items()})
    types = {r["Id"]: [r["Nature"], r["Regexp"], int(r["Lg Min"] or 0), int(r["Lg Max"] or 0),
                       _codes(r["Values"]) if r["Nature"] == "Enumeration" else []]
             for r in _rows(base / "Data_Types.csv")}
    rubrics = {f"{r['Block Id']}.{r['Id']}": r["DataType Id"] for r in _rows(base / "Fields.csv")}
    usage: dict[str, dict[str, str]] = {}
    for nature, title in NATURES.items():
        found: dict[str, str] = {}
        for folder in usages:
            for rubric, value in _usage(shared / folder, title).items():
                found.setdefault(rubric, value)
        if found:
            usage[nature] = {k: found[k] for k in sorted(found) if k in rubrics}
    version = {r[0]: r[1] for r in csv.reader((base / "Standard.csv").open(encoding="utf-8")) if len(r) > 1}
    order = [*ROOTS, *(r["Id"] for r in sheet if r["Id"] not in ROOTS)]   # the norm's order (not numeric)
    return {"norm": norm, "revision": version.get("Revision", ""), "blocks": dict(sorted(blocks.items())),
            "order": order, "types": types, "rubrics": rubrics, "usage": usage}


def shipped(norm: str) -> Path:
    return Path(str(resources.files("partage.plugins.fr").joinpath("resources", f"dsn-{norm}", "dictionary.json")))


@dataclass(frozen=True)
class Dictionary:
    norm: str
    blocks: dict[str, tuple[str | None, int, int | None]]   # id -> (parent, min, max)
    types: dict[str, tuple[str, str, int, int, frozenset[str]]]
    rubrics: dict[str, str]                                  # S21.G00.30.001 -> data type id
    usage: dict[str, dict[str, str]]                         # nature -> rubric -> O / C / F / I / N
    order: dict[str, int]                                    # block -> rank in the Blocks sheet (sibling order)

    def children(self, block: str | None) -> list[str]:
        return sorted(b for b, (parent, _, _) in self.blocks.items() if parent == block)

    def required(self, block: str, nature: str = "01") -> list[str]:
        prefix = f"{block}."
        return sorted(r[len(prefix):] for r, use in self.usage.get(nature, {}).items()
                      if r.startswith(prefix) and use == "O")

    def used(self, block: str, nature: str = "01") -> bool:
        """Whether the declaration nature uses the block at all (a rubric of it is O or C)."""
        if block in ROOTS:
            return True
        prefix = f"{block}."
        return any(r.startswith(prefix) and use in ("O", "C") for r, use in self.usage.get(nature, {}).items())

    def forbidden(self, rubric: str, nature: str = "01") -> bool:
        return self.usage.get(nature, {}).get(rubric) == "N"


@lru_cache(maxsize=4)
def load(norm: str) -> Dictionary:
    data = json.loads(shipped(norm).read_text(encoding="utf-8"))
    return Dictionary(data["norm"], {k: tuple(v) for k, v in data["blocks"].items()},
                      {k: (n, rx, lo, hi, frozenset(codes)) for k, (n, rx, lo, hi, codes) in data["types"].items()},
                      data["rubrics"], data["usage"], {b: i for i, b in enumerate(data["order"])})


if __name__ == "__main__":  # python -m plugins.fr.declarations.dsn_dictionary ../shared/schemas/fr/dsn
    import sys

    for name in SOURCES:
        out = Path(__file__).resolve().parents[1] / "resources" / f"dsn-{name}" / "dictionary.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(derive(Path(sys.argv[1]), name), ensure_ascii=False, sort_keys=True,
                                  separators=(",", ":")) + "\n", encoding="utf-8")
        print(out)
