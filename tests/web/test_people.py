"""People in the back office (no browser): staff create and edit members, an admin invites
someone by e-mail (received by a real local SMTP server), the link sets a password once, resets,
deactivation keeps history; the same through the API."""
from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from litestar.testing import TestClient
from sqlalchemy import select, update

from partage.api.app import create_app
from partage.core.db import Database, utcnow
from partage.core.identity.models import User, UserToken
from partage.core.settings import load_settings
from partage.core.tenancy import bind_tenant
from tests.web.mailbox import Inbox
from tests.web.seed import PASSWORD
from tests.web.signin import post_sign_in

# A Belgian national number worked by hand: born 1985-07-30, serial 033, check 97 - (850730033 mod 97) = 28
NISS, NISS_BAD = "85073003328", "85073003329"
IBAN = "BE68539007547034"   # the IBAN registry's Belgian example


@pytest.fixture
def app_of(world, smtp, tmp_path):
    inbox, url = smtp
    dbs = []

    def make(smtp_url: str | None = url):
        db = Database(world.url)
        dbs.append(db)
        env = {"PARTAGE_SECRET_KEY": uuid.uuid4().hex * 2, "PARTAGE_VAR_DIR": str(tmp_path)}
        if smtp_url:
            env["PARTAGE_SMTP_URL"] = smtp_url
        return create_app(db, load_settings(env))

    yield make
    for db in dbs:
        db.dispose()


@pytest.fixture
def client(app_of):
    with TestClient(app_of(), raise_server_exceptions=True) as c:
        yield c


def sign_in(client, tenant: str, email: str, password: str = PASSWORD):
    client.cookies.clear()
    response = post_sign_in(client, tenant, email, password)
    assert response.status_code == 303, response.text
    return {"HX-Request": "true", "X-CSRF-Token": client.cookies.get("partage_csrf")}


def errors_of(html: str) -> dict[str, str]:
    return dict(re.findall(r'<p class="error" id="e-(\w+)" role="alert">([^<]*)</p>', html))


def _new_member(client, headers, **fields) -> str:
    form = {"first_name": "Nora", "last_name": f"Peeters {uuid.uuid4().hex[:6]}", "language": "nl", **fields}
    done = client.post("/app/staff/members/new", data=form, headers=headers)
    assert done.headers.get("HX-Redirect", "").startswith("/app/staff/member?member_id="), errors_of(done.text)
    return done.headers["HX-Redirect"].split("=", 1)[1]


def test_staff_create_and_edit_a_member_and_bad_numbers_are_named_in_french(client, world):
    seed = world.tenants["smart-be"]
    headers = sign_in(client, seed.slug, seed.admin_email)
    bad = client.post("/app/staff/members/new", headers={**headers, "Accept-Language": "fr"},
                      data={"first_name": "", "last_name": "Peeters", "national_number": NISS_BAD,
                            "iban": "BE00 1234"})
    found = errors_of(bad.text)
    assert set(found) >= {"first_name", "national_number", "iban"}
    assert found["national_number"] == "Le chiffre de contrôle de ce numéro est faux."
    assert not any(re.search(r"[Tt]he |checksum|invalid", m) for m in found.values()), found
    member_id = _new_member(client, headers, email=f"nora.{uuid.uuid4().hex[:6]}@example.be",
                            national_number=NISS, iban=IBAN)
    page = client.get(f"/app/staff/member?member_id={member_id}").text
    assert NISS in page and IBAN in page and 'value="nl" selected' in page
    saved = client.post(f"/app/staff/member?member_id={member_id}", headers=headers,
                        data={"first_name": "Nora", "last_name": "Peeters-Janssens", "language": "fr",
                              "national_number": NISS, "iban": IBAN, "status": "inactive", "email": ""})
    assert saved.headers.get("HX-Redirect", "").endswith("done=saved"), errors_of(saved.text)
    after = client.get(f"/app/staff/member?member_id={member_id}").text
    assert "Peeters-Janssens" in after and "inactif" in after   # deactivated, still there
    listed = client.get("/app/staff/members?status=inactive&q=Janssens").text
    assert f"member_id={member_id}" in listed


