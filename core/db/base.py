"""Declarative base, UUIDv7 keys, integer-cents money column and the ``TenantScoped`` mixin."""
from __future__ import annotations

from typing import Any

import importlib
import re
import uuid
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from importlib.metadata import entry_points
from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import BigInteger, DateTime, ForeignKey, MetaData, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

from partage.core.ids import uuid7
from partage.core.money import from_cents, to_cents

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


class Cents(TypeDecorator[Decimal]):
    """Money stored as integer minor units (cents); ``Decimal`` euros in Python."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | int | None, dialect: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
            raise TypeError(f"money must be Decimal, int euros or str, not {type(value).__name__}")
        return to_cents(value)

    def process_result_value(self, value: int | None, dialect: Any) -> Decimal | None:
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
TABLE_CLASS = re.compile(r"^\s+__tablename__\s*[:=]", re.MULTILINE)


def model_modules(package: ModuleType) -> list[str]:
    """The modules of ``package`` whose source defines a table (a class body setting ``__tablename__``),
    found by reading the files, so a new model module needs no list entry (files inside packages)."""
    names: list[str] = []
    for root in map(Path, package.__path__):
        for path in sorted(root.rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            inside = all((root.joinpath(*parts[:i]) / "__init__.py").exists() for i in range(1, len(parts)))
            if inside and TABLE_CLASS.search(path.read_text(encoding="utf-8")):
                names.append(".".join([package.__name__, *(p for p in parts if p != "__init__")]))
    return names


@lru_cache(maxsize=1)
def load_models() -> MetaData:
    """Import every module defining tables in the packages named under ``partage.models``.

    Ours name whole packages (``partage.core``, ``partage.tenants``), whose model modules are found by
    `model_modules`; a third-party package may name its package or a single module. The full
    metadata is needed for mapping, migrations and RLS checks.
    """
    for ep in entry_points(group=MODELS_GROUP):
        loaded = ep.load()
        for name in model_modules(loaded) if hasattr(loaded, "__path__") else ():
            importlib.import_module(name)
    return Base.metadata
