"""Submission adapters. The default one writes the file and a JSON receipt; no network.

A real channel (socialsecurity.be batch, net-entreprises upload, Intervat) is another adapter
with the same `submit` signature, chosen per tenant.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from partage.core.declarations.types import GeneratedFile


@dataclass(frozen=True, slots=True)
class Receipt:
    reference: str
    submitted_at: datetime
    channel: str
    location: str
    sha256: str


class SubmissionAdapter(Protocol):
    channel: str

    def submit(self, generated: GeneratedFile, at: datetime) -> Receipt:
        ...


class FileSubmission:
    """Writes ``<dir>/<type>/<period>/<filename>`` and ``<filename>.receipt.json``; never overwrites."""

    channel = "file"

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def submit(self, generated: GeneratedFile, at: datetime) -> Receipt:
        folder = self.directory / generated.declaration_type / str(generated.period)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / generated.filename
        if target.exists():
            raise FileExistsError(f"{target} already submitted; a correction gets a new file name")
        target.write_bytes(generated.content)
        reference = f"{generated.declaration_type}-{generated.period}-{generated.sha256[:12]}"
        receipt = Receipt(reference, at, self.channel, str(target), generated.sha256)
        payload = {"reference": reference, "submitted_at": at.isoformat(), "channel": self.channel,
                   "file": target.name, "sha256": generated.sha256, "summary": dict(generated.summary)}
        target.with_name(target.name + ".receipt.json").write_text(json.dumps(payload, indent=2, sort_keys=True))
        return receipt


class ManualSubmission:
    """A file staff filed themselves (on the authority's portal): records their reference, sends nothing."""

    channel = "manual"

    def __init__(self, reference: str, note: str = "") -> None:
        if not reference.strip():
            from partage.core.errors import ValidationFailed

            raise ValidationFailed.field("reference", "the reference the authority gave (e.g. its receipt number)")
        self.reference, self.note = reference.strip(), note.strip()

    def submit(self, generated: GeneratedFile, at: datetime) -> Receipt:
        where = f"filed by hand{': ' + self.note if self.note else ''}"
        return Receipt(self.reference, at, self.channel, where, generated.sha256)