def test_an_admin_invites_a_member_by_mail_in_their_language_and_the_link_works_once(client, world, smtp):
    inbox, _ = smtp
    seed = world.tenants["smart-be"]
    headers = sign_in(client, seed.slug, seed.admin_email)
    address = f"lien.{uuid.uuid4().hex[:6]}@example.be"
    member_id = _new_member(client, headers, email=address)   # their language: Dutch
    sent = client.post(f"/app/staff/member/invite?member_id={member_id}", headers=headers)
    assert sent.headers.get("HX-Redirect", "").endswith("done=invited"), errors_of(sent.text)
    [mail] = inbox.to(address)
    assert mail["Subject"].startswith("Uw uitnodiging voor") and "Kies uw wachtwoord" in mail.get_content()
    link = Inbox.link(mail)
    token = link.split("token=", 1)[1]
    db = Database(world.url)
    with bind_tenant(seed.tenant_id), db.session() as s:   # only a digest is stored
        stored = s.scalars(select(UserToken.token_hash).join(User, User.id == UserToken.user_id)
                           .where(User.email == address)).all()
    db.dispose()
    assert len(stored) == 1 and stored[0] not in token and len(stored[0]) == 64
    path = link.split("testserver.local", 1)[1] if "testserver.local" in link else link
    client.cookies.clear()
    form = client.get(path)
    assert form.status_code == 200 and 'name="confirm"' in form.text
    short = client.post("/password", data={"token": token, "password": "short", "confirm": "short"})
    assert "password" in errors_of(short.text)
    done = client.post("/password", data={"token": token, "password": "a good long one", "confirm": "a good long one"})
    assert done.status_code == 200 and 'href="/login"' in done.text
    again = client.post("/password", data={"token": token, "password": "another long one", "confirm": "another long one"})
    assert again.status_code == 410
    sign_in(client, seed.slug, address, "a good long one")
    assert client.get("/app").status_code == 200


def test_no_invitation_reaches_an_account_whose_roles_the_admin_cannot_give(client, world, smtp):
    """A tenant admin cannot give platform_ops, so no link goes to the ops account (as over the API)."""
    inbox, _ = smtp
    seed = world.tenants["smart-be"]
    headers = sign_in(client, seed.slug, seed.admin_email)
    ops = f"ops@{seed.slug}.test"
    member_id = _new_member(client, headers, email=ops)
    refused = client.post(f"/app/staff/member/invite?member_id={member_id}", headers={**headers, "Accept-Language": "fr"})
    assert "HX-Redirect" not in refused.headers
    assert errors_of(refused.text)["email"] == "Cette adresse appartient à un compte dont vous ne pouvez pas donner les rôles"
    assert inbox.to(ops, wait=1.0) == []


def test_an_expired_link_is_refused(client, world, smtp):
    inbox, _ = smtp
    seed = world.tenants["coop-lumen"]
    headers = sign_in(client, seed.slug, seed.admin_email)
    address = f"late.{uuid.uuid4().hex[:6]}@example.be"
    invited = client.post("/app/admin/users", headers=headers,
                          data={"email": address, "display_name": "Late Comer", "role_member": "on", "language": "fr"})
    assert invited.headers.get("HX-Redirect", "").endswith("done=invited"), errors_of(invited.text)
    [mail] = inbox.to(address)
    assert mail["Subject"].startswith("Votre invitation")
    db = Database(world.url)
    with bind_tenant(seed.tenant_id), db.session() as s:
        user_id = s.scalar(select(User.id).where(User.email == address))
        s.execute(update(UserToken).where(UserToken.user_id == user_id)
                  .values(expires_at=utcnow() - timedelta(minutes=1)))
    db.dispose()
    token = Inbox.link(mail).split("token=", 1)[1]
    client.cookies.clear()
    assert client.get(f"/password?token={token}").status_code == 410
    gone = client.post("/password", data={"token": token, "password": "a good long one", "confirm": "a good long one"})
    assert gone.status_code == 410


