"""Subscriptions (created, listed, deactivated), the delivery log, replay and the dispatcher."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Sequence
from urllib.parse import urlsplit

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.db import Database
from partage.core.db.base import utcnow
from partage.core.tenancy import require_tenant
from partage.core.webhooks.delivery import deliver_due
from partage.core.webhooks.errors import InvalidWebhook, WebhookNotFound, WebhookProblem
from partage.core.webhooks.events import EVENT_TYPES
from partage.core.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from partage.core.webhooks.outbox import scan, trail_head
from partage.core.webhooks.signing import new_secret

__all__ = ["WebhookProblem", "create_subscription", "deactivate_subscription", "dispatch",
           "list_deliveries", "list_subscriptions", "replay"]
STATUSES = ("pending", "delivered", "failed")


@dataclass(frozen=True, slots=True)
class NewSubscription:
    subscription: WebhookSubscription
    secret: str     # shown once to its creator


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidWebhook("url", "must be an absolute http(s) address")
    if parts.username or parts.password:
        raise InvalidWebhook("url", "must not carry credentials (the signature authenticates)")
    return url


def _check_types(event_types: Sequence[str]) -> list[str]:
    if not event_types:
        raise InvalidWebhook("event_types", "name at least one event type")
    unknown = sorted(set(event_types) - set(EVENT_TYPES))
    if unknown:
        raise InvalidWebhook("event_types", f"unknown: {', '.join(unknown)} (known: {', '.join(EVENT_TYPES)})")
    return sorted(set(event_types))


def create_subscription(session: Session, *, url: str, event_types: Sequence[str], actor: str,
                        description: str = "") -> NewSubscription:
    """Subscribe ``url`` to the events from now on (earlier events are not sent)."""
    tenant_id = require_tenant("webhook subscription")
    secret = new_secret()
    subscription = WebhookSubscription(url=_check_url(url), event_types=_check_types(event_types),
                                       description=description[:200], secret=secret, active=True,
                                       cursor=trail_head(session, tenant_id), created_by=actor)
    session.add(subscription)
    session.flush()
    record(session, actor=actor, action="webhook.subscribed", subject=f"webhook:{subscription.id}",
           payload={"url": subscription.url, "event_types": subscription.event_types})
    return NewSubscription(subscription, secret)


def list_subscriptions(session: Session) -> Sequence[WebhookSubscription]:
    return session.scalars(select(WebhookSubscription).order_by(WebhookSubscription.created_at)).all()


def _subscription(session: Session, subscription_id: uuid.UUID) -> WebhookSubscription:
    found = session.get(WebhookSubscription, subscription_id)
    if found is None:
        raise WebhookNotFound("subscription_id", "no such webhook subscription")
    return found


def deactivate_subscription(session: Session, subscription_id: uuid.UUID, *, actor: str) -> WebhookSubscription:
    subscription = _subscription(session, subscription_id)
    if subscription.active:
        subscription.active, subscription.deactivated_at = False, utcnow()
        record(session, actor=actor, action="webhook.unsubscribed", subject=f"webhook:{subscription.id}")
    return subscription


def list_deliveries(session: Session, *, status: str | None = None, subscription_id: uuid.UUID | None = None,
                    limit: int = 50, before: datetime | None = None) -> Sequence[WebhookDelivery]:
    """Newest first; page with ``before`` (the ``created_at`` of the last row seen)."""
    if status is not None and status not in STATUSES:
        raise InvalidWebhook("status", f"one of {', '.join(STATUSES)}")
    query = select(WebhookDelivery).order_by(WebhookDelivery.created_at.desc()).limit(min(max(limit, 1), 200))
    if status:
        query = query.where(WebhookDelivery.status == status)
    if subscription_id:
        query = query.where(WebhookDelivery.subscription_id == subscription_id)
    if before:
        query = query.where(WebhookDelivery.created_at < before)
    return session.scalars(query).all()


def attempts_of(session: Session, delivery_id: uuid.UUID) -> Sequence[WebhookAttempt]:
    return session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_id == delivery_id)
                           .order_by(WebhookAttempt.at)).all()


def replay(session: Session, delivery_id: uuid.UUID, *, actor: str) -> WebhookDelivery:
    """Send a delivery again, now (the same message id: receivers see it is the same event)."""
    delivery = session.get(WebhookDelivery, delivery_id, with_for_update=True)
    if delivery is None:
        raise WebhookNotFound("delivery_id", "no such webhook delivery")
    delivery.status, delivery.next_attempt_at, delivery.lease_until = "pending", utcnow(), None
    record(session, actor=actor, action="webhook.replayed", subject=f"webhook_delivery:{delivery.id}")
    return delivery


def dispatch(db: Database, *, now: datetime | None = None, client: httpx.Client | None = None) -> tuple[int, int]:
    """One pass for the bound tenant: queue new events, then send what is due.
    Returns (deliveries queued, attempts made)."""
    with db.session() as session:
        queued = scan(session)
    return queued, deliver_due(db, now=now, client=client)
