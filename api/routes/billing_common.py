"""Shared by the billing routes: route options, who may see what, line structs.

A member (scope ``own``) sees the records of their own member record(s), matched by the account's
email (``Member.email``, case-insensitive; identity users carry no member link): their activities
and what those activities invoiced. Clients are shared within the tenant (a client may buy from
several members). Staff and API keys (scope ``tenant``) see the whole tenant. Anything not visible
answers 404, exactly like another tenant's record.
"""
from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated, Any

from litestar.params import QueryParameter
from msgspec import Meta, Struct

from partage.api.principal import Principal
from partage.core.billing.errors import NotFound
from partage.core.billing.models import Activity, CreditNote, Invoice, Member, Quote
from partage.core.billing.parties import get
from partage.core.billing.visibility import linked_activity_ids, linked_member_ids
from partage.core.identity.models import User

TAGS = ["billing"]
READ = {"permission": "billing:read", "module": "billing"}
WRITE = {"permission": "billing:write", "module": "billing"}
Limit = Annotated[int, QueryParameter(ge=1, le=500)]
MAX_OFFSET = 1_000_000
Offset = Annotated[int, QueryParameter(ge=0, le=MAX_OFFSET)]


def page(session, query, limit: int, offset: int, *order) -> list:
    """One page of ``query`` in a stable order."""
    return list(session.scalars(query.order_by(*order).limit(limit).offset(offset)))


def money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


class Viewer:
    """What the caller may see: everything (``tenant``) or, for ``own``, the records of every member
    linked to them (`core.billing.visibility`, the rule the web pages use too)."""

    def __init__(self, session, principal: Principal, access: str) -> None:
        self.session, self.everyone = session, access != "own"
        self._members: list[uuid.UUID] | None = None
        self._activities: list[uuid.UUID] | None = None
        self.principal = principal

    @property
    def member_ids(self) -> list[uuid.UUID]:
        if self._members is None:
            user = self.session.get(User, self.principal.user_id) if self.principal.user_id else None
            self._members = linked_member_ids(self.session, user.email if user else None)
        return self._members

    @property
    def activity_ids(self) -> list[uuid.UUID]:
        if self._activities is None:
            self._activities = linked_activity_ids(self.session, self.member_ids)
        return self._activities

    def only(self, query, column, by: str = "activity"):
        """``query`` restricted to the caller's activities (``by="member"``: members) if ``own``."""
        if self.everyone:
            return query
        return query.where(column.in_(self.member_ids if by == "member" else self.activity_ids))

    def member(self, member_id: uuid.UUID) -> Member:
        found = get(self.session, Member, member_id, "member_id")
        return self._check(found, self.everyone or found.id in self.member_ids, "member_id")

    def activity(self, activity_id: uuid.UUID, field: str = "activity_id") -> Activity:
        found = get(self.session, Activity, activity_id, field)
        return self._check(found, self.everyone or found.id in self.activity_ids, field)

    def invoice(self, invoice_id: uuid.UUID) -> Invoice:
        found = get(self.session, Invoice, invoice_id, "invoice_id")
        return self._check(found, self.everyone or found.activity_id in self.activity_ids, "invoice_id")

    def quote(self, quote_id: uuid.UUID) -> Quote:
        found = get(self.session, Quote, quote_id, "quote_id")
        return self._check(found, self.everyone or found.activity_id in self.activity_ids, "quote_id")

    def credit_note(self, credit_note_id: uuid.UUID) -> CreditNote:
        found = get(self.session, CreditNote, credit_note_id, "credit_note_id")
        invoice = None if self.everyone else self.session.get(Invoice, found.invoice_id)
        visible = self.everyone or invoice.activity_id in self.activity_ids
        return self._check(found, visible, "credit_note_id")

    @staticmethod
    def _check(found, visible: bool, field: str):
        if not visible:
            raise NotFound(field, f"no {field[:-3].replace('_', ' ')} {found.id}")
        return found


class LineIn(Struct, forbid_unknown_fields=True):
    """A document line. Numbers are decimal strings ("3", "33.33"), never floats."""

    description: Annotated[str, Meta(min_length=1, max_length=500)]
    quantity: str
    unit_price: str
    vat_code: str | None = None          # default: standard (franchise tenants: franchise)
    discount_percent: str | None = None
    unit_code: str | None = None         # UN/ECE rec 20, default C62 (one)

    def as_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__struct_fields__ if getattr(self, f) is not None}


class Line(Struct):
    position: int
    description: str
    quantity: str
    unit_code: str
    unit_price: str
    discount_percent: str
    vat_code: str
    vat_category: str | None
    vat_rate: str | None
    net: str | None

    @classmethod
    def of(cls, line) -> "Line":
        return cls(position=line.position, description=line.description, quantity=str(line.quantity),
                   unit_code=line.unit_code, unit_price=str(line.unit_price),
                   discount_percent=str(line.discount_percent), vat_code=line.vat_code,
                   vat_category=line.vat_category, vat_rate=money(line.vat_rate), net=money(line.net))


class Totals(Struct):
    currency: str
    net: str
    vat: str
    gross: str
    vat_breakdown: list[dict[str, Any]]

    @classmethod
    def of(cls, doc) -> "Totals":
        return cls(currency=doc.currency, net=str(doc.total_net), vat=str(doc.total_vat),
                   gross=str(doc.total_gross), vat_breakdown=list(doc.vat_breakdown or []))


def lines_of(lines: list[LineIn]) -> list[dict[str, Any]]:
    return [line.as_dict() for line in lines]
