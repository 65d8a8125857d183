"""The dispatcher as a job (declared under ``partage.jobs``): one pass for the bound tenant."""
from __future__ import annotations

from partage.core.jobs import job

QUEUE = "webhooks"


def dispatch_task() -> None:
    from partage.core.db import database
    from partage.core.webhooks.service import dispatch

    dispatch(database())


dispatch_job = job(dispatch_task, queue_name=QUEUE, actor_name="core.webhooks.jobs.dispatch_job",
                   max_retries=3)
