"""A tiny tenant-scoped schema of its own (own MetaData: the shared ``Base`` stays clean) and
the job used by the real-Redis test."""
from __future__ import annotations

import os
import uuid
from functools import lru_cache

from sqlalchemy import MetaData, String, Uuid, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from partage.core.db import Database, TenantScoped, UUIDPrimaryKey
from partage.core.tenancy import current_tenant_id

QUEUE_ENV = "PARTAGE_TEST_JOBS_QUEUE"


class JobsTestBase(DeclarativeBase):
    metadata = MetaData()


class Tenant(JobsTestBase):
    __tablename__ = "tenants"
    id: Mapped[uuid.UUID] = mapped_column(Uuid(), primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


class Item(UUIDPrimaryKey, TenantScoped, JobsTestBase):
    __tablename__ = "job_items"
    label: Mapped[str] = mapped_column(String(50))


class Result(UUIDPrimaryKey, TenantScoped, JobsTestBase):
    __tablename__ = "job_results"
    seen: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int]


@lru_cache(maxsize=4)
def database(url: str) -> Database:
    return Database(url)


def count_items(database_url: str) -> None:
    """The service function: list the items visible to the bound tenant; store what it saw."""
    with database(database_url).session() as s:
        labels = sorted(s.scalars(select(Item.label)))
        s.add(Result(seen=f"{current_tenant_id()}:{','.join(labels)}", pid=os.getpid()))


def declare(broker):
    """Declare the test actor on ``broker`` (same name and queue in worker and test)."""
    from partage.core.jobs import job

    return job(count_items, broker=broker, queue_name=os.environ[QUEUE_ENV],
               actor_name="tests.jobs.count_items", max_retries=0)
