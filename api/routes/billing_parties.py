"""Billing parties: members, their activities (with the ledger statement) and clients."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from typing import Literal

from litestar import Request, Response, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody
from msgspec import Meta, Struct
from sqlalchemy import or_, select

from partage.api.deps import Access, Caller, Session
from partage.api.routes.billing_common import READ, TAGS, WRITE, Limit, Offset, Viewer, money, page
from partage.api.routes.listing import HEADERS as LIST_HEADERS
from partage.api.routes.listing import Cursor, Q, SortName, awaited, listed
from partage.api.timefmt import utc
from partage.core.billing import create_activity, create_client, create_member
from partage.core.billing.models import Activity, Client, Member
from partage.core.billing.errors import NotFound
from partage.core.billing.parties import get as get_row
from partage.core.billing.parties import share_client
from partage.core.listing import SortKey
from partage.core.ledger import outstanding, statement
from partage.core.ledger.bad_debt import losses

Text = Annotated[str, Meta(max_length=200)]


class MemberOut(Struct):
    id: uuid.UUID
    first_name: str
    last_name: str
    email: str | None
    language: str | None
    created_at: datetime
    status: str = "active"   # "inactive": left the cooperative (the record and its history stay)

    @classmethod
    def of(cls, m: Member) -> "MemberOut":
        return cls(id=m.id, first_name=m.first_name, last_name=m.last_name, email=m.email,
                   language=m.language, created_at=utc(m.created_at), status=m.status or "active")


class MemberCreate(Struct, forbid_unknown_fields=True):
    first_name: Text
    last_name: Text
    email: Text | None = None
    language: Annotated[str, Meta(max_length=10)] | None = None   # their payslips': fr, nl, de, en


class ActivityOut(Struct):
    id: uuid.UUID
    member_id: uuid.UUID
    name: str
    status: str

    @classmethod
    def of(cls, a: Activity) -> "ActivityOut":
        return cls(id=a.id, member_id=a.member_id, name=a.name, status=a.status)


class ActivityCreate(Struct, forbid_unknown_fields=True):
    member_id: uuid.UUID
    name: Text


class ClientOut(Struct):
    id: uuid.UUID
    kind: str
    name: str
    country: str
    company_number: str | None
    vat_number: str | None
    street: str | None
    postal_code: str | None
    city: str | None
    email: str | None
    language: str | None
    peppol_id: str | None  # "0208:0403019261": this client gets Peppol BIS documents
    activity_id: uuid.UUID | None = None   # the activity it is private to (None: the tenant's)
    shared: bool = True                    # visible to every member of the tenant

    @classmethod
    def of(cls, c: Client) -> "ClientOut":
        return cls(**{f: getattr(c, f) for f in cls.__struct_fields__})


class ClientCreate(Struct, forbid_unknown_fields=True):
    """``business`` clients need the numbers their e-invoices need (checked by the plugins)."""

    name: Text
    country: Text
    kind: str = "business"
    company_number: Text | None = None
    vat_number: Text | None = None
    street: Text | None = None
    postal_code: Text | None = None
    city: Text | None = None
    email: Text | None = None
    language: Annotated[str, Meta(max_length=10)] | None = None   # its invoices' language: fr, nl, de, en
    # Peppol participant identifier, scheme:value (EAS code list); a Belgian business without one
    # gets 0208 + its company number; "" for none; a consumer never has one
    peppol_id: Annotated[str, Meta(max_length=80)] | None = None
    activity_id: uuid.UUID | None = None   # private to this activity (its member) unless ``shared``
    shared: bool | None = None


class StatementLine(Struct):
    date: date
    kind: str
    description: str
    amount: str
    balance: str
    invoice_id: uuid.UUID | None


class StatementOut(Struct):
    activity_id: uuid.UUID
    opening: str
    closing: str
    lines: list[StatementLine]
    guarantee_outstanding: str   # advanced by the guarantee fund and not repaid (at ``end``)
    guarantee_absorbed: str      # bad debts of the activity the fund took on (at ``end``)


def _body(data: Struct) -> dict:
    return {f: getattr(data, f) for f in data.__struct_fields__ if getattr(data, f) is not None}


MEMBER_SORTS = {"name": SortKey((Member.last_name, Member.first_name, Member.id)),
                "newest": SortKey((Member.created_at, Member.id), descending=True)}
CLIENT_SORTS = {"name": SortKey((Client.name, Client.id)),
                "newest": SortKey((Client.created_at, Client.id), descending=True)}


@get("/billing/members", opt=READ, sync_to_thread=True, tags=TAGS, response_headers=LIST_HEADERS,
     after_request=awaited)
def list_members(request: Request, session: Session, principal: Caller, access: Access, limit: Limit = 100,
                 offset: Offset = 0, q: Q = None, sort: SortName = None, after: Cursor = None,
                 before: Cursor = None, status: FromQuery[Literal["active", "inactive"] | None] = None,
                 ) -> Response[list[MemberOut]]:
    """Members of the tenant (a member: their own record), keyset-paged: ``sort`` name | newest,
    ``q`` searches names and email; ``X-Total-Count`` and ``Link`` (next/prev) headers."""
    viewer = Viewer(session, principal, access)
    query = viewer.only(select(Member), Member.id, by="member")
    if status:
        query = query.where(Member.status == status)
    return listed(request, session, query, sorts=MEMBER_SORTS, default="name", sort=sort, q=q, after=after,
                  before=before, limit=limit, offset=offset, item=MemberOut.of,
                  searched=(Member.last_name, Member.first_name, Member.email))


@post("/billing/members", opt=WRITE, sync_to_thread=True, tags=TAGS)
def add_member(data: JSONBody[MemberCreate], session: Session, principal: Caller) -> MemberOut:
    return MemberOut.of(create_member(session, _body(data), actor=principal.actor))


@get("/billing/members/{member_id:uuid}", opt=READ, sync_to_thread=True, tags=TAGS)
def get_member(member_id: FromPath[uuid.UUID], session: Session, principal: Caller,
               access: Access) -> MemberOut:
    return MemberOut.of(Viewer(session, principal, access).member(member_id))


@get("/billing/activities", opt=READ, sync_to_thread=True, tags=TAGS)
def list_activities(session: Session, principal: Caller, access: Access, limit: Limit = 100,
                    offset: Offset = 0) -> list[ActivityOut]:
    """Activities of the tenant (a member: their own)."""
    query = Viewer(session, principal, access).only(select(Activity), Activity.member_id, by="member")
    rows = page(session, query, limit, offset, Activity.name, Activity.id)
    return [ActivityOut.of(a) for a in rows]


@post("/billing/activities", opt=WRITE, sync_to_thread=True, tags=TAGS)
def add_activity(data: JSONBody[ActivityCreate], session: Session, principal: Caller) -> ActivityOut:
    return ActivityOut.of(create_activity(session, data.member_id, data.name, actor=principal.actor))


@get("/billing/activities/{activity_id:uuid}", opt=READ, sync_to_thread=True, tags=TAGS)
def get_activity(activity_id: FromPath[uuid.UUID], session: Session, principal: Caller,
                 access: Access) -> ActivityOut:
    return ActivityOut.of(Viewer(session, principal, access).activity(activity_id))


@get("/billing/activities/{activity_id:uuid}/statement", opt=READ, sync_to_thread=True, tags=TAGS)
def activity_statement(activity_id: FromPath[uuid.UUID], session: Session, principal: Caller,
                       access: Access, start: FromQuery[date | None] = None,
                       end: FromQuery[date | None] = None) -> StatementOut:
    """The activity ledger between two dates: opening, entries with running balance, closing
    (guarantee fund advances and repayments are lines of kind ``guarantee_advance`` and
    ``guarantee_repayment``; bad debts it absorbed, ``guarantee_cover``), what the activity still
    owes the guarantee fund and what the fund absorbed of its bad debts."""
    activity = Viewer(session, principal, access).activity(activity_id)
    found = statement(session, activity.id, start, end)
    lines = [StatementLine(date=l.entry.entry_date, kind=l.entry.kind, description=l.entry.description,
                           amount=money(l.entry.amount), balance=money(l.balance),
                           invoice_id=l.entry.invoice_id) for l in found.lines]
    return StatementOut(activity_id=activity.id, opening=money(found.opening),
                        closing=money(found.closing), lines=lines,
                        guarantee_outstanding=money(outstanding(session, [activity.id], until=end)),
                        guarantee_absorbed=money(losses(session, [activity.id], until=end)))


def _clients_seen(session, principal, access):
    """Staff: every client; a member: their activities' clients and those shared with the tenant."""
    viewer = Viewer(session, principal, access)
    if viewer.everyone:
        return select(Client), viewer
    return select(Client).where(or_(Client.shared.is_(True), Client.activity_id.in_(viewer.activity_ids))), viewer


