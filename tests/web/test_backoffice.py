"""The back office at work (no browser): lists page through every row once with totals and links,
a member's client is private to their activity until staff share it (web and API), modules switch
off and on again from the settings, the ops console's menu opens only what ops may see, browsers get
HTML errors in their language, and every page renders in FR, NL and EN from the catalogs."""
from __future__ import annotations

import re
import uuid

import pytest
from litestar.testing import TestClient
from sqlalchemy import select

from partage.api.app import create_app
from partage.api.web import i18n
from partage.core.billing import create_activity, create_client, create_invoice, create_member, issue_invoice
from partage.core.billing.models import Activity, Client, Invoice, Member
from partage.core.db import Database
from partage.core.identity import policy
from partage.core.identity.models import User
from partage.core.payroll.models import PayrollRun, PayslipRecord
from partage.core.identity.users import create_user
from partage.core.settings import load_settings
from partage.core.tenancy import bind_tenant
from tests.web.seed import PASSWORD
from tests.web.signin import post_sign_in


@pytest.fixture
def client(world, tmp_path):
    db = Database(world.url)
    app = create_app(db, load_settings({"PARTAGE_SECRET_KEY": uuid.uuid4().hex * 2, "PARTAGE_VAR_DIR": str(tmp_path)}))
    with TestClient(app, raise_server_exceptions=True) as c:
        yield c
    db.dispose()


def sign_in(client, tenant: str, email: str, password: str = PASSWORD) -> dict:
    client.cookies.clear()
    response = post_sign_in(client, tenant, email, password)
    assert response.status_code == 303, response.text
    return {"HX-Request": "true", "X-CSRF-Token": client.cookies.get("partage_csrf")}


def api_auth(client, tenant: str, email: str) -> dict:
    """A bearer token (signed in through the API, outside the browser session's cookies)."""
    jar = dict(client.cookies)
    client.cookies.clear()
    token = client.post("/auth/login", json={"tenant": tenant, "email": email, "password": PASSWORD}).json()
    client.cookies.update(jar)
    return {"Authorization": f"Bearer {token['access_token']}"}


def _second_member(world, slug: str) -> str:
    """Another member of the same tenant, with an account and an activity of their own."""
    db = Database(world.url)
    email = f"other.{uuid.uuid4().hex[:6]}@{slug}.test"
    with bind_tenant(world.tenants[slug].tenant_id), db.session() as s:
        member = create_member(s, {"first_name": "Other", "last_name": "Member", "email": email}, actor="test")
        create_activity(s, member.id, "Other studio", actor="test")
        create_user(s, email=email, display_name="Other", roles=["member"], password=PASSWORD, actor="test")
    db.dispose()
    return email


def test_a_members_client_is_private_until_staff_share_it(client, world):
    seed = world.tenants["coop-lumen"]
    other = _second_member(world, seed.slug)
    name = f"Atelier Privé {uuid.uuid4().hex[:6]}"
    headers = sign_in(client, seed.slug, seed.member_email)
    made = client.post("/app/clients", headers=headers, data={"name": name, "kind": "consumer", "country": "BE"})
    assert made.headers.get("HX-Redirect") == "/app/clients", made.text
    assert name in client.get(f"/app/clients?q={name}").text
    db = Database(world.url)
    with bind_tenant(seed.tenant_id), db.session() as s:
        row = s.scalars(select(Client).where(Client.name == name)).one()
        client_id, owner = row.id, s.get(Activity, row.activity_id)
        assert owner.name == seed.activity and row.shared is False
    db.dispose()
    sign_in(client, seed.slug, other)           # another member of the same cooperative
    assert name not in client.get("/app/clients").text
    assert client.get(f"/app/client?client_id={client_id}").status_code == 404
    assert str(client_id) not in client.get("/app/invoices/new").text
    api = api_auth(client, seed.slug, other)
    assert client.get(f"/billing/clients/{client_id}", headers=api).status_code == 404
    assert all(c["id"] != str(client_id) for c in client.get("/billing/clients?limit=200", headers=api).json())
    headers = sign_in(client, seed.slug, seed.admin_email)   # staff see it and share it
    assert client.get(f"/app/client?client_id={client_id}").status_code == 200
    shared = client.post(f"/app/client/share?client_id={client_id}", data={"shared": "1"}, headers=headers)
    assert shared.headers.get("HX-Redirect")
    sign_in(client, seed.slug, other)
    assert client.get(f"/app/client?client_id={client_id}").status_code == 200
    assert client.get(f"/billing/clients/{client_id}", headers=api).status_code == 200


