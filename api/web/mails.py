"""The mails the back office sends (invitation, password reset), in the recipient's language.

Language: the user's own choice, else their member record's, else the tenant's first locale.
The link is single-use and expires (``core.identity.tokens``); the transport is the configured one
(``core.mail``: SMTP, else ``.eml`` files under ``var/mail``).
"""
from __future__ import annotations

from sqlalchemy import func, select

from partage.api.web import i18n
from partage.api.web.render import ENV
from partage.core.billing.models import Member
from partage.core.errors import PartageError
from partage.core.identity import tokens
from partage.core.identity.models import User
from partage.core.mail import Mail, MailError, mailer_for
from partage.tenants.models import Tenant

SUBJECTS = {tokens.INVITE: "Your invitation to {name}", tokens.RESET: "Reset your password at {name}"}


class MailUnavailable(PartageError):
    status, title, slug = 503, "Mail not sent", "mail-unavailable"


def language_of(session, user: User, tenant: Tenant) -> str:
    if user.language in i18n.LANGUAGES:
        return user.language
    member_lang = session.scalar(select(Member.language).where(func.lower(Member.email) == user.email.lower())
                                 .order_by(Member.created_at).limit(1))
    if member_lang in i18n.LANGUAGES:
        return member_lang
    return i18n.choose(None, tenant.locales, "")


def link_mail(lang: str, purpose: str, tenant: Tenant, user: User, link: str) -> Mail:
    words = i18n.dialect(lang, tenant.country)
    translate = lambda m: i18n.translate(words, m)   # noqa: E731
    text = ENV.get_template(f"mail/{purpose}.txt").render(
        _=translate, user=user, link=link, tenant_name=tenant.legal_name, tenant_slug=tenant.slug)
    subject = translate(SUBJECTS[purpose]).replace("{name}", tenant.legal_name)
    return Mail(to=user.email, subject=subject, text=text, language=lang)


def send_link(session, settings, base_url: str, tenant: Tenant, user: User, purpose: str, *,
              actor: str) -> None:
    """Issue a link (invitation or reset) and mail it; a mail server that refuses rolls it back."""
    token = tokens.issue(session, user, purpose, actor=actor)
    link = f"{base_url.rstrip('/')}/password?token={token}"
    try:
        mailer_for(settings).send(link_mail(language_of(session, user, tenant), purpose, tenant, user, link))
    except MailError as exc:
        raise MailUnavailable(str(exc)) from exc
