"""Webhooks: a tenant admin (or an integration's API key) subscribes endpoints to events, reads
the delivery log with each attempt and replays a delivery. Dispatch passes run as jobs
(``partage webhooks dispatch --tenant SLUG --watch 5``, or a worker)."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from litestar import get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from msgspec import Meta, Struct

from partage.api.deps import Caller, Session
from partage.api.timefmt import utc
from partage.core import webhooks
from partage.core.webhooks.errors import WebhookNotFound
from partage.core.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from partage.core.webhooks.service import attempts_of

TAGS = ["webhooks"]
READ, WRITE = {"permission": "webhooks:read"}, {"permission": "webhooks:write"}
EventType = Literal[webhooks.EVENT_TYPES]  # type: ignore[valid-type]


class SubscriptionOut(Struct):
    id: uuid.UUID
    url: str
    description: str
    event_types: list[str]
    active: bool
    created_by: str
    created_at: datetime
    deactivated_at: datetime | None

    @classmethod
    def of(cls, s: WebhookSubscription) -> "SubscriptionOut":
        return cls(id=s.id, url=s.url, description=s.description, event_types=list(s.event_types),
                   active=s.active, created_by=s.created_by, created_at=utc(s.created_at),
                   deactivated_at=utc(s.deactivated_at))


class SubscriptionCreated(Struct):
    subscription: SubscriptionOut
    secret: str     # shown once: verify each request's webhook-signature with it


class SubscriptionCreate(Struct, forbid_unknown_fields=True):
    url: Annotated[str, Meta(min_length=1, max_length=2000)]
    event_types: Annotated[list[EventType], Meta(min_length=1, max_length=20)]
    description: Annotated[str, Meta(max_length=200)] = ""


class AttemptOut(Struct):
    at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int

    @classmethod
    def of(cls, a: WebhookAttempt) -> "AttemptOut":
        return cls(at=utc(a.at), status_code=a.status_code, error=a.error, duration_ms=a.duration_ms)


class DeliveryOut(Struct):
    id: uuid.UUID
    subscription_id: uuid.UUID
    event_type: str
    event_sequence: int
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_status: int | None
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, d: WebhookDelivery) -> "DeliveryOut":
        return cls(id=d.id, subscription_id=d.subscription_id, event_type=d.event_type,
                   event_sequence=d.event_seq, status=d.status, attempts=d.attempts,
                   next_attempt_at=utc(d.next_attempt_at) if d.status == "pending" else None,
                   last_status=d.last_status, last_error=d.last_error,
                   delivered_at=utc(d.delivered_at), created_at=utc(d.created_at))


class DeliveryDetail(Struct):
    delivery: DeliveryOut
    body: str
    attempt_log: list[AttemptOut]


@get("/webhooks/event-types", opt=READ, sync_to_thread=False, tags=TAGS)
def event_types() -> list[str]:
    """The event types a subscription may name."""
    return list(webhooks.EVENT_TYPES)


@get("/webhooks/subscriptions", opt=READ, sync_to_thread=True, tags=TAGS)
def list_subscriptions(session: Session) -> list[SubscriptionOut]:
    return [SubscriptionOut.of(s) for s in webhooks.list_subscriptions(session)]


@post("/webhooks/subscriptions", opt=WRITE, sync_to_thread=True, tags=TAGS)
def create_subscription(data: JSONBody[SubscriptionCreate], session: Session,
                        principal: Caller) -> SubscriptionCreated:
    """Subscribe an endpoint to events from now on; ``secret`` is in this response only."""
    new = webhooks.create_subscription(session, url=data.url, event_types=list(data.event_types),
                                       description=data.description, actor=principal.actor)
    return SubscriptionCreated(SubscriptionOut.of(new.subscription), new.secret)


@post("/webhooks/subscriptions/{subscription_id:uuid}/deactivate", opt=WRITE, status_code=200,
      sync_to_thread=True, tags=TAGS)
def deactivate_subscription(subscription_id: FromPath[uuid.UUID], session: Session,
                            principal: Caller) -> SubscriptionOut:
    """Stop sending to this endpoint (kept for the record; pending deliveries fail)."""
    return SubscriptionOut.of(webhooks.deactivate_subscription(session, subscription_id,
                                                               actor=principal.actor))


@get("/webhooks/deliveries", opt=READ, sync_to_thread=True, tags=TAGS)
def list_deliveries(session: Session, status: FromQuery[Literal["pending", "delivered", "failed"] | None] = None,
                    subscription_id: FromQuery[uuid.UUID | None] = None,
                    before: FromQuery[datetime | None] = None,
                    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50) -> list[DeliveryOut]:
    """The delivery log, newest first; the next page: ``before`` = the last row's ``created_at``."""
    rows = webhooks.list_deliveries(session, status=status, subscription_id=subscription_id,
                                    limit=limit, before=before)
    return [DeliveryOut.of(d) for d in rows]


@get("/webhooks/deliveries/{delivery_id:uuid}", opt=READ, sync_to_thread=True, tags=TAGS)
def delivery_detail(delivery_id: FromPath[uuid.UUID], session: Session) -> DeliveryDetail:
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        raise WebhookNotFound("delivery_id", "no such webhook delivery")
    return DeliveryDetail(DeliveryOut.of(delivery), delivery.body,
                          [AttemptOut.of(a) for a in attempts_of(session, delivery_id)])


@post("/webhooks/deliveries/{delivery_id:uuid}/replay", opt=WRITE, status_code=200,
      sync_to_thread=True, tags=TAGS)
def replay_delivery(delivery_id: FromPath[uuid.UUID], session: Session, principal: Caller) -> DeliveryOut:
    """Send this delivery again at the next dispatch pass (same message id)."""
    return DeliveryOut.of(webhooks.replay(session, delivery_id, actor=principal.actor))
