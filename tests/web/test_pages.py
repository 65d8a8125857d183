"""Page behaviour without a browser: sign-in required, role landing, HTML errors, stale sessions,
and the budget-first simulation of both countries."""
from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal

import pytest
from litestar.testing import TestClient

from partage.api.app import create_app
from partage.api.web.simulate import simulate
from partage.core.db import Database
from partage.core.settings import load_settings
from tests.web.seed import PASSWORD


@pytest.fixture
def client(world):
    db = Database(world.url)
    app = create_app(db, load_settings({"PARTAGE_SECRET_KEY": uuid.uuid4().hex * 2}))
    with TestClient(app, raise_server_exceptions=True) as c:
        yield c
    db.dispose()


def sign_in(client, tenant: str, email: str):
    token = re.search(r'name="login_token" value="([^"]+)"', client.get("/login").text).group(1)
    return client.post("/login", data={"tenant": tenant, "email": email, "password": PASSWORD,
                                       "login_token": token}, follow_redirects=False)


def test_pages_need_a_sign_in_and_show_the_form(client):
    response = client.get("/app/invoices", headers={"Accept-Language": "nl-BE"})
    assert response.status_code == 401
    assert 'id="f-tenant"' in response.text and "Aanmelden" in response.text
    htmx = client.get("/app/invoices", headers={"HX-Request": "true"})
    assert htmx.status_code == 401 and htmx.headers["HX-Redirect"] == "/login"


def test_each_role_lands_on_its_page(client):
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    assert sign_in(client, "smart-be", "ops@smart-be.test").headers["location"] == "/"
    assert client.get("/", follow_redirects=False).headers["location"] == "/app/ops"
    ops = client.get("/app/ops")
    assert ops.status_code == 200 and "smart-be" in ops.text and "coop-lumen" in ops.text
    assert client.get("/app/clients").status_code == 403   # ops never browse a tenant's data here


def test_a_member_is_refused_staff_pages_with_an_html_page(client):
    sign_in(client, "smart-be", "member@smart-be.test")
    response = client.get("/app/staff/members")
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "avez pas accès à cette page." in response.text and 'lang="fr"' in response.text


def test_a_stale_session_cookie_shows_the_sign_in_form_and_is_dropped(client):
    client.cookies.set("partage_session", "ps_not-a-real-session")
    response = client.get("/app")
    assert response.status_code == 401 and 'id="f-tenant"' in response.text
    assert "partage_session=" in response.headers.get("set-cookie", "")


@pytest.mark.parametrize("country, profile, employer", [
    ("be", {"family": "single", "children": 0}, {}),
    ("fr", {"cadre": False}, {"headcount": 250, "at_rate": "0.0120"}),
])
def test_simulation_spends_the_budget_and_pays_a_net(country, profile, employer):
    day = date.today().replace(day=3)
    result = simulate(country, Decimal("1200.00"), start=day, end=day, profile=profile, employer=employer,
                      birth_date=date(1990, 1, 1))
    assert Decimal("1199.00") <= result.employer_cost <= Decimal("1200.00")
    assert Decimal(0) < result.net_to_pay <= result.gross < result.budget


def test_staff_see_what_a_member_owes_the_guarantee_fund(client, world):
    from partage.core.billing import create_activity, create_member
    from partage.core.ledger import advance, post
    from partage.core.tenancy import bind_tenant

    seed = world.tenants["smart-be"]
    db = Database(world.url)
    with bind_tenant(seed.tenant_id), db.session() as s:
        member = create_member(s, {"first_name": "Gaspard", "last_name": "Avance"}, actor="test")
        activity = create_activity(s, member.id, "Décors", actor="test")
        advance(s, activity_id=activity.id, entry_date=date(2026, 3, 2), amount=Decimal("300.00"),
                description="guarantee fund advance for a salary")
        post(s, activity_id=activity.id, entry_date=date(2026, 3, 9), kind="revenue",
             amount=Decimal("176.55"), description="client paid")   # repays 176.55 of it
    db.dispose()
    sign_in(client, "smart-be", seed.admin_email)
    page = client.get("/app/staff/members", headers={"Accept-Language": "fr"})
    assert page.status_code == 200 and "Dû au fonds de garantie" in page.text
    row = next(r for r in page.text.split("<tr>") if "Gaspard" in r)
    assert "123,45" in row and "Décors (300,00)" in row
    assert "Fonds de garantie : avancé et non remboursé" in page.text and 'data-testid="fund-absorbed"' in page.text