def test_lists_walk_every_row_once_with_totals_in_the_web_and_the_api(client, world):
    seed = world.tenants["smart-be"]
    tag = uuid.uuid4().hex[:6]
    db = Database(world.url)
    with bind_tenant(seed.tenant_id), db.session() as s:
        for n in range(73):
            create_member(s, {"first_name": f"P{n:02d}", "last_name": f"Keyset{tag}", "email": f"k{n}@{tag}.be"},
                          actor="test")
    db.dispose()
    sign_in(client, seed.slug, seed.admin_email)
    seen, url = [], f"/app/staff/members?q=Keyset{tag}"
    while url:
        page = client.get(url.replace("&amp;", "&")).text
        assert re.search(r'data-testid="list-total">[^<]*<strong>73</strong>', page)
        seen += re.findall(r'member_id=([0-9a-f-]{36})">P\d\d', page)
        found = re.search(r'href="([^"]+)" rel="next"', page)
        url = found.group(1) if found else None
    assert len(seen) == 73 == len(set(seen))
    back = re.search(r'href="([^"]+)" rel="prev"', page).group(1).replace("&amp;", "&")
    assert len(re.findall(r'member_id=', client.get(back).text)) == 50
    api, ids, url = api_auth(client, seed.slug, seed.admin_email), [], f"/billing/members?q=Keyset{tag}&limit=20"
    while url:
        response = client.get(url, headers=api)
        assert response.headers["x-total-count"] == "73"
        ids += [m["id"] for m in response.json()]
        link = re.search(r'<([^>]+)>; rel="next"', response.headers.get("link", ""))
        url = link.group(1) if link else None
    assert len(ids) == 73 == len(set(ids)) and set(ids) == set(seen)
    assert client.get("/billing/members?after=not-a-cursor", headers=api).status_code == 400


def test_the_invoice_list_totals_the_filtered_list(client, world):
    """Two invoices of 400.00 and 100.00 excl. VAT at the Belgian standard rate (21 %): 605.00 invoiced."""
    seed = world.tenants["smart-be"]
    name = f"Totals {uuid.uuid4().hex[:6]}"
    db = Database(world.url)
    with bind_tenant(seed.tenant_id), db.session() as s:
        activity = s.scalars(select(Activity).where(Activity.name == seed.activity)).one()
        buyer = create_client(s, {"kind": "consumer", "name": name, "country": "BE"}, actor="test")
        for price in ("400.00", "100.00"):
            invoice = create_invoice(s, {"activity_id": activity.id, "client_id": buyer.id, "lines": [
                {"description": "Work", "quantity": "1", "unit_price": price, "vat_code": "standard"}]}, actor="test")
            issue_invoice(s, invoice.id, actor="test")
    db.dispose()
    sign_in(client, seed.slug, seed.member_email)
    page = client.get(f"/app/invoices?q={name}", headers={"Accept-Language": "fr"}).text
    assert re.search(r'data-testid="list-total">[^<]*<strong>2</strong>', page)
    assert 'data-testid="list-sum">605,00<' in page and 'data-testid="list-due">605,00<' in page
    assert page.count("/app/invoice?invoice_id=") == 2 and page.count("/app/client?client_id=") == 2


def test_a_module_switched_off_comes_back_on_from_the_settings(client, world):
    seed = world.tenants["coop-lumen"]
    headers = sign_in(client, seed.slug, seed.admin_email)
    before = client.get("/app/admin/settings").text
    enabled = re.findall(r'name="module_(\w+)" checked', before)
    assert "billing" in enabled
    form = {f"module_{m}": "on" for m in enabled if m != "billing"}
    client.post("/app/admin/settings", data=form, headers=headers)
    off = client.get("/app/admin/settings").text
    assert 'name="module_billing"' in off and 'name="module_billing" checked' not in off
    assert 'href="/app/invoices"' not in off and client.get("/app/invoices").status_code == 404
    assert client.get("/billing/invoices", headers=api_auth(client, seed.slug, seed.admin_email)).status_code == 404
    client.post("/app/admin/settings", data={**form, "module_billing": "on"}, headers=headers)
    on = client.get("/app/admin/settings").text
    assert 'name="module_billing" checked' in on and 'href="/app/invoices"' in on
    assert client.get("/app/invoices").status_code == 200


def test_the_ops_console_has_a_menu_without_refused_links_and_a_sign_out(client, world):
    seed = world.tenants["smart-be"]
    sign_in(client, seed.slug, f"ops@{seed.slug}.test")
    page = client.get("/app/ops").text
    links = set(re.findall(r'<nav aria-label="[^"]+">(.*?)</nav>', page, re.S)[0].split('href="')[1:])
    targets = {chunk.split('"')[0] for chunk in links}
    assert "/app/ops" in targets and 'action="/logout"' in page
    for target in targets:
        assert client.get(target).status_code == 200, target


