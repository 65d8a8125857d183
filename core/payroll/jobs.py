"""Dramatiq actor computing one chunk of a payroll run (declared under ``partage.jobs``)."""
from __future__ import annotations

import uuid

import dramatiq

from partage.core.jobs import job

QUEUE = "payroll"
ACTOR = "core.payroll.jobs.compute_chunk_job"


def compute_chunk_task(run_id: str, number: int) -> None:
    """Compute one chunk with the process's database (the tenant is bound by the middleware)."""
    from partage.core.db import database
    from partage.core.payroll.chunks import compute_chunk

    compute_chunk(database(), uuid.UUID(run_id), number)


compute_chunk_job = job(compute_chunk_task, queue_name=QUEUE, actor_name=ACTOR, max_retries=5,
                        min_backoff=200, max_backoff=2000)


def actor_on(broker: dramatiq.Broker) -> dramatiq.Actor:
    """The same actor declared on ``broker`` (a coordinator may talk to another broker than the
    process-wide one, e.g. a test sending to Redis)."""
    if broker is compute_chunk_job.broker:
        return compute_chunk_job
    try:
        return broker.get_actor(ACTOR)
    except dramatiq.errors.ActorNotFound:
        return dramatiq.actor(compute_chunk_task, actor_name=ACTOR, queue_name=QUEUE, broker=broker,
                              max_retries=5, min_backoff=200, max_backoff=2000)


def _render(run_id: str) -> None:
    from partage.core.payroll.documents import render_run_task

    render_run_task(run_id)


render_run_job = job(_render, queue_name=QUEUE, actor_name="core.payroll.jobs.render_run_job")
