"""Schema migrations (Alembic), run as the database owner; RLS is synced after every upgrade."""
from __future__ import annotations

from alembic import command
from alembic.config import Config

from partage.core.db.base import load_models

__all__ = ["alembic_config", "current", "load_models", "upgrade"]


def alembic_config(url: str, app_role: str | None = None, platform_role: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "partage.core:migrations")
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # configparser escaping
    cfg.attributes["app_role"] = app_role
    cfg.attributes["platform_role"] = platform_role
    return cfg


def upgrade(url: str | None = None, app_role: str | None = None, revision: str = "heads",
            platform_role: str | None = None) -> None:
    """Upgrade the database at ``url`` (default: the migration URL from settings). With an
    application role, the platform role (cross-tenant work) is granted too (default from
    settings, ``partage_platform``)."""
    from partage.core.settings import settings

    s = settings()
    app_role = app_role if url else (app_role or s.app_db_role)
    if app_role and platform_role is None:
        platform_role = s.platform_db_role
    command.upgrade(alembic_config(url or s.migration_database_url, app_role, platform_role), revision)


def current(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    from partage.core.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
