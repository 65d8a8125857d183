"""Declarative base, UUIDv7 keys, integer-cents money column and the ``TenantScoped`` mixin."""
from __future__ import annotations

import uuid
from functools import lru_cache
from importlib.metadata import entry_points
from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import BigInteger, DateTime, ForeignKey, MetaData, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

from core.ids import uuid7
from core.money import from_cents, to_cents

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {uuid.UUID: Uuid(), datetime: DateTime(timezone=True)}


class UUIDPrimaryKey:
    """A time-ordered UUIDv7 primary key."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid(), primary_key=True, default=uuid7)


class Cents(TypeDecorator):
    """Money stored as integer minor units (cents); ``Decimal`` euros in Python."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | int | None, dialect) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
            raise TypeError(f"money must be Decimal, int euros or str, not {type(value).__name__}")
        return to_cents(value)

    def process_result_value(self, value: int | None, dialect) -> Decimal | None:
        return None if value is None else from_cents(value)


class TenantScoped:
    """Mixin for every tenant-owned table: ``tenant_id`` (indexed, foreign key to ``tenants``).

    Tables with this column get row-level security on PostgreSQL (see ``core.db.rls``) and an
    ORM filter on every query (see ``core.db.session``). A bulk table whose unique keys start
    with ``tenant_id`` sets ``__tenant_index__ = False``: those keys serve its lookups, and one
    index less is one write less per row. A bulk table whose composite foreign key
    ``(tenant_id, parent_id)`` names a tenant-owned parent sets ``__tenant_fk__ = False``: the
    parent's own key to ``tenants`` already guarantees the tenant, and a foreign key is one lookup
    per row written (``tests/isolation/test_tenant_keys.py`` checks every table reaches ``tenants``).
    """

    __tenant_index__: bool = True
    __tenant_fk__: bool = True

    @declared_attr
    def tenant_id(cls) -> Mapped[uuid.UUID]:
        keys = [ForeignKey("tenants.id", ondelete="RESTRICT")] if cls.__tenant_fk__ else []
        return mapped_column(Uuid(), *keys, index=cls.__tenant_index__, nullable=False)


MODELS_GROUP = "partage.models"


@lru_cache(maxsize=1)
def load_models() -> MetaData:
    """Import every model module declared under the ``partage.models`` entry-point group.

    Modules and plugins declare their tables there (as in ``pyproject.toml``), so nobody keeps
    a central list; the full metadata is needed for mapping, migrations and RLS checks.
    """
    for ep in entry_points(group=MODELS_GROUP):
        ep.load()
    return Base.metadata
