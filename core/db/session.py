"""Engine and sessions that bind the current tenant per transaction.

* PostgreSQL: ``set_config('app.tenant_id', ..., true)`` at the start of every transaction (so
  the setting dies with the transaction and never leaks to the next user of a pooled connection).
* Every dialect: an ORM filter on each query touching a ``TenantScoped`` entity, raising
  :class:`TenantNotSet` when no tenant is bound; new rows get the bound tenant; writing a row of
  another tenant raises :class:`TenantMismatch`.
"""
from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterator

from sqlalchemy import Table, create_engine, event, inspect, text
from sqlalchemy.sql import visitors
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria

from partage.core.db.base import TenantScoped, load_models
from partage.core.tenancy import TenantMismatch, TenantNotSet, cross_tenant_grant, current_tenant_id

if TYPE_CHECKING:
    from partage.core.settings import Settings

BIND_SQL = text("SELECT set_config('app.tenant_id', :tenant, true)")
PLATFORM_ROLE = "partage_platform"


class PartageSession(Session):
    """A session whose transactions carry the tenant bound when they began.

    A transaction begun under ``cross_tenant()`` runs on the platform engine (PostgreSQL: the
    platform role, the only one whose row-level security policy lets every tenant through).
    """

    def get_bind(self, mapper=None, **kw):
        platform = self.info.get("platform_engine")
        if platform is not None and self.info.get("cross_tenant") is not None:
            return platform
        return super().get_bind(mapper, **kw)


def _bound(session: Session) -> tuple[Any, Any]:
    return session.info.get("tenant_id"), session.info.get("cross_tenant")


@event.listens_for(PartageSession, "after_transaction_create")
def _capture_tenant(session: Session, transaction: Any) -> None:
    """A new top-level transaction takes the tenant bound at that moment."""
    if transaction.parent is not None:
        return
    tenant_id, grant = current_tenant_id(), cross_tenant_grant()
    session.info["tenant_id"], session.info["cross_tenant"] = tenant_id, grant
    if grant is not None:
        session.info["pending_cross_audit"] = grant


@event.listens_for(PartageSession, "after_begin")
def _bind_transaction(session: Session, transaction: Any, connection: Connection) -> None:
    tenant_id, grant = _bound(session)
    if connection.dialect.name == "postgresql":
        connection.execute(BIND_SQL, {"tenant": str(tenant_id) if tenant_id else ""})


def _touches_tenant_data(state: ORMExecuteState) -> bool:
    """True if any mapped entity or any table anywhere in the statement is tenant-owned.

    ``all_mappers`` misses entities named only in ``select_from()`` or in subqueries (e.g.
    ``select(func.count()).select_from(M)``, ``query(M).count()``), so the tables are walked too.
    """
    if any(issubclass(m.class_, TenantScoped) for m in state.all_mappers):
        return True
    return any(isinstance(node, Table) and "tenant_id" in node.c
               for node in visitors.iterate(state.statement))


