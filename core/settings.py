"""One typed settings object, read from the environment (``PARTAGE_*``)."""
from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DEFAULT_VAR_DIR = Path("var")
DEV_SECRET_KEY = "dev-only-secret-change-me"   # public: accepted only by the embedded SQLite demo
MIN_SECRET_KEY = 32


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    migration_database_url: str        # the owner role: runs migrations (DDL, RLS policies)
    app_db_role: str | None            # PostgreSQL role the application connects as (granted DML by migrations)
    redis_url: str | None              # unset: jobs run in-process
    secret_key: str                    # signs access tokens and CSRF tokens
    var_dir: Path = field(default=DEFAULT_VAR_DIR)
    worker_threads: int = 16           # threads running the API's synchronous handlers
    db_pool_size: int = 16             # PostgreSQL connections kept per process
    db_pool_overflow: int = 16         # extra connections under load
    db_pool_timeout: int = 10          # seconds to wait for a connection, then 503 + Retry-After
    db_lock_timeout_ms: int = 10_000   # a row lock not granted by then: 503 + Retry-After
    db_statement_timeout_ms: int = 0   # 0: none (bulk payroll runs may take long)
    platform_db_role: str = "partage_platform"   # the role of cross-tenant work (RLS policy of its own)
    platform_database_url: str | None = None     # default: the database URL with that role as user
    previous_secret_keys: tuple[str, ...] = ()
    audit_key: str | None = None        # keys the audit chain (default: derived from the secret keys)
    previous_audit_keys: tuple[str, ...] = ()
    secure_cookies: bool = False       # cookies marked Secure (default: yes on PostgreSQL)
    trusted_proxies: str | None = None # addresses whose X-Forwarded-For is believed (none by default)   # still accepted (rotation), never used to sign
    smtp_url: str | None = None        # smtp://user:pass@host:port (smtps:// TLS, ?starttls=1); unset: .eml files
    mail_from: str = "Partage <no-reply@partage.localhost>"

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith("postgresql")

    @property
    def verification_keys(self) -> tuple[str, ...]:
        """The signing key first, then the previous ones (tokens they signed stay valid)."""
        return (self.secret_key, *self.previous_secret_keys)

    @property
    def audit_keys(self) -> tuple[bytes, ...]:
        """Keys of the audit chain's HMAC, kept outside the database: ``PARTAGE_AUDIT_KEY`` (and
        ``PARTAGE_PREVIOUS_AUDIT_KEYS``), else derived from the secret keys (so rotating the secret
        key keeps the old events verifiable while the old key is listed as previous)."""
        if self.audit_key:
            return tuple(k.encode() for k in (self.audit_key, *self.previous_audit_keys))
        return tuple(hmac.new(k.encode(), b"partage audit chain", hashlib.sha256).digest()
                     for k in self.verification_keys)

    def check_secret_keys(self) -> None:
        """Refuse the public default key, or a short one, outside the embedded SQLite demo."""
        if not self.database_url.startswith("sqlite"):
            for name, key in (("PARTAGE_SECRET_KEY", self.secret_key),
                              *(("PARTAGE_PREVIOUS_SECRET_KEYS", k) for k in self.previous_secret_keys)):
                if key == DEV_SECRET_KEY:
                    raise SettingsError(f"{name} is the public development key: set a long random "
                                        "value (e.g. `openssl rand -hex 32`)")
                if len(key) < MIN_SECRET_KEY:
                    raise SettingsError(f"{name} is too short: at least {MIN_SECRET_KEY} characters")


def _default_sqlite_url(var_dir: Path) -> str:
    return f"sqlite:///{(var_dir / 'partage.db').as_posix()}"


def _int(env: dict[str, str], name: str, default: int, least: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r}: a whole number is expected") from None
    if value < least:
        raise SettingsError(f"{name}={raw!r}: at least {least}")
    return value


def _flag(env: dict[str, str], name: str, default: bool) -> bool:
    raw = (env.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name}={raw!r}: use 1 or 0")


class SettingsError(ValueError):
    """A ``PARTAGE_*`` variable is not usable (the message names it)."""


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
        secret_key=env.get("PARTAGE_SECRET_KEY") or DEV_SECRET_KEY,
        previous_secret_keys=tuple(k.strip() for k in env.get("PARTAGE_PREVIOUS_SECRET_KEYS", "").split(",")
                                   if k.strip()),
        var_dir=var_dir,
        platform_db_role=env.get("PARTAGE_PLATFORM_DB_ROLE") or "partage_platform",
        platform_database_url=env.get("PARTAGE_PLATFORM_DATABASE_URL") or None,
        audit_key=env.get("PARTAGE_AUDIT_KEY") or None,
        previous_audit_keys=tuple(k.strip() for k in env.get("PARTAGE_PREVIOUS_AUDIT_KEYS", "").split(",")
                                  if k.strip()),
        secure_cookies=_flag(env, "PARTAGE_SECURE_COOKIES", not database_url.startswith("sqlite")),
        trusted_proxies=env.get("PARTAGE_TRUSTED_PROXIES") or None,
        worker_threads=_int(env, "PARTAGE_WORKER_THREADS", 16, least=1),
        db_pool_size=_int(env, "PARTAGE_DB_POOL_SIZE", 16, least=1),
        db_pool_overflow=_int(env, "PARTAGE_DB_POOL_OVERFLOW", 16),
        db_pool_timeout=_int(env, "PARTAGE_DB_POOL_TIMEOUT", 10, least=1),
        db_lock_timeout_ms=_int(env, "PARTAGE_DB_LOCK_TIMEOUT_MS", 10_000),
        db_statement_timeout_ms=_int(env, "PARTAGE_DB_STATEMENT_TIMEOUT_MS", 0),
        smtp_url=env.get("PARTAGE_SMTP_URL") or None,
        mail_from=env.get("PARTAGE_MAIL_FROM") or "Partage <no-reply@partage.localhost>",
    )


@lru_cache(maxsize=1)
def settings() -> Settings:
    """Process-wide settings (read once)."""
    return load_settings()
