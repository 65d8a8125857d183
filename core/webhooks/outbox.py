"""Turning the tenant's new audit events into deliveries, once per subscription and event."""
from __future__ import annotations

import json
import uuid
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from partage.core.audit.models import AuditEvent, AuditHead
from partage.core.tenancy import require_tenant
from partage.core.webhooks.events import AUDIT_ACTIONS, event_type_of
from partage.core.webhooks.models import WebhookDelivery, WebhookSubscription

BATCH = 1000


def trail_head(session: Session, tenant_id: uuid.UUID) -> int:
    """The last committed sequence number of the tenant's trail (read, not locked: writers keep
    going; every event up to it is committed, as the head moves in the event's transaction)."""
    seq = session.scalar(select(AuditHead.seq).where(AuditHead.chain == str(tenant_id)))
    return seq or 0


def _events(session: Session, tenant_id: uuid.UUID, after: int, upto: int) -> Sequence[AuditEvent]:
    return session.scalars(
        select(AuditEvent)
        .where(AuditEvent.chain == str(tenant_id), AuditEvent.seq > after, AuditEvent.seq <= upto,
               AuditEvent.action.in_(AUDIT_ACTIONS))
        .order_by(AuditEvent.seq).limit(BATCH)).all()


def message_body(event: AuditEvent, event_type: str) -> str:
    """The Standard Webhooks payload: ``type``, ``timestamp`` and ``data``."""
    data = {"subject": event.subject, "sequence": event.seq, **(event.payload or {})}
    return json.dumps({"type": event_type, "timestamp": event.at.isoformat(), "data": data},
                      sort_keys=True, separators=(",", ":"), default=str)


def _deliveries(subscription: WebhookSubscription, events: Sequence[AuditEvent]) -> list[WebhookDelivery]:
    wanted = set(subscription.event_types)
    rows = []
    for event in events:
        kind = event_type_of(event.action, event.payload or {})
        if event.seq > subscription.cursor and kind in wanted:
            rows.append(WebhookDelivery(subscription_id=subscription.id, event_seq=event.seq,
                                        event_type=kind, body=message_body(event, kind),
                                        next_attempt_at=event.at))
    return rows


def scan(session: Session) -> int:
    """Queue a delivery for every new event each active subscription of the bound tenant hears;
    returns how many. Subscriptions are locked, so two scans at once queue each event once (and
    the unique key on (subscription, event) would refuse a second row anyway)."""
    tenant_id = require_tenant("webhook scan")
    subscriptions = session.scalars(select(WebhookSubscription).where(WebhookSubscription.active)
                                    .order_by(WebhookSubscription.id).with_for_update()).all()
    if not subscriptions:
        return 0
    upto, queued = trail_head(session, tenant_id), 0
    after = min(s.cursor for s in subscriptions)
    while after < upto:
        events = _events(session, tenant_id, after, upto)
        reached = events[-1].seq if len(events) == BATCH else upto
        for subscription in subscriptions:
            rows = _deliveries(subscription, events)
            session.add_all(rows)
            queued += len(rows)
            subscription.cursor = max(subscription.cursor, reached)
        after = reached
    session.flush()
    return queued
