"""Webhooks against a local receiver: signatures checked by the Standard Webhooks reference
library (a second implementation), retries after a 500, nothing sent for a rolled-back
transaction, nothing lost when the dispatcher is killed mid-delivery."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from partage.core.billing import create_member
from partage.core.db.base import utcnow
from partage.core.tenancy import bind_tenant
from partage.core.webhooks import create_subscription, dispatch, replay, scan
from partage.core.webhooks.errors import InvalidWebhook
from partage.core.webhooks.models import WebhookAttempt, WebhookDelivery
from tests.conftest import create_tenant
from tests.webhooks.receiver import Receiver

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def receiver():
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture
def tenant(db):
    return create_tenant(db)


def _subscribe(db, tenant, url, types=("member.created",)):
    with bind_tenant(tenant), db.session() as s:
        new = create_subscription(s, url=url, event_types=list(types), actor="test")
        return new.subscription.id, new.secret


def _member(db, tenant, name="Ada"):
    with bind_tenant(tenant), db.session() as s:
        return create_member(s, {"first_name": name, "last_name": "Lovelace"}, actor="test").id


def _deliveries(db, tenant):
    with bind_tenant(tenant), db.session() as s:
        return s.scalars(select(WebhookDelivery).order_by(WebhookDelivery.event_seq)).all()


def _dispatch(db, tenant, **kw):
    with bind_tenant(tenant):
        return dispatch(db, **kw)


def test_an_event_is_delivered_signed_as_the_standard_says(db, tenant, receiver):
    _, secret = _subscribe(db, tenant, receiver.url)
    member_id = _member(db, tenant)
    assert _dispatch(db, tenant) == (1, 1)
    (got,) = receiver.got
    # the reference implementation checks signature and timestamp, and raises if either is wrong
    payload = Webhook(secret).verify(got.body, got.headers)
    assert payload["type"] == "member.created"
    assert payload["data"]["subject"] == f"member:{member_id}"
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(got.body.replace("member", "membre"), got.headers)
    (delivery,) = _deliveries(db, tenant)
    assert (delivery.status, delivery.attempts, delivery.last_status) == ("delivered", 1, 200)


def test_a_500_is_retried_on_the_schedule_with_the_same_message_id(db, tenant, receiver):
    receiver.answers = [500]
    _subscribe(db, tenant, receiver.url)
    _member(db, tenant)
    t0 = utcnow()
    assert _dispatch(db, tenant, now=t0) == (1, 1)
    (delivery,) = _deliveries(db, tenant)
    assert (delivery.status, delivery.last_status) == ("pending", 500)
    assert _dispatch(db, tenant, now=t0 + timedelta(seconds=4)) == (0, 0)   # not due yet (5 s)
    assert _dispatch(db, tenant, now=t0 + timedelta(seconds=6)) == (0, 1)
    (delivery,) = _deliveries(db, tenant)
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    first, second = receiver.got
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    with bind_tenant(tenant), db.session() as s:
        codes = [a.status_code for a in s.scalars(select(WebhookAttempt).order_by(WebhookAttempt.at))]
    assert codes == [500, 200]


def test_nothing_is_sent_for_a_rolled_back_transaction_or_before_subscribing(db, tenant, receiver):
    _member(db, tenant, "Before")
    _subscribe(db, tenant, receiver.url)
    with pytest.raises(RuntimeError), bind_tenant(tenant), db.session() as s:
        create_member(s, {"first_name": "Ghost", "last_name": "Rolledback"}, actor="test")
        raise RuntimeError("the caller fails after the member was written")
    assert _dispatch(db, tenant) == (0, 0)
    _member(db, tenant, "After")
    assert _dispatch(db, tenant) == (1, 1)
    assert len(receiver.got) == 1 and "Ghost" not in receiver.got[0].body


def test_each_event_is_queued_once_per_subscription(db, tenant, receiver):
    _subscribe(db, tenant, receiver.url)
    _subscribe(db, tenant, receiver.url, types=("member.created", "payment.received"))
    _member(db, tenant)
    with bind_tenant(tenant), db.session() as s:
        assert scan(s) == 2
    with bind_tenant(tenant), db.session() as s:
        assert scan(s) == 0
    assert len(_deliveries(db, tenant)) == 2


def test_a_replay_sends_the_same_message_again(db, tenant, receiver):
    _, secret = _subscribe(db, tenant, receiver.url)
    _member(db, tenant)
    _dispatch(db, tenant)
    (delivery,) = _deliveries(db, tenant)
    with bind_tenant(tenant), db.session() as s:
        replay(s, delivery.id, actor="test")
    assert _dispatch(db, tenant) == (0, 1)
    first, second = receiver.got
    assert first.body == second.body and first.headers["webhook-id"] == second.headers["webhook-id"]
    Webhook(secret).verify(second.body, second.headers)


def test_another_tenants_events_are_not_heard(db, tenant, receiver):
    other = create_tenant(db)
    _subscribe(db, tenant, receiver.url)
    _member(db, other)
    assert _dispatch(db, tenant) == (0, 0)
    assert receiver.got == []


@pytest.mark.parametrize("field, url, types", [
    ("url", "ftp://example.org/x", ["member.created"]),
    ("url", "not an address", ["member.created"]),
    ("url", "https://user:pw@example.org/x", ["member.created"]),
    ("event_types", "https://example.org/x", []),
    ("event_types", "https://example.org/x", ["member.deleted"]),
])
def test_a_bad_subscription_is_refused_naming_the_field(db, tenant, field, url, types):
    with pytest.raises(InvalidWebhook) as refused, bind_tenant(tenant), db.session() as s:
        create_subscription(s, url=url, event_types=types, actor="test")
    assert refused.value.field == field


DISPATCHER = textwrap.dedent("""
    import sys, uuid
    from partage.core.db import Database
    from partage.core.tenancy import bind_tenant
    from partage.core.webhooks import dispatch
    db = Database(sys.argv[1])
    with bind_tenant(uuid.UUID(sys.argv[2])):
        dispatch(db)
""")


def test_no_delivery_is_lost_when_the_dispatcher_is_killed_mid_delivery(db, tenant, receiver):
    receiver.hold_first = __import__("threading").Event()
    _, secret = _subscribe(db, tenant, receiver.url)
    _member(db, tenant)
    url = db.engine.url.render_as_string(hide_password=False)
    worker = subprocess.Popen([sys.executable, "-c", DISPATCHER, url, str(tenant)], cwd=ROOT)
    try:
        assert receiver.arrived.wait(60), "the dispatcher never called the receiver"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
    receiver.hold_first.set()
    (delivery,) = _deliveries(db, tenant)
    assert (delivery.status, delivery.attempts) == ("pending", 1)   # claimed, never settled
    assert _dispatch(db, tenant) == (0, 0)                          # its lease still holds
    assert _dispatch(db, tenant, now=delivery.lease_until + timedelta(seconds=1)) == (0, 1)
    (delivery,) = _deliveries(db, tenant)
    assert delivery.status == "delivered"
    first, again = receiver.got
    assert first.headers["webhook-id"] == again.headers["webhook-id"]
    assert json.loads(Webhook(secret).verify(again.body, again.headers) and again.body)["type"] == "member.created"
