"""Webhooks over the API: an admin (or an integration key) subscribes; members cannot; events of
the tenant reach the endpoint signed (checked by the Standard Webhooks reference library); the
delivery log shows each attempt; a replay sends the same message again."""
from __future__ import annotations

from standardwebhooks import Webhook

from partage.core.tenancy import bind_tenant
from partage.core.webhooks import dispatch
from tests.api.conftest import add_key, enable_modules
from tests.webhooks.receiver import Receiver


def test_a_subscription_hears_the_tenants_events_and_the_log_shows_them(world, client):
    enable_modules(world.db, world.tenants["a"], ["billing"])
    receiver = Receiver(answers=[503]).start()
    try:
        admin = world.headers("a", "tenant_admin")
        made = client.post("/webhooks/subscriptions", headers=admin,
                           json={"url": receiver.url, "event_types": ["member.created"]})
        assert made.status_code == 201, made.text
        secret = made.json()["secret"]
        assert client.post("/billing/members", headers=admin,
                           json={"first_name": "Grace", "last_name": "Hopper"}).status_code == 201
        with bind_tenant(world.tenants["a"]):
            dispatch(world.db)                      # the endpoint answers 503: retried later
        (row,) = client.get("/webhooks/deliveries", headers=admin).json()
        assert (row["status"], row["attempts"], row["last_status"]) == ("pending", 1, 503)
        assert client.post(f"/webhooks/deliveries/{row['id']}/replay", headers=admin).status_code == 200
        with bind_tenant(world.tenants["a"]):
            dispatch(world.db)
        detail = client.get(f"/webhooks/deliveries/{row['id']}", headers=admin).json()
        assert detail["delivery"]["status"] == "delivered"
        assert [a["status_code"] for a in detail["attempt_log"]] == [503, 200]
        for got in receiver.got:
            assert Webhook(secret).verify(got.body, got.headers)["data"]["subject"].startswith("member:")
        # tenant b hears nothing of tenant a
        assert client.get("/webhooks/deliveries", headers=world.headers("b", "tenant_admin")).json() == []
    finally:
        receiver.stop()


def test_members_and_advisors_cannot_subscribe_and_bad_input_names_the_field(world, client):
    body = {"url": "https://example.org/hook", "event_types": ["member.created"]}
    for role in ("member", "advisor"):
        assert client.post("/webhooks/subscriptions", headers=world.headers("a", role), json=body).status_code == 403
    admin = world.headers("a", "tenant_admin")
    bad = client.post("/webhooks/subscriptions", headers=admin, json={**body, "event_types": ["member.deleted"]})
    assert bad.status_code == 400 and "event_types" in bad.text
    bad = client.post("/webhooks/subscriptions", headers=admin, json={**body, "url": "ftp://example.org"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "url"


def test_an_integration_key_with_the_webhook_permission_subscribes(world, client):
    _, secret = add_key(world.db, world.tenants["a"], ["webhooks:read", "webhooks:write"])
    made = client.post("/webhooks/subscriptions", headers={"Authorization": f"Bearer {secret}"},
                       json={"url": "https://example.org/hook", "event_types": ["invoice.paid"]})
    assert made.status_code == 201, made.text
