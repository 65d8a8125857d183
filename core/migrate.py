"""Schema migrations (Alembic), run as the database owner; RLS is synced after every upgrade."""
from __future__ import annotations

from functools import lru_cache
from importlib.metadata import entry_points

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData

from core.db import Base

MODELS_GROUP = "partage.models"


@lru_cache(maxsize=1)
def load_models() -> MetaData:
    """Import every model module declared under the ``partage.models`` entry-point group."""
    for ep in entry_points(group=MODELS_GROUP):
        ep.load()
    return Base.metadata


def alembic_config(url: str, app_role: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "core:migrations")
    cfg.set_main_option("sqlalchemy.url", url)
    cfg.attributes["app_role"] = app_role
    return cfg


def upgrade(url: str | None = None, app_role: str | None = None, revision: str = "head") -> None:
    """Upgrade the database at ``url`` (default: the migration URL from settings)."""
    from core.settings import settings

    s = settings()
    command.upgrade(alembic_config(url or s.migration_database_url,
                                   app_role if url else (app_role or s.app_db_role)), revision)


def current(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    from core.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
