"""Declarations over HTTP: list the stored versions (status, checks, deadline), generate a new
version from stored data, read one with its history, download its file, mark it submitted (filed
by hand on the authority's portal, with the reference it gave) and record the authority's answer.

A generated version is ``validated`` when its file passed the official schema or the
dictionary-built validator and reconciled with the stored rows, else ``draft`` with its problems.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from typing import Annotated, Any

from litestar import Response, get, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody
from msgspec import Meta, Struct

from partage.api.deps import Caller, Session
from partage.core.declarations import store
from partage.core.declarations.models import DeclarationRecord
from partage.core.declarations.period import Period
from partage.core.declarations.submission import ManualSubmission
from partage.core.errors import NotFound, ValidationFailed
from partage.core.plugins import registry
from partage.tenants.models import Tenant

READ = {"permission": "declarations:read", "module": "declarations"}
WRITE = {"permission": "declarations:write", "module": "declarations"}
TAGS = ["declarations"]


class DeclarationOut(Struct):
    id: uuid.UUID
    type: str
    period: str
    subject: str               # the performance (and DIMONA action) an event declaration is about
    version: int
    status: str                # draft, generated, validated, submitted, accepted, rejected
    filename: str
    media_type: str
    sha256: str
    summary: dict[str, Any]
    problems: list[str]        # what the checks found (schema, validator, reconciliation)
    receipt: str | None
    deadline: date | None


class EventOut(Struct):
    position: int
    event: str
    status: str
    at: datetime
    note: str | None


class DeclarationDetail(Struct):
    declaration: DeclarationOut
    events: list[EventOut]


class GenerateIn(Struct):
    type: Annotated[str, Meta(max_length=20, description="dimona, dmfa, vat, belcotax, dsn, dpae, ca3")]
    period: Annotated[str, Meta(max_length=7, description="2026-03, 2026-Q1 or 2026")]
    subject: Annotated[str, Meta(max_length=80, description="<performance id>[:in|out|update|cancel]")] = ""


class SubmittedIn(Struct):
    reference: Annotated[str, Meta(min_length=1, max_length=100)]
    note: Annotated[str, Meta(max_length=200)] = ""


class AnswerIn(Struct):
    accepted: bool
    note: Annotated[str, Meta(max_length=200)] = ""


def deadline(country: str, record: DeclarationRecord) -> date | None:
    try:
        return registry().get(country).declarations.deadline(record.declaration_type, Period.parse(record.period))
    except (KeyError, ValueError, ValidationFailed):
        return None


def out(country: str, record: DeclarationRecord) -> DeclarationOut:
    return DeclarationOut(id=record.id, type=record.declaration_type, period=record.period, subject=record.subject,
                          version=record.version, status=record.status, filename=record.filename,
                          media_type=record.media_type, sha256=record.sha256, summary=dict(record.summary or {}),
                          problems=list(record.problems or []), receipt=record.receipt,
                          deadline=deadline(country, record))


def country_of(session, principal) -> str:
    return session.get(Tenant, principal.tenant_id).country


def types_of(country: str) -> tuple[str, ...]:
    rules = getattr(registry().get(country), "declarations", None)
    return tuple(rules.declaration_types) if rules else ()


def checked_type(country: str, kind: str) -> str:
    if kind not in types_of(country):
        raise ValidationFailed.field("type", f"{kind!r} is not a declaration of this country "
                                             f"({', '.join(types_of(country))})")
    return kind


def found(session, declaration_id: uuid.UUID) -> DeclarationRecord:
    record = session.get(DeclarationRecord, declaration_id)
    if record is None:
        raise NotFound(f"no declaration {declaration_id}")
    return record


@get("/declarations", opt=READ, sync_to_thread=True, tags=TAGS)
def list_declarations(session: Session, principal: Caller, state: State) -> list[DeclarationOut]:
    """Every stored version, by type, period and version, with its status, checks and deadline."""
    country = country_of(session, principal)
    return [out(country, r) for r in store.listing(state.db, principal.tenant_id)]


@post("/declarations", opt=WRITE, sync_to_thread=True, tags=TAGS, status_code=201)
def generate(data: JSONBody[GenerateIn], session: Session, principal: Caller, state: State) -> DeclarationOut:
    """Generate a new version from stored data (422 naming every missing field; nothing stored then)."""
    country = country_of(session, principal)
    period = Period.parse(data.period)
    record = store.generate(state.db, principal.tenant_id, checked_type(country, data.type), period,
                            datetime.now(timezone.utc), data.subject, actor=principal.actor)
    return out(country, record)


@get("/declarations/{declaration_id:uuid}", opt=READ, sync_to_thread=True, tags=TAGS)
def read(declaration_id: FromPath[uuid.UUID], session: Session, principal: Caller,
         state: State) -> DeclarationDetail:
    """One version and its history (generate, validate, submit, accept / reject)."""
    record = found(session, declaration_id)
    steps = store.events(state.db, principal.tenant_id, declaration_id)
    return DeclarationDetail(out(country_of(session, principal), record),
                             [EventOut(e.position, e.event, e.status, e.at, e.note) for e in steps])


@get("/declarations/{declaration_id:uuid}/file", opt=READ, sync_to_thread=True, tags=TAGS)
def download(declaration_id: FromPath[uuid.UUID], session: Session) -> Response:
    """The stored file, byte for byte (its sha256 is in the listing)."""
    record = found(session, declaration_id)
    return Response(record.content, media_type=record.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{record.filename}"'})


@post("/declarations/{declaration_id:uuid}/submitted", opt=WRITE, sync_to_thread=True, tags=TAGS,
      status_code=200)
def submitted(declaration_id: FromPath[uuid.UUID], data: JSONBody[SubmittedIn], session: Session,
              principal: Caller, state: State) -> DeclarationOut:
    """Mark a validated version as filed (409 from any other status), with the authority's reference."""
    found(session, declaration_id)
    record = store.submit(state.db, principal.tenant_id, declaration_id, ManualSubmission(data.reference, data.note),
                          datetime.now(timezone.utc), actor=principal.actor)
    return out(country_of(session, principal), record)


@post("/declarations/{declaration_id:uuid}/answer", opt=WRITE, sync_to_thread=True, tags=TAGS, status_code=200)
def answer(declaration_id: FromPath[uuid.UUID], data: JSONBody[AnswerIn], session: Session,
           principal: Caller, state: State) -> DeclarationOut:
    """The authority's answer to a submitted version: accepted or rejected (409 otherwise)."""
    found(session, declaration_id)
    record = store.answer(state.db, principal.tenant_id, declaration_id, data.accepted, datetime.now(timezone.utc),
                          data.note, actor=principal.actor)
    return out(country_of(session, principal), record)
