"""The staff declarations page (no browser): generate a version, see its status and checks,
download the file, mark it submitted with the authority's reference, record the answer; a refusal
names the field and stores nothing; members are refused."""
from __future__ import annotations

import uuid
from datetime import date

import pytest
from litestar.testing import TestClient

from partage.api.app import create_app
from partage.core.db import Database
from partage.core.declarations.xml import xsd_problems
from partage.core.settings import load_settings
from partage.plugins.be.declarations.vat import xsd
from tests.web.seed import PASSWORD
from tests.web.signin import post_sign_in

PAGE = "/app/staff/declarations"


@pytest.fixture
def client(world):
    db = Database(world.url)
    app = create_app(db, load_settings({"PARTAGE_SECRET_KEY": uuid.uuid4().hex * 2}))
    with TestClient(app, raise_server_exceptions=True) as c:
        yield c
    db.dispose()


def signed_in(client, slug: str, email: str) -> dict[str, str]:
    signed = post_sign_in(client, slug, email, PASSWORD)
    assert signed.status_code == 303, signed.text
    return {"HX-Request": "true", "X-CSRF-Token": client.cookies.get("partage_csrf"), "Accept-Language": "fr"}


def test_staff_generate_submit_and_record_the_answer(client, world):
    seed = world.tenants["smart-be"]
    headers = signed_in(client, seed.slug, seed.admin_email)
    month = f"{date.today():%Y-%m}"
    made = client.post(f"{PAGE}/generate", data={"type": "vat", "period": month}, headers=headers)
    assert made.status_code == 200 and made.headers["HX-Redirect"] == PAGE
    page = client.get(PAGE, headers={"Accept-Language": "fr"}).text
    row = next(r for r in page.split("<tr>") if "VAT" in r and month in r)
    assert "validée" in row and "Tous les contrôles sont passés" in row
    link = row.split('href="')[1].split('"')[0]
    assert xsd_problems(client.get(link).content, xsd()) == []           # the file, as generated
    declaration = link.split("declaration_id=")[1]
    refused = client.post(f"{PAGE}/submitted?declaration_id={declaration}", data={"reference": " "}, headers=headers)
    assert refused.status_code == 400 and "reference" in refused.text
    client.post(f"{PAGE}/submitted?declaration_id={declaration}", data={"reference": "INTERVAT-42"}, headers=headers)
    row = next(r for r in client.get(PAGE, headers={"Accept-Language": "fr"}).text.split("<tr>") if declaration in r)
    assert "déposée" in row and "INTERVAT-42" in row
    client.post(f"{PAGE}/answer?declaration_id={declaration}", data={"accepted": "yes"}, headers=headers)
    row = next(r for r in client.get(PAGE).text.split("<tr>") if declaration in r)
    assert "acceptée" in row                                              # the tenant's language: French


def test_a_refused_generation_names_the_field(client, world):
    seed = world.tenants["smart-be"]
    headers = signed_in(client, seed.slug, seed.admin_email)
    refused = client.post(f"{PAGE}/generate", data={"type": "vat", "period": "March"}, headers=headers)
    assert refused.status_code == 400 and "period" in refused.text
    unknown = client.post(f"{PAGE}/generate", data={"type": "dsn", "period": "2026-03"}, headers=headers)
    assert unknown.status_code == 400 and "type" in unknown.text


def test_members_are_refused(client, world):
    seed = world.tenants["smart-be"]
    headers = signed_in(client, seed.slug, seed.member_email)
    assert client.post(f"{PAGE}/generate", data={"type": "vat", "period": "2026-03"}, headers=headers).status_code == 403