@get("/billing/clients", opt=READ, sync_to_thread=True, tags=TAGS, response_headers=LIST_HEADERS,
     after_request=awaited)
def list_clients(request: Request, session: Session, principal: Caller, access: Access, limit: Limit = 100,
                 offset: Offset = 0, q: Q = None, sort: SortName = None, after: Cursor = None,
                 before: Cursor = None) -> Response[list[ClientOut]]:
    """Clients: staff see all; a member, those of their activities and those shared with the tenant.
    Keyset-paged (``sort`` name | newest, ``q`` name, numbers, city)."""
    query, _ = _clients_seen(session, principal, access)
    return listed(request, session, query, sorts=CLIENT_SORTS, default="name", sort=sort, q=q, after=after,
                  before=before, limit=limit, offset=offset, item=ClientOut.of,
                  searched=(Client.name, Client.vat_number, Client.company_number, Client.city))


@post("/billing/clients", opt=WRITE, sync_to_thread=True, tags=TAGS)
def add_client(data: JSONBody[ClientCreate], session: Session, principal: Caller) -> ClientOut:
    """A business client (company/VAT numbers validated per country) or a consumer."""
    return ClientOut.of(create_client(session, _body(data), actor=principal.actor))


@get("/billing/clients/{client_id:uuid}", opt=READ, sync_to_thread=True, tags=TAGS)
def get_client(client_id: FromPath[uuid.UUID], session: Session, principal: Caller, access: Access) -> ClientOut:
    """A client; another activity's private client answers 404 to a member."""
    client = get_row(session, Client, client_id, "client_id")
    _, viewer = _clients_seen(session, principal, access)
    if not (viewer.everyone or client.shared or client.activity_id in viewer.activity_ids):
        raise NotFound("client_id", f"no client {client_id}")
    return ClientOut.of(client)


class ClientShare(Struct, forbid_unknown_fields=True):
    shared: bool


@patch("/billing/clients/{client_id:uuid}/sharing", opt=WRITE, sync_to_thread=True, tags=TAGS)
def set_client_sharing(client_id: FromPath[uuid.UUID], data: JSONBody[ClientShare], session: Session,
                       principal: Caller) -> ClientOut:
    """Staff share a member's client with the whole tenant, or make it private to its activity."""
    client = get_row(session, Client, client_id, "client_id")
    return ClientOut.of(share_client(session, client, data.shared, actor=principal.actor))

