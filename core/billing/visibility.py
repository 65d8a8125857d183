"""The "own records" rule: which members a signed-in user is linked to.

A user is linked to **every** member of the tenant whose e-mail is the user's e-mail (compared
without case or surrounding spaces). Two member records sharing an e-mail (one person registered
twice, say for two activities) are both that person's: the user sees the activities, invoices,
quotes, performances and payslips of each, over the API and in the web pages alike (both call
this module). A user with no e-mail match sees nothing of their own; staff access (``tenant``)
sees the whole tenant and does not come here.
"""
from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from partage.core.billing.models import Activity, Member


def linked_members(session: Session, email: str | None) -> list[Member]:
    """The members linked to a user with ``email``, oldest first (the first names a page)."""
    key = (email or "").strip().lower()
    if not key:
        return []
    return list(session.scalars(select(Member).where(func.lower(Member.email) == key)
                                .order_by(Member.created_at, Member.id)))


def linked_member_ids(session: Session, email: str | None) -> list[uuid.UUID]:
    return [m.id for m in linked_members(session, email)]


def linked_activity_ids(session: Session, member_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """The activities of ``member_ids`` (what an ``own`` caller may see billing for)."""
    if not member_ids:
        return []
    return list(session.scalars(select(Activity.id).where(Activity.member_id.in_(member_ids))))
