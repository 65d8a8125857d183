"""Declarations from stored data: build inputs through the country's sources, produce, store, track.

``generate`` runs in one transaction: the country's source function reads the rows and builds
the generator input (bad input raises `InvalidDeclarationInput` naming every missing field),
`service.produce` generates, checks (XSD / structure) and reconciles, then a new version row and
its events are written together; on any error nothing is stored. ``submit``, ``accept`` and
``reject`` move a stored version on and append one event each.
"""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from partage.core.db import Database
from partage.core.declarations.errors import IllegalTransition
from partage.core.declarations.lifecycle import Declaration, Event, Status, Step, transition
from partage.core.declarations.models import DeclarationEvent, DeclarationRecord
from partage.core.declarations.period import Period
from partage.core.declarations.service import produce
from partage.core.declarations.submission import SubmissionAdapter
from partage.core.declarations.types import GeneratedFile, Source
from partage.core.errors import NotFound
from partage.core.plugins import registry
from partage.core.tenancy import bind_tenant
from partage.core.tenant_facts import tenant_facts


__all__ = ["Source", "answer", "events", "generate", "listing", "submit"]


def _next_version(session: Session, kind: str, period: str, subject: str) -> int:
    current = session.scalar(select(func.max(DeclarationRecord.version)).where(
        DeclarationRecord.declaration_type == kind, DeclarationRecord.period == period,
        DeclarationRecord.subject == subject))
    return (current or 0) + 1


def _events(record: DeclarationRecord, steps: tuple[Step, ...], first: int = 1) -> list[DeclarationEvent]:
    return [DeclarationEvent(tenant_id=record.tenant_id, declaration_id=record.id, position=first + i,
                             event=s.event.value, status=s.status.value, at=s.at, note=s.note)
            for i, s in enumerate(steps)]


def _store(session: Session, tenant_id: uuid.UUID, produced, subject: str) -> DeclarationRecord:
    file, declaration = produced.generated, produced.declaration
    record = DeclarationRecord(
        id=uuid.uuid4(), tenant_id=tenant_id, declaration_type=file.declaration_type,
        period=str(file.period), subject=subject, status=declaration.status.value,
        version=_next_version(session, file.declaration_type, str(file.period), subject),
        filename=file.filename, media_type=file.media_type, sha256=file.sha256, content=file.content,
        summary={k: v for k, v in file.summary.items()}, problems=list(produced.problems))
    session.add(record)
    session.flush()
    session.add_all(_events(record, declaration.history))
    return record


def generate(db: Database, tenant_id: uuid.UUID, kind: str, period: Period, at: datetime,
             subject: str = "", actor: str = "system") -> DeclarationRecord:
    """Build, produce and store a new version (validated, or draft with its problems)."""
    with bind_tenant(tenant_id), db.session() as session:
        tenant = tenant_facts(session, tenant_id)
        rules = registry().get(tenant.country).declarations
        generator = rules.generator(kind)
        source: Source = rules.source(session, tenant, kind, period, at, subject)
        produced = produce(Declaration(kind, period), generator, source.data, at, source.reconciler)
        record = _store(session, tenant_id, produced, subject)
        _audit(session, record, actor)
        return record


def _load(session: Session, declaration_id: uuid.UUID) -> DeclarationRecord:
    record = session.get(DeclarationRecord, declaration_id)
    if record is None:
        raise NotFound(f"no declaration {declaration_id}")
    return record


def _as_declaration(record: DeclarationRecord) -> Declaration:
    return Declaration(record.declaration_type, Period.parse(record.period), Status(record.status),
                       content_sha256=record.sha256, receipt=record.receipt)


def _audit(session: Session, record: DeclarationRecord, actor: str) -> None:
    from partage.core.audit import record as audit

    audit(session, actor=actor, action=f"declaration.{record.status}", subject=f"declaration:{record.id}",
          payload={"type": record.declaration_type, "period": record.period, "version": record.version,
                   "sha256": record.sha256, "receipt": record.receipt})


def _move(session: Session, record: DeclarationRecord, after: Declaration, actor: str) -> DeclarationRecord:
    record.status, record.receipt = after.status.value, after.receipt
    done = session.scalar(select(func.count()).select_from(DeclarationEvent).where(
        DeclarationEvent.declaration_id == record.id))
    session.add_all(_events(record, after.history, done + 1))
    _audit(session, record, actor)
    return record


def submit(db: Database, tenant_id: uuid.UUID, declaration_id: uuid.UUID, adapter: SubmissionAdapter,
           at: datetime, actor: str = "system") -> DeclarationRecord:
    """Send a validated version through ``adapter`` and record the receipt."""
    with bind_tenant(tenant_id), db.session() as session:
        record = _load(session, declaration_id)
        current = _as_declaration(record)
        transition(current, Event.SUBMIT, at)  # refuses before anything is sent
        file = GeneratedFile(record.declaration_type, current.period, record.filename, record.content,
                             record.media_type, record.summary)
        if file.sha256 != record.sha256:
            raise IllegalTransition(f"declaration {declaration_id}: stored file does not match its sha256")
        receipt = adapter.submit(file, at)
        after = transition(current, Event.SUBMIT, at, f"{adapter.channel}: {receipt.location}",
                           receipt=receipt.reference)
        return _move(session, record, after, actor)


def answer(db: Database, tenant_id: uuid.UUID, declaration_id: uuid.UUID, accepted: bool, at: datetime,
           note: str = "", actor: str = "system") -> DeclarationRecord:
    """Record the authority's answer to a submitted version: accepted or rejected."""
    with bind_tenant(tenant_id), db.session() as session:
        record = _load(session, declaration_id)
        event = Event.ACCEPT if accepted else Event.REJECT
        return _move(session, record, transition(_as_declaration(record), event, at, note), actor)


def events(db: Database, tenant_id: uuid.UUID, declaration_id: uuid.UUID) -> list[DeclarationEvent]:
    with bind_tenant(tenant_id), db.session() as session:
        return list(session.scalars(select(DeclarationEvent).where(
            DeclarationEvent.declaration_id == declaration_id).order_by(DeclarationEvent.position)))


def listing(db: Database, tenant_id: uuid.UUID) -> list[DeclarationRecord]:
    with bind_tenant(tenant_id), db.session() as session:
        return list(session.scalars(select(DeclarationRecord).order_by(
            DeclarationRecord.declaration_type, DeclarationRecord.period, DeclarationRecord.version)))