def test_browsers_get_html_errors_in_their_language_and_api_clients_problem_details(client, world):
    seed = world.tenants["coop-lumen"]
    sign_in(client, seed.slug, seed.admin_email)
    bad_id = client.get("/app/invoice?invoice_id=not-an-id", headers={"Accept": "text/html"})
    assert bad_id.status_code == 404 and bad_id.headers["content-type"].startswith("text/html")
    assert 'lang="nl"' in bad_id.text and "Deze pagina bestaat niet." in bad_id.text
    nowhere = client.get("/app/nowhere", headers={"Accept": "text/html,application/xhtml+xml", "Accept-Language": "nl"})
    assert nowhere.status_code == 404 and "text/html" in nowhere.headers["content-type"]
    api = client.get("/app/nowhere", headers={"Accept": "application/json"})
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/problem+json")


def test_french_tenants_get_french_vocabulary():
    """France says HT (hors taxes) and NIR; Belgium HTVA and numéro national."""
    fr, be = i18n.dialect("fr", "fr"), i18n.dialect("fr", "be")
    assert i18n.translate(fr, "Unit price excl. VAT") == "Prix unitaire HT"
    assert i18n.translate(be, "Unit price excl. VAT") == "Prix unitaire HTVA"
    assert i18n.translate(fr, "National number").startswith("NIR")
    assert i18n.translate(be, "National number") == "Numéro national"
    assert i18n.dialect("nl", "fr") == "nl"


def _pages(client, world, slug: str, roles: set[str]) -> list[str]:
    """Every web page reachable by GET, with ids of this tenant's records where one is needed."""
    db = Database(world.url)
    with bind_tenant(world.tenants[slug].tenant_id), db.session() as s:
        ids = {"invoice_id": s.scalar(select(Invoice.id).limit(1)), "client_id": s.scalar(select(Client.id).limit(1)),
               "member_id": s.scalar(select(Member.id).limit(1)), "user_id": s.scalar(select(User.id).limit(1)),
               "run_id": s.scalar(select(PayrollRun.id).limit(1)),
               "payslip_id": s.scalar(select(PayslipRecord.id).limit(1))}
    db.dispose()
    skip = ("/pdf", "/einvoice", "/sepa", "/file", "/simulate", "/preview", "/static", "/password", "/logout")
    pages = []
    for route in client.app.routes:
        for handler in getattr(route, "route_handlers", ()):
            if "GET" not in handler.http_methods or not str(handler.opt.get("permission", "")).startswith(("web:", "me:", "tenant_settings")):
                continue
            if not route.path.startswith("/app") or any(part in route.path for part in skip) or policy.scope_for(handler.opt["permission"], roles) is None:
                continue
            fields = handler.signature_model.__struct_fields__ if handler.signature_model else ()
            wanted = [k for k in ids if k in fields]
            if any(ids[k] is None for k in wanted):
                continue   # no such record in this world yet (a run before the payroll test made one)
            pages.append(route.path + ("?" + "&".join(f"{k}={ids[k]}" for k in wanted) if wanted else ""))
    return sorted(set(pages))


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_every_page_renders_in_each_language_from_its_catalog(client, world, lang, monkeypatch):
    seed = world.tenants["smart-be"]
    monkeypatch.setattr(i18n, "MISSING", set())
    sign_in(client, seed.slug, seed.admin_email)
    client.cookies.set(i18n.LANG_COOKIE, lang)
    pages = _pages(client, world, seed.slug, {"tenant_admin", "advisor"})
    assert len(pages) > 15
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert f'lang="{lang}"' in response.text, path
    assert sorted(i18n.MISSING) == []


def test_a_bad_vat_number_is_refused_in_french_without_english(client, world):
    """BE0403019262: Belgian VAT numbers end with 97 - (first eight digits mod 97) = 61, not 62."""
    seed = world.tenants["smart-be"]
    headers = sign_in(client, seed.slug, seed.member_email)
    refused = client.post("/app/clients", headers={**headers, "Accept-Language": "fr"},
                          data={"name": "Mauvais Numéro", "kind": "business", "country": "BE",
                                "company_number": "0403019261", "vat_number": "BE0403019262"})
    errors = dict(re.findall(r'<p class="error" id="e-(\w+)" role="alert">([^<]*)</p>', refused.text))
    assert errors.get("vat_number") == "Le chiffre de contrôle de ce numéro est faux.", errors
    assert "checksum" not in refused.text and "The number" not in refused.text
