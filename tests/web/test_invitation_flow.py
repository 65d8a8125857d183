"""In Chromium, in French and in Dutch: an admin invites a member (the mail reaches the local SMTP
server), the member chooses a password from the link, signs in and creates a client; another
member of the same cooperative cannot see that client, neither in the list nor at its address."""
from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import select

from partage.core.billing import create_activity, create_member
from partage.core.billing.models import Member
from partage.core.db import Database
from partage.core.identity.users import create_user
from partage.core.tenancy import bind_tenant
from tests.web.conftest import screenshot, sign_in
from tests.web.mailbox import Inbox
from tests.web.seed import PASSWORD

pytestmark = pytest.mark.heavy
WORDS = {"fr": {"invite": "Envoyer une invitation", "sent": "L'invitation a été envoyée.",
                "subject": "Votre invitation", "save": "Enregistrer le mot de passe", "done": "Mot de passe enregistré"},
         "nl": {"invite": "Een uitnodiging sturen", "sent": "De uitnodiging werd verstuurd.",
                "subject": "Uw uitnodiging", "save": "Wachtwoord opslaan", "done": "Wachtwoord opgeslagen"}}
TENANT = {"fr": "smart-be", "nl": "coop-lumen"}


def _member_with_activity(world, slug: str, email: str, language: str) -> None:
    db = Database(world.url)
    with bind_tenant(world.tenants[slug].tenant_id), db.session() as s:
        member = create_member(s, {"first_name": "Invitée", "last_name": f"Nouvelle {email[:6]}", "email": email,
                                   "language": language}, actor="test")
        create_activity(s, member.id, f"Atelier {email[:6]}", actor="test")
    db.dispose()


def _other_member(world, slug: str) -> str:
    email = f"voisin.{uuid.uuid4().hex[:6]}@{slug}.test"
    db = Database(world.url)
    with bind_tenant(world.tenants[slug].tenant_id), db.session() as s:
        member = create_member(s, {"first_name": "Voisin", "last_name": "Autre", "email": email}, actor="test")
        create_activity(s, member.id, "Autre atelier", actor="test")
        create_user(s, email=email, display_name="Voisin", roles=["member"], password=PASSWORD, actor="test")
    db.dispose()
    return email


def _member_id(world, slug: str, email: str) -> str:
    db = Database(world.url)
    with bind_tenant(world.tenants[slug].tenant_id), db.session() as s:
        found = s.scalar(select(Member.id).where(Member.email == email))
    db.dispose()
    return str(found)


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_invited_member_sets_a_password_creates_a_private_client(new_context, world, smtp, lang):
    inbox, _ = smtp
    slug = TENANT[lang]
    words = WORDS[lang]
    email = f"{uuid.uuid4().hex[:8]}@example.be"
    _member_with_activity(world, slug, email, lang)
    admin = sign_in(new_context(locale=lang), slug, world.tenants[slug].admin_email)
    admin.goto(f"/app/staff/member?member_id={_member_id(world, slug, email)}")
    admin.get_by_role("button", name=words["invite"]).click()
    admin.get_by_text(words["sent"]).wait_for()
    [mail] = inbox.to(email)
    assert mail["Subject"].startswith(words["subject"])
    link = Inbox.link(mail)

    member = new_context(width=375, locale=lang).new_page()
    member.goto(link[link.index("/password"):])
    member.fill("#f-password", "mon mot de passe neuf")
    member.fill("#f-confirm", "mon mot de passe neuf")
    member.get_by_role("button", name=words["save"]).click()
    member.get_by_role("heading", name=words["done"]).wait_for()
    screenshot(member, f"invitation-done-{lang}")
    member.goto("/login")
    member.fill("#f-tenant", slug)
    member.fill("#f-email", email)
    member.fill("#f-password", "mon mot de passe neuf")
    member.click("form button[type=submit]")
    member.wait_for_url("**/app")
    member.goto("/app/clients")
    client_name = f"Client {lang} {uuid.uuid4().hex[:6]}"
    member.fill("#f-name", client_name)
    member.select_option("#f-kind", "consumer")
    member.click("main form button[type=submit]")
    member.get_by_role("link", name=client_name).wait_for()
    href = member.get_by_role("link", name=client_name).get_attribute("href")
    screenshot(member, f"invitation-client-{lang}")

    neighbour = sign_in(new_context(locale=lang), slug, _other_member(world, slug))
    neighbour.goto("/app/clients")
    assert client_name not in neighbour.content()
    response = neighbour.goto(href)
    assert response.status == 404 and re.search(r'<html lang="(fr|nl)"', neighbour.content())
