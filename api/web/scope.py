"""What a signed-in user may see: a member sees their own member record's data (linked by email);
staff (advisor, tenant admin) see the whole tenant. Tenant isolation itself is the ORM's job."""
from __future__ import annotations

import uuid

from sqlalchemy import func, or_, select

from core.billing.models import Activity, Client, Invoice, Member
from core.identity.models import User


def member_of(session, user: User | None) -> Member | None:
    if user is None:
        return None
    return session.scalars(select(Member).where(func.lower(Member.email) == user.email.lower())
                           .order_by(Member.created_at)).first()


def activities(session, member: Member | None, everyone: bool) -> list[Activity]:
    query = select(Activity).order_by(Activity.name)
    if not everyone:
        if member is None:
            return []
        query = query.where(Activity.member_id == member.id)
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
