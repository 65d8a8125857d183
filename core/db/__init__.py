"""Database layer: base classes, tenant-binding sessions, row-level security."""
from functools import lru_cache

from partage.core.db.base import Base, Cents, TenantScoped, UUIDPrimaryKey, utcnow
from partage.core.db.session import Database, PartageSession, make_engine
from partage.core.tenancy import TenantMismatch, TenantNotSet

__all__ = ["Base", "Cents", "Database", "PartageSession", "TenantMismatch", "TenantNotSet",
           "TenantScoped", "UUIDPrimaryKey", "database", "make_engine", "utcnow"]


@lru_cache(maxsize=1)
def database() -> Database:
    """The process-wide database from settings."""
    from partage.core.settings import settings

    return Database.from_settings(settings())
