"""Plain-text and JSON renderings of a validation report (used by the command line)."""
from __future__ import annotations

import json

from partage.core.einvoice.report import Report


def as_json(report: Report, source: str) -> str:
    return json.dumps({"file": source, **report.to_dict()}, indent=2, ensure_ascii=False)


def as_text(report: Report, source: str) -> str:
    profile = f", Factur-X profile {report.facturx_profile}" if report.facturx_profile else ""
    lines = [f"{source}: {report.syntax.upper()} {report.document}{profile}"]
    for layer in report.layers:
        lines.append(f"  {layer.name} ({layer.source}): {layer.fatal_count} fatal, "
                     f"{layer.warning_count} warning(s)")
        for finding in layer.findings:
            lines.append(f"    {finding.flag:<7} {finding.rule_id}  {finding.message}")
            lines.append(f"            at {finding.location}")
    verdict = "valid" if report.valid else f"INVALID ({len(report.fatal)} fatal finding(s))"
    lines.append(f"{verdict}")
    return "\n".join(lines)
