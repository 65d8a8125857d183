"""Webhooks: a tenant's other systems hear about its events without polling.

The outbox is the audit trail. Every event a subscriber can hear (an invoice issued, a payment
received, a run paid, ...) is already recorded by :func:`core.audit.record` in the transaction that
made it, under the tenant's trail lock, with a gapless sequence number. So an event exists exactly
when its transaction committed (none for a rolled-back one), and a subscription's cursor (the last
sequence number it has scanned) can never skip an event: sequence numbers are handed out under a
lock held until commit, so they become visible in order.

The dispatcher (:func:`dispatch`, run as a job) turns new events into deliveries (one row per
subscription and event, unique), then posts due deliveries, signed the Standard Webhooks way, each
attempt logged, with retries on a backoff schedule. A delivery is claimed with a lease before the
request is sent: a worker killed mid-delivery leaves the lease to expire and the next pass sends
the same message again (same ``webhook-id``: delivery is at least once, receivers deduplicate).
"""
from partage.core.webhooks.delivery import deliver_due
from partage.core.webhooks.events import EVENT_TYPES, event_type_of
from partage.core.webhooks.outbox import scan
from partage.core.webhooks.service import (
    WebhookProblem, create_subscription, deactivate_subscription, dispatch, list_deliveries,
    list_subscriptions, replay,
)
from partage.core.webhooks.signing import new_secret, sign

__all__ = ["EVENT_TYPES", "WebhookProblem", "create_subscription", "deactivate_subscription",
           "deliver_due", "dispatch", "event_type_of", "list_deliveries", "list_subscriptions",
           "new_secret", "replay", "scan", "sign"]
