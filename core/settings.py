"""One typed settings object, read from the environment (``PARTAGE_*``)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DEFAULT_VAR_DIR = Path("var")


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    migration_database_url: str        # the owner role: runs migrations (DDL, RLS policies)
    app_db_role: str | None            # PostgreSQL role the application connects as (granted DML by migrations)
    redis_url: str | None              # unset: jobs run in-process
    secret_key: str
    var_dir: Path = field(default=DEFAULT_VAR_DIR)
    smtp_url: str | None = None        # smtp://user:pass@host:port (smtps:// TLS, ?starttls=1); unset: .eml files
    mail_from: str = "Partage <no-reply@partage.localhost>"

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith("postgresql")


def _default_sqlite_url(var_dir: Path) -> str:
    return f"sqlite:///{(var_dir / 'partage.db').as_posix()}"


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Build settings from ``env`` (default: ``os.environ``)."""
    env = dict(os.environ if env is None else env)
    var_dir = Path(env.get("PARTAGE_VAR_DIR", str(DEFAULT_VAR_DIR)))
    database_url = env.get("PARTAGE_DATABASE_URL") or _default_sqlite_url(var_dir)
    return Settings(
        database_url=database_url,
        migration_database_url=env.get("PARTAGE_MIGRATION_DATABASE_URL") or database_url,
        app_db_role=env.get("PARTAGE_APP_DB_ROLE") or None,
        redis_url=env.get("PARTAGE_REDIS_URL") or None,
        secret_key=env.get("PARTAGE_SECRET_KEY", "dev-only-secret-change-me"),
        var_dir=var_dir,
        smtp_url=env.get("PARTAGE_SMTP_URL") or None,
        mail_from=env.get("PARTAGE_MAIL_FROM") or "Partage <no-reply@partage.localhost>",
    )


@lru_cache(maxsize=1)
def settings() -> Settings:
    """Process-wide settings (read once)."""
    return load_settings()