def test_a_password_reset_is_mailed_only_to_an_existing_account(client, world, smtp):
    inbox, _ = smtp
    seed = world.tenants["coop-lumen"]
    ghost = client.post("/password/forgot", data={"tenant": seed.slug, "email": "nobody@example.be"})
    real = client.post("/password/forgot", data={"tenant": seed.slug, "email": seed.member_email})
    assert 'data-testid="reset-sent"' in ghost.text and 'data-testid="reset-sent"' in real.text
    assert inbox.to("nobody@example.be", wait=0.5) == []
    mail = inbox.to(seed.member_email)[-1]
    assert "2" in mail.get_content() and Inbox.link(mail)


def test_deactivated_accounts_cannot_sign_in_and_keep_their_history(client, world):
    seed = world.tenants["smart-be"]
    headers = sign_in(client, seed.slug, seed.admin_email)
    address = f"leaver.{uuid.uuid4().hex[:6]}@example.be"
    client.post("/app/admin/users", headers=headers,
                data={"email": address, "display_name": "Leaver", "role_advisor": "on"})
    db = Database(world.url)
    with bind_tenant(seed.tenant_id), db.session() as s:
        user_id = s.scalar(select(User.id).where(User.email == address))
    db.dispose()
    off = client.post(f"/app/admin/user/active?user_id={user_id}", data={"active": "0"}, headers=headers)
    assert off.headers.get("HX-Redirect")
    listed = client.get("/app/admin/users?status=inactive&q=leaver").text
    assert address in listed
    page = client.get(f"/app/admin/user?user_id={user_id}").text
    assert 'name="active" value="1"' in page   # reactivate is offered; nothing was deleted


def test_without_smtp_mails_are_written_as_eml_files(app_of, world, tmp_path):
    seed = world.tenants["smart-be"]
    with TestClient(app_of(None)) as client:
        headers = sign_in(client, seed.slug, seed.admin_email)
        address = f"file.{uuid.uuid4().hex[:6]}@example.be"
        client.post("/app/admin/users", headers=headers,
                    data={"email": address, "display_name": "File Mail", "role_member": "on", "language": "en"})
    files = [p for p in (tmp_path / "mail").glob("*.eml") if address in p.read_text()]
    assert len(files) == 1 and "Subject: Your invitation to" in files[0].read_text()


def test_people_through_the_api(client, world, smtp):
    inbox, _ = smtp
    seed = world.tenants["smart-be"]
    login = client.post("/auth/login", json={"tenant": seed.slug, "email": seed.admin_email, "password": PASSWORD})
    auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
    member = client.post("/billing/members", json={"first_name": "Api", "last_name": "Person"}, headers=auth).json()
    bad = client.patch(f"/billing/members/{member['id']}", json={"national_number": NISS_BAD, "iban": "nope"},
                       headers=auth)
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} == {"national_number", "iban"}
    ok = client.patch(f"/billing/members/{member['id']}", json={"national_number": NISS, "iban": IBAN,
                                                                "status": "inactive"}, headers=auth)
    assert ok.status_code == 200 and ok.json()["status"] == "inactive"
    address = f"api.{uuid.uuid4().hex[:6]}@example.be"
    user = client.post("/users", json={"email": address, "display_name": "Api User", "roles": ["member"]},
                       headers=auth).json()
    sent = client.post(f"/users/{user['id']}/invitation", headers=auth)
    assert sent.status_code == 202 and sent.json() == {"sent": "invite", "to": address}
    token = Inbox.link(inbox.to(address)[-1]).split("token=", 1)[1]
    assert client.post("/auth/password", json={"token": token, "password": "short"}).status_code == 400
    assert client.post("/auth/password", json={"token": token, "password": "long enough now"}).status_code == 204
    assert client.post("/auth/password", json={"token": token, "password": "long enough now"}).status_code == 410
    relogin = client.post("/auth/login", json={"tenant": seed.slug, "email": address, "password": "long enough now"})
    assert relogin.status_code == 200
    assert client.post("/auth/password-reset", json={"tenant": seed.slug, "email": "ghost@example.be"}).status_code == 202
