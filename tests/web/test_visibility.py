"""The "own records" rule in the web pages: the same as the API's (``core.billing.visibility``):
every member sharing the signed-in user's e-mail, and no member with another e-mail."""
from __future__ import annotations

import uuid

import pytest
from litestar.testing import TestClient

from partage.api.app import create_app
from partage.core.billing import create_activity, create_member
from partage.core.db import Database
from partage.core.settings import load_settings
from partage.core.tenancy import bind_tenant
from tests.web.seed import PASSWORD, build
from tests.web.signin import post_sign_in


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """The seeded tenants, plus in smart-be a second member with the member's e-mail (other case)
    and a third member with another e-mail, each with an activity."""
    world = build(tmp_path_factory.mktemp("web-visibility") / "partage.db")
    seed = world.tenants["smart-be"]
    db = Database(world.url)
    with bind_tenant(seed.tenant_id), db.session() as s:
        for email, name in (("MEMBER@smart-be.test", "Second studio"), ("someone@else.test", "Not yours")):
            member = create_member(s, {"first_name": "Alex", "last_name": name, "email": email}, actor="test")
            create_activity(s, member.id, name, actor="test")
    db.dispose()
    return world


@pytest.fixture
def member(shared):
    db = Database(shared.url)
    app = create_app(db, load_settings({"PARTAGE_SECRET_KEY": uuid.uuid4().hex * 2}))
    with TestClient(app, raise_server_exceptions=True) as c:
        signed = post_sign_in(c, "smart-be", "member@smart-be.test", PASSWORD)
        assert signed.status_code in (302, 303), signed.text
        yield c
    db.dispose()


def test_the_dashboard_shows_the_activities_of_every_linked_member(shared, member):
    page = member.get("/app")
    assert page.status_code == 200
    assert shared.tenants["smart-be"].activity in page.text and "Second studio" in page.text
    assert "Not yours" not in page.text


def test_the_invoice_form_offers_the_same_activities_as_the_api(shared, member):
    form = member.get("/app/invoices/new")
    assert form.status_code == 200
    assert "Second studio" in form.text and "Not yours" not in form.text
