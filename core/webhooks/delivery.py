"""Posting due deliveries: claim with a lease, send outside any transaction, log the attempt.

Retry schedule (after the first attempt): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h; then the
delivery is ``failed`` (staff can replay it). A 2xx answer delivers; anything else, a time-out or
a refused connection is retried.
"""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from partage.core.db import Database
from partage.core.db.base import utcnow
from partage.core.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from partage.core.webhooks.signing import headers

RETRY_AFTER = tuple(timedelta(seconds=s) for s in (5, 300, 1800, 7200, 18000, 36000, 36000))
REQUEST_TIMEOUT = 10.0
LEASE = timedelta(seconds=60)   # longer than a request may take
CLAIM = 20                      # deliveries claimed per transaction


@dataclass(frozen=True, slots=True)
class Claimed:
    delivery_id: uuid.UUID
    url: str
    secret: str
    body: str
    attempts: int

    @property
    def message_id(self) -> str:
        return f"msg_{self.delivery_id.hex}"


@dataclass(frozen=True, slots=True)
class Outcome:
    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _due(session: Session, now: datetime):
    query = (select(WebhookDelivery, WebhookSubscription)
             .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
             .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now,
                    or_(WebhookDelivery.lease_until.is_(None), WebhookDelivery.lease_until <= now))
             .order_by(WebhookDelivery.next_attempt_at).limit(CLAIM))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=WebhookDelivery, skip_locked=True)
    return session.execute(query).all()


def claim(session: Session, now: datetime) -> list[Claimed]:
    """Take due deliveries for ``LEASE`` (committed before anything is sent)."""
    claimed = []
    for delivery, subscription in _due(session, now):
        if not subscription.active:
            delivery.status, delivery.last_error = "failed", "subscription deactivated"
            continue
        delivery.attempts += 1
        delivery.lease_until = now + LEASE
        claimed.append(Claimed(delivery.id, subscription.url, subscription.secret, delivery.body,
                               delivery.attempts))
    return claimed


def send(target: Claimed, client: httpx.Client, now: datetime) -> Outcome:
    stamp = int(now.timestamp())
    started = time.monotonic()
    try:
        response = client.post(target.url, content=target.body.encode(),
                               headers=headers(target.secret, target.message_id, stamp, target.body))
        code, error = response.status_code, None
    except httpx.HTTPError as exc:
        code, error = None, f"{type(exc).__name__}: {exc}"[:500]
    return Outcome(code, error, int((time.monotonic() - started) * 1000))


def settle(session: Session, target: Claimed, outcome: Outcome, now: datetime) -> None:
    """Log the attempt; deliver, schedule the next try, or give up."""
    delivery = session.get(WebhookDelivery, target.delivery_id, with_for_update=True)
    session.add(WebhookAttempt(delivery_id=delivery.id, at=now, status_code=outcome.status_code,
                               error=outcome.error, duration_ms=outcome.duration_ms))
    delivery.last_status, delivery.last_error = outcome.status_code, outcome.error
    delivery.lease_until = None
    if outcome.ok:
        delivery.status, delivery.delivered_at = "delivered", now
    elif delivery.attempts > len(RETRY_AFTER):
        delivery.status = "failed"
    else:
        delivery.next_attempt_at = now + RETRY_AFTER[delivery.attempts - 1]


def deliver_due(db: Database, *, now: datetime | None = None, client: httpx.Client | None = None,
                rounds: int = 50) -> int:
    """Send what is due for the bound tenant; returns the number of attempts made."""
    sent = 0
    own = client is None
    client = client or httpx.Client(timeout=REQUEST_TIMEOUT, follow_redirects=False)
    try:
        for _ in range(rounds):
            at = now or utcnow()
            with db.session() as session:
                batch = claim(session, at)
            if not batch:
                break
            for target in batch:
                outcome = send(target, client, at)
                with db.session() as session:
                    settle(session, target, outcome, now or utcnow())
                sent += 1
    finally:
        if own:
            client.close()
    return sent
