"""Recording audit events and verifying the trail."""
from __future__ import annotations

from typing import Any

import uuid
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import Session

from partage.core.audit.chain import GENESIS, AuditProblem, canonical_json, event_hash, sha256, verify_chain
from partage.core.audit.models import PLATFORM_CHAIN, AuditEvent, AuditHead
from partage.core.db.base import utcnow
from partage.core.tenancy import current_tenant_id

_CURRENT = object()


def audit_keys() -> tuple[bytes, ...]:
    """The audit keys from settings: the first signs new events, all verify."""
    from partage.core.settings import settings

    return settings().audit_keys


def _chain_of(tenant_id: uuid.UUID | None) -> str:
    return str(tenant_id) if tenant_id else PLATFORM_CHAIN


def _locked_head(session: Session, chain: str) -> AuditHead | None:
    return session.scalars(select(AuditHead).where(AuditHead.chain == chain).with_for_update()).first()


def lock_trail(session: Session) -> None:
    """Take the bound tenant's audit trail for the rest of the transaction, as `record` does. A
    transaction that will lock a business row and then record an event takes the trail first, so
    that every writer takes the two in the same order (trail, then row) and none waits for another
    in a cycle."""
    _locked_head(session, _chain_of(current_tenant_id()))


def record(session: Session, *, actor: str, action: str, subject: str, payload: dict[str, Any] | None = None,
           tenant_id: uuid.UUID | None | object = _CURRENT) -> AuditEvent:
    """Append one event to the tenant's chain (default: the bound tenant; ``None``: platform)."""
    tid = current_tenant_id() if tenant_id is _CURRENT else tenant_id
    chain, payload = _chain_of(tid), payload or {}
    head = _locked_head(session, chain)
    seq, prev = (head.seq + 1, head.hash) if head else (1, GENESIS)
    at, payload_hash = utcnow(), sha256(canonical_json(payload))
    digest = event_hash(chain=chain, seq=seq, at=at, actor=actor, action=action, subject=subject,
                        payload_hash=payload_hash, prev_hash=prev, key=audit_keys()[0])
    event = AuditEvent(tenant_id=tid, chain=chain, seq=seq, at=at, actor=actor, action=action,
                       subject=subject, payload=payload, payload_hash=payload_hash,
                       prev_hash=prev, hash=digest)
    session.add(event)
    if head is None:
        session.add(AuditHead(chain=chain, tenant_id=tid, seq=seq, hash=digest))
    else:
        head.seq, head.hash = seq, digest
    session.flush()
    return event


def verify(session: Session) -> list[AuditProblem]:
    """Verify every chain visible to the session (run it under ``cross_tenant`` for all)."""
    heads = {h.chain: h for h in session.scalars(select(AuditHead))}
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.chain, AuditEvent.seq))
    problems: list[AuditProblem] = []
    seen, keys = set(), audit_keys()
    for chain, chain_events in groupby(events, key=lambda e: e.chain):
        seen.add(chain)
        problems += verify_chain(chain, chain_events, heads.get(chain), keys)
    for chain in heads.keys() - seen:
        problems += verify_chain(chain, [], heads[chain], keys)
    return problems
