"""A numbered document's date lies in the tenant's window: not in the future, not before the last
document of its series, within ``issue_date_past_days`` when set; refused with 400 naming it."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from partage.core.billing import InvalidInput, update_settings
from partage.core.tenancy import bind_tenant
from tests.api.billing_data import LINE, billing_records
from tests.api.conftest import enable_modules


@pytest.fixture
def books(world):
    enable_modules(world.db, world.tenants["a"], ["billing"])
    return billing_records(world.db, world.tenants["a"], email="MEMBER@a.test")


def _draft(client, world, books) -> str:
    body = {"activity_id": str(books["activity_id"]), "client_id": str(books["client_id"]), "lines": [LINE]}
    made = client.post("/billing/invoices", json=body, headers=world.headers("a", "advisor"))
    assert made.status_code == 201, made.text
    return made.json()["id"]


def _issue(client, world, invoice_id, on: date):
    return client.post(f"/billing/invoices/{invoice_id}/issue", params={"on": on.isoformat()},
                       headers=world.headers("a", "advisor"))


@pytest.mark.parametrize("on", [date.today() + timedelta(days=1), date(2099, 1, 1)])
def test_a_future_date_is_refused_naming_the_field(world, client, books, on):
    response = _issue(client, world, _draft(client, world, books), on)
    assert response.status_code == 400, response.text
    assert {e["field"] for e in response.json()["errors"]} == {"issue_date"}
    later = _issue(client, world, _draft(client, world, books), date.today())
    assert later.status_code == 200, later.text       # nothing blocks the series afterwards


def test_a_date_before_the_series_last_document_is_refused(world, client, books):
    assert _issue(client, world, _draft(client, world, books), date.today()).status_code == 200
    ancient = _issue(client, world, _draft(client, world, books), date(1207, 5, 1))
    assert ancient.status_code == 400 and ancient.json()["errors"][0]["field"] == "issue_date"


def test_the_tenant_sets_how_far_back_a_document_may_be_dated(world, client, books):
    with bind_tenant(world.tenants["a"]), world.db.session() as s:
        update_settings(s, {"issue_date_past_days": 10}, actor="test")
        with pytest.raises(InvalidInput, match="issue_date_past_days"):
            update_settings(s, {"issue_date_past_days": -1}, actor="test")
    too_old = _issue(client, world, _draft(client, world, books), date.today() - timedelta(days=11))
    assert too_old.status_code == 400 and too_old.json()["errors"][0]["field"] == "issue_date"
    assert _issue(client, world, _draft(client, world, books), date.today() - timedelta(days=9)).status_code == 200
