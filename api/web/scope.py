"""What a signed-in user may see: a member sees the records of every member linked to them
(`core.billing.visibility`, the same rule as the API's ``own`` access); staff (advisor, tenant
admin) see the whole tenant. Tenant isolation itself is the ORM's job."""
from __future__ import annotations

import uuid

from sqlalchemy import or_, select

from partage.core.billing.models import Activity, Client, Invoice, Member
from partage.core.billing.visibility import linked_member_ids, linked_members
from partage.core.identity.models import User


def member_of(session, user: User | None) -> Member | None:
    """The first member linked to ``user``: the name a page shows (visibility uses every one)."""
    found = linked_members(session, user.email if user else None)
    return found[0] if found else None


def member_ids(session, user: User | None) -> list[uuid.UUID]:
    """Every member linked to ``user``."""
    return linked_member_ids(session, user.email if user else None)


def activities(session, user: User | None, everyone: bool) -> list[Activity]:
    query = select(Activity).order_by(Activity.name)
    if not everyone:
        ids = member_ids(session, user)
        if not ids:
            return []
        query = query.where(Activity.member_id.in_(ids))
    return list(session.scalars(query))


def client_filter(activity_ids: list[uuid.UUID]):
    """A member sees the clients of their own activities and those staff shared with the tenant."""
    return or_(Client.shared.is_(True), Client.activity_id.in_(activity_ids))


def clients(session, activity_ids: list[uuid.UUID] | None = None) -> list[Client]:
    """The clients visible with ``activity_ids`` (None: staff, the whole tenant)."""
    query = select(Client).order_by(Client.name)
    if activity_ids is not None:
        query = query.where(client_filter(activity_ids))
    return list(session.scalars(query))


def invoices(session, activity_ids: list[uuid.UUID]) -> list[Invoice]:
    if not activity_ids:
        return []
    return list(session.scalars(select(Invoice).where(Invoice.activity_id.in_(activity_ids))
                                .order_by(Invoice.created_at.desc()).limit(200)))
