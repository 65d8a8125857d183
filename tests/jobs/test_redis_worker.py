"""A real ``dramatiq`` worker process on Redis runs a job under the enqueuing tenant only."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, text

from partage.core.db import Database
from partage.core.jobs import enqueue, make_broker
from partage.core.settings import load_settings
from partage.core.tenancy import bind_tenant
from tests.jobs.jobs_models import QUEUE_ENV, Item, JobsTestBase, Tenant, declare

ROOT = Path(__file__).resolve().parents[2]
A, B = uuid.uuid4(), uuid.uuid4()
pytestmark = pytest.mark.redis


def seed(url: str) -> None:
    db = Database(url)
    JobsTestBase.metadata.create_all(db.engine)
    with db.session() as s:
        s.add_all([Tenant(id=A, name="a"), Tenant(id=B, name="b")])
    for tenant, labels in ((A, ["a1", "a2"]), (B, ["b1", "b2", "b3"])):
        with bind_tenant(tenant), db.session() as s:
            s.add_all([Item(label=label) for label in labels])
    db.dispose()


def start_worker(env: dict[str, str], queue: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "dramatiq", "tests.jobs.worker_app",
           "--processes", "1", "--threads", "1", "--queues", queue]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def wait_for_results(url: str, timeout: float = 15.0) -> list[tuple]:
    engine = create_engine(url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with engine.connect() as c:
                rows = c.execute(text("SELECT tenant_id, seen, pid FROM job_results")).all()
            if rows:
                return rows
            time.sleep(0.1)
        return []
    finally:
        engine.dispose()


def stop(worker: subprocess.Popen) -> str:
    worker.terminate()
    try:
        out, _ = worker.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()
        out, _ = worker.communicate()
    return out


def cleanup(redis_url: str, queue: str) -> None:
    client = redis.Redis.from_url(redis_url)
    keys = [k for k in client.scan_iter(match="dramatiq:*") if queue in k.decode()]
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def queue(redis_url, monkeypatch):
    name = f"partage-test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv(QUEUE_ENV, name)
    yield name
    cleanup(redis_url, name)


def test_real_worker_sees_only_the_enqueuing_tenant(redis_url, queue, tmp_path):
    db_url = f"sqlite:///{(tmp_path / 'jobs.db').as_posix()}"
    seed(db_url)
    env = {**os.environ, "PARTAGE_REDIS_URL": redis_url, "PARTAGE_DATABASE_URL": db_url,
           QUEUE_ENV: queue, "PYTHONPATH": str(ROOT)}
    broker = make_broker(load_settings({"PARTAGE_REDIS_URL": redis_url}))
    actor = declare(broker)
    with bind_tenant(A):
        message = enqueue(actor, db_url)
    assert message.options["tenant_id"] == str(A)
    worker = start_worker(env, queue)
    try:
        rows = wait_for_results(db_url)
    finally:
        output = stop(worker)
        broker.close()
    assert len(rows) == 1, output
    tenant_id, seen, pid = rows[0]
    assert uuid.UUID(tenant_id) == A
    assert seen == f"{A}:a1,a2"
    assert pid != os.getpid()