def _issued_invoice(world, slug: str) -> uuid.UUID:
    from sqlalchemy import select

    from partage.core.billing import create_client, create_invoice, issue_invoice
    from partage.core.billing.models import Activity
    from partage.core.tenancy import bind_tenant

    seed = world.tenants[slug]
    db = Database(world.url)
    with bind_tenant(seed.tenant_id), db.session() as s:
        activity = s.scalars(select(Activity).where(Activity.name == seed.activity)).one()
        client = create_client(s, {"kind": "consumer", "name": "Late Payer", "country": seed.country},
                               actor="test")
        invoice = create_invoice(s, {"activity_id": activity.id, "client_id": client.id, "lines": [
            {"description": "Stage design", "quantity": "1", "unit_price": "400.00", "vat_code": "standard"}]},
            actor="test")
        issue_invoice(s, invoice.id, actor="test")
        invoice_id = invoice.id
    db.dispose()
    return invoice_id


def test_a_tenant_admin_writes_off_a_bad_debt_from_the_invoice_page(client, world):
    """The form shows to tenant admins only, on an open invoice; an empty reason is refused on its
    field and changes nothing; with a reason the page then shows the amount written off."""
    seed = world.tenants["coop-lumen"]
    invoice_id = _issued_invoice(world, "coop-lumen")
    url, action = f"/app/invoice?invoice_id={invoice_id}", f"/app/invoice/write-off?invoice_id={invoice_id}"
    sign_in(client, seed.slug, seed.member_email)
    assert client.get(url).status_code in (200, 404) and action not in client.get(url).text
    csrf = {"HX-Request": "true", "X-CSRF-Token": client.cookies.get("partage_csrf")}
    assert client.post(action, data={"reason": "gone"}, headers=csrf).status_code == 403
    client.cookies.clear()
    sign_in(client, seed.slug, seed.admin_email)
    csrf = {"HX-Request": "true", "X-CSRF-Token": client.cookies.get("partage_csrf")}
    page = client.get(url, headers={"Accept-Language": "en"})
    assert action in page.text and 'data-testid="written-off"' not in page.text
    refused = client.post(action, data={"reason": " "}, headers=csrf)
    assert refused.status_code == 200 and 'id="e-reason"' in refused.text
    assert 'data-testid="written-off"' not in client.get(url).text
    done = client.post(action, data={"reason": "Client insolvent"}, headers=csrf)
    assert done.status_code == 200 and done.headers["HX-Redirect"] == url
    after = client.get(url).text
    assert 'data-testid="written-off"' in after and action not in after


def test_a_client_is_created_with_the_language_of_its_invoices(client, world):
    from sqlalchemy import select

    from partage.core.billing.models import Client
    from partage.core.tenancy import bind_tenant

    seed = world.tenants["smart-be"]
    sign_in(client, seed.slug, seed.member_email)
    headers = {"HX-Request": "true", "X-CSRF-Token": client.cookies.get("partage_csrf")}
    form = {"name": "Bakkerij Peeters", "kind": "consumer", "country": "BE"}
    assert 'name="language"' in client.get("/app/clients").text
    bad = client.post("/app/clients", data={**form, "language": "xx"}, headers=headers)
    assert bad.status_code == 200 and 'id="e-language"' in bad.text
    done = client.post("/app/clients", data={**form, "language": "nl"}, headers=headers)
    assert done.headers.get("HX-Redirect") == "/app/clients", done.text
    db = Database(world.url)
    with bind_tenant(seed.tenant_id), db.session() as s:
        languages = s.scalars(select(Client.language).where(Client.name == "Bakkerij Peeters")).all()
    db.dispose()
    assert languages == ["nl"]