@event.listens_for(PartageSession, "do_orm_execute")
def _filter_by_tenant(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if not _touches_tenant_data(state):
        return
    tenant_id, grant = _bound(state.session)
    if grant is not None:
        return
    if tenant_id is None:
        raise TenantNotSet()
    if current_tenant_id() != tenant_id:
        raise TenantMismatch("the bound tenant changed inside a transaction; commit first")
    state.statement = state.statement.options(with_loader_criteria(
        TenantScoped, lambda cls: cls.tenant_id == tenant_id, include_aliases=True))


def _check_new(obj: TenantScoped, tenant_id: uuid.UUID | None, grant: object) -> None:
    if obj.tenant_id is None:
        if tenant_id is None:
            raise TenantNotSet("insert")
        obj.tenant_id = tenant_id
    elif grant is None and obj.tenant_id != tenant_id:
        raise TenantMismatch(f"cannot write a {type(obj).__name__} of tenant {obj.tenant_id} "
                             f"while bound to {tenant_id}")


@event.listens_for(PartageSession, "before_flush")
def _guard_writes(session: Session, flush_context: Any, instances: Any) -> None:
    tenant_id, grant = _bound(session)
    for obj in session.new:
        if isinstance(obj, TenantScoped):
            _check_new(obj, tenant_id, grant)
    for obj in session.dirty:
        if isinstance(obj, TenantScoped) and grant is None:
            if inspect(obj).attrs.tenant_id.history.has_changes():
                raise TenantMismatch("a row cannot move to another tenant")


@event.listens_for(PartageSession, "before_commit")
def _audit_cross_tenant(session: Session) -> None:
    grant = session.info.pop("pending_cross_audit", None)
    if grant is not None:
        from partage.core.audit import record  # late import: audit models use this module's base

        record(session, actor=grant.actor, action="cross_tenant", subject="platform",
               payload={"reason": grant.reason}, tenant_id=None)


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys and WAL, PostgreSQL uses psycopg 3."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def bounded_waits(engine: Engine, lock_timeout_ms: int, statement_timeout_ms: int) -> None:
    """Every PostgreSQL connection of ``engine`` waits at most so long for a lock / a statement
    (``0``: no bound); the server then cancels the statement (SQLSTATE 55P03 / 57014)."""
    if engine.dialect.name != "postgresql" or not (lock_timeout_ms or statement_timeout_ms):
        return

    @event.listens_for(engine, "connect")
    def _set_timeouts(dbapi_connection, connection_record) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {int(lock_timeout_ms)}")
            cursor.execute(f"SET statement_timeout = {int(statement_timeout_ms)}")
        dbapi_connection.commit()


def platform_url_of(url: str, role: str = PLATFORM_ROLE) -> str:
    """``url`` connecting as the platform ``role`` (same host, database, options; no password:
    give ``PARTAGE_PLATFORM_DATABASE_URL`` in full when the role has one)."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(username=role, password=None).render_as_string(hide_password=False)


class Database:
    """An engine plus a session factory; ``with db.session() as s:`` is one transaction.

    On PostgreSQL a second engine connects as the platform role, lazily (no connection until a
    ``cross_tenant()`` transaction needs one): ``platform_url`` or the URL with that role as user.
    """

    def __init__(self, url: str, *, lock_timeout_ms: int = 0, statement_timeout_ms: int = 0,
                 platform_url: str | None = None, **engine_kwargs: Any) -> None:
        load_models()
        self.engine = make_engine(url, **engine_kwargs)
        bounded_waits(self.engine, lock_timeout_ms, statement_timeout_ms)
        self.platform_engine = None
        if self.engine.dialect.name == "postgresql":
            self.platform_engine = make_engine(platform_url or platform_url_of(url),
                                               **engine_kwargs)
            bounded_waits(self.platform_engine, lock_timeout_ms, statement_timeout_ms)
        self.sessionmaker = sessionmaker(self.engine, class_=PartageSession, expire_on_commit=False,
                                         info={"platform_engine": self.platform_engine})

    @classmethod
    def from_settings(cls, settings: "Settings") -> "Database":
        """The database of ``settings``: pool size, pool timeout, lock and statement timeouts."""
        kwargs: dict = {"lock_timeout_ms": settings.db_lock_timeout_ms,
                        "statement_timeout_ms": settings.db_statement_timeout_ms}
        if settings.is_postgres:
            kwargs.update(pool_size=settings.db_pool_size, max_overflow=settings.db_pool_overflow,
                          pool_timeout=settings.db_pool_timeout, pool_pre_ping=True,
                          platform_url=settings.platform_database_url
                          or platform_url_of(settings.database_url, settings.platform_db_role))
        return cls(settings.database_url, **kwargs)

    @contextmanager
    def session(self) -> Iterator[PartageSession]:
        with self.sessionmaker() as session, session.begin():
            yield session

    def begin(self) -> PartageSession:
        """A session whose transaction has begun (capturing the bound tenant); end it with
        :meth:`end`. For callers that cannot hold a ``with`` block open (one per HTTP request)."""
        session = self.sessionmaker()
        session.begin()
        return session

    @staticmethod
    def end(session: PartageSession, commit: bool) -> None:
        """Commit (or roll back) and close a session from :meth:`begin`."""
        try:
            if commit:
                session.commit()
            else:
                session.rollback()
        finally:
            session.close()

    @cached_property
    def finisher(self) -> ThreadPoolExecutor:
        """Threads that only end transactions (commit, roll back), apart from the threads running
        request handlers: a handler waiting for a row lock can never hold up the commit that
        releases it. Ending a transaction never waits for another one, and each pending end holds
        one pooled connection, so this pool (as large as the connection pool) never queues an end
        behind a waiting one."""
        pool = self.engine.pool
        size = (pool.size() + max(pool._max_overflow, 0)) if hasattr(pool, "_max_overflow") else 8
        return ThreadPoolExecutor(max_workers=max(size, 2), thread_name_prefix="partage-end")

    def dispose(self) -> None:
        if "finisher" in self.__dict__:
            self.finisher.shutdown(wait=True)
            del self.__dict__["finisher"]
        self.engine.dispose()
        if self.platform_engine is not None:
            self.platform_engine.dispose()
