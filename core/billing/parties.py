"""Members, activities and clients. Business clients carry the numbers an e-invoice needs,
checked by the country plugins' identifier rules (python-stdnum)."""
from __future__ import annotations

import uuid
from typing import Any, Mapping

from sqlalchemy.orm import Session
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError

from partage.core.audit import record
from partage.core.billing import peppol
from partage.core.billing.context import billing_context
from partage.core.billing.errors import InvalidInput, NotFound
from partage.core.billing.models import Activity, Client, Member
from partage.core.billing.rules import language_of
from partage.core.billing.validate import choice, text
from partage.core.plugins import InvalidIdentifier, UnknownCountry, registry

CLIENT_KINDS = ("business", "consumer")
IDENTIFIER_ROLES = {"company_number": "company_kind", "vat_number": "vat_kind"}


def create_member(session: Session, data: Mapping[str, Any], *, actor: str) -> Member:
    member = Member(first_name=text(data, "first_name", max_length=100),
                    last_name=text(data, "last_name", max_length=100),
                    email=text(data, "email", required=False), language=language_of(data.get("language")))
    session.add(member)
    session.flush()
    record(session, actor=actor, action="member.created", subject=f"member:{member.id}")
    return member


def get(session: Session, model: type, record_id: uuid.UUID | str | None, field: str):
    """The row of ``model`` with this id for the bound tenant, or ``NotFound`` naming ``field``."""
    try:
        key = record_id if isinstance(record_id, uuid.UUID) else uuid.UUID(str(record_id))
    except ValueError:
        raise InvalidInput(field, f"not an id: {record_id!r}") from None
    found = session.get(model, key)
    if found is None:
        raise NotFound(field, f"no {model.__tablename__[:-1]} {key}")
    return found


def create_activity(session: Session, member_id: uuid.UUID, name: str, *, actor: str) -> Activity:
    get(session, Member, member_id, "member_id")
    activity = Activity(member_id=member_id, name=text({"name": name}, "name"))
    session.add(activity)
    session.flush()
    record(session, actor=actor, action="activity.created", subject=f"activity:{activity.id}",
           payload={"member_id": str(member_id), "name": activity.name})
    return activity


def _identifier(country: str, field: str, value: str) -> str:
    """Validate a company or VAT number with the client country's plugin (or the EU VAT rules)."""
    try:
        rules = registry().get(country.lower()).identifiers
        return rules.validate(getattr(rules, IDENTIFIER_ROLES[field]), value)
    except UnknownCountry:
        pass
    except InvalidIdentifier as exc:
        raise InvalidInput(field, exc.reason) from None
    if field == "company_number":
        return value.strip()
    try:
        return eu_vat.validate(value)
    except ValidationError as exc:
        raise InvalidInput(field, f"invalid VAT number: {exc}") from None


def _identifiers(session: Session, data: Mapping[str, Any], kind: str, country: str) -> dict:
    found = {f: text(data, f, required=False, max_length=40) for f in IDENTIFIER_ROLES}
    if kind != "business":
        return found
    needed = billing_context(session).rules.business_client_identifiers(country)
    for field in needed:
        if not found[field]:
            raise InvalidInput(field, f"a business client in {country} needs it for e-invoicing")
    return {f: _identifier(country, f, v) if v else None for f, v in found.items()}


def _owner(session: Session, data: Mapping[str, Any]) -> tuple[uuid.UUID | None, bool]:
    """(activity, shared): a client made for an activity is private to it unless ``shared``;
    one made without an activity belongs to the whole tenant."""
    activity_id = data.get("activity_id")
    if activity_id in (None, ""):
        return None, True
    activity = get(session, Activity, activity_id, "activity_id")
    return activity.id, bool(data.get("shared", False))


def create_client(session: Session, data: Mapping[str, Any], *, actor: str) -> Client:
    """A business or consumer client; bad input raises before anything is written.

    ``activity_id`` makes it private to that activity (its member's) unless ``shared``."""
    owner, shared = _owner(session, data)
    kind = choice(data.get("kind", "business"), "kind", CLIENT_KINDS)
    name = text(data, "name")
    country = (text(data, "country", max_length=2) or "").upper()
    if len(country) != 2 or not country.isalpha():
        raise InvalidInput("country", "must be an ISO 3166 two-letter code")
    numbers = _identifiers(session, data, kind, country)
    language = language_of(data.get("language"))
    participant = peppol.client_identifier(data, kind, country, numbers["company_number"])
    client = Client(kind=kind, name=name, country=country, language=language, peppol_id=participant,
                    **numbers, activity_id=owner, shared=shared,
                    **{k: text(data, k, required=False) for k in ("street", "postal_code", "city",
                                                                  "email")})
    session.add(client)
    session.flush()
    record(session, actor=actor, action="client.created", subject=f"client:{client.id}")
    return client


def share_client(session: Session, client: Client, shared: bool, *, actor: str) -> Client:
    """Staff share a client with the whole tenant (or make it private to its activity again)."""
    shared = bool(shared) or client.activity_id is None   # no owner: it can only be shared
    if client.shared != shared:
        client.shared = shared
        record(session, actor=actor, action="client.shared" if shared else "client.unshared",
               subject=f"client:{client.id}")
    return client
