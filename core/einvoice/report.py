"""Validation results: findings grouped by layer (schema, EN 16931, Peppol, Factur-X profile)."""
from __future__ import annotations

from typing import Any

from dataclasses import asdict, dataclass, field

FATAL = "fatal"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    flag: str            # "fatal" or "warning" (Schematron flag; XSD errors are fatal)
    message: str
    location: str        # XPath of the offending node ("line N" for XSD errors without a path)

    @property
    def fatal(self) -> bool:
        return self.flag != WARNING and self.flag != "information"


@dataclass(slots=True)
class Layer:
    name: str            # "xsd", "en16931", "peppol", "peppol-cen", "facturx"
    source: str          # what was applied (file name)
    findings: list[Finding] = field(default_factory=list)

    @property
    def fatal_count(self) -> int:
        return sum(1 for f in self.findings if f.fatal)

    @property
    def warning_count(self) -> int:
        return len(self.findings) - self.fatal_count


@dataclass(slots=True)
class Report:
    syntax: str          # "ubl" or "cii"
    document: str        # "Invoice", "CreditNote", "CrossIndustryInvoice"
    layers: list[Layer] = field(default_factory=list)
    facturx_profile: str | None = None

    @property
    def findings(self) -> list[Finding]:
        return [f for layer in self.layers for f in layer.findings]

    @property
    def fatal(self) -> list[Finding]:
        return [f for f in self.findings if f.fatal]

    @property
    def valid(self) -> bool:
        return not self.fatal

    def rule_ids(self, layer: str | None = None, fatal_only: bool = False) -> set[str]:
        return {f.rule_id for lay in self.layers if layer in (None, lay.name)
                for f in lay.findings if f.fatal or not fatal_only}

    def layer(self, name: str) -> Layer:
        for lay in self.layers:
            if lay.name == name:
                return lay
        raise KeyError(f"no {name!r} layer in this report ({', '.join(lay.name for lay in self.layers)})")

    def to_dict(self) -> dict[str, Any]:
        return {"syntax": self.syntax, "document": self.document, "valid": self.valid,
                "facturx_profile": self.facturx_profile,
                "layers": [{"name": lay.name, "source": lay.source, "fatal": lay.fatal_count,
                            "warnings": lay.warning_count,
                            "findings": [asdict(f) for f in lay.findings]} for lay in self.layers]}
