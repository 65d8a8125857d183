"""``@job``: a plain service function as a Dramatiq actor; ``enqueue``: send it (and, on the
in-process broker, run it before returning; see :mod:`core.jobs.broker`)."""
from __future__ import annotations

from typing import Any, Callable

import dramatiq

from partage.core.jobs.broker import is_inline, run_inline, setup_broker


def job(fn: Callable | None = None, *, cross_tenant: bool = False, queue_name: str = "default",
        broker: dramatiq.Broker | None = None, **opts: Any):
    """Declare ``fn`` as a job. The actor (still callable synchronously) is returned.

    ``cross_tenant=True``: runs with no tenant bound, under the audited ``cross_tenant()`` path,
    and needs a reason when enqueued. Default actor name: ``module.qualname`` (stable across
    processes, unique across domains). ``broker`` defaults to :func:`setup_broker`.
    """
    def decorate(func: Callable) -> dramatiq.Actor:
        name = opts.pop("actor_name", None) or f"{func.__module__}.{func.__qualname__}"
        return dramatiq.actor(func, actor_name=name, queue_name=queue_name,
                              broker=broker or setup_broker(), cross_tenant=cross_tenant, **opts)

    return decorate if fn is None else decorate(fn)


def enqueue(actor: dramatiq.Actor, *args: Any, **kwargs: Any) -> dramatiq.Message:
    """Enqueue ``actor(*args, **kwargs)`` for the bound tenant.

    Raises ``TenantNotSet`` when no tenant is bound (unless the actor is cross-tenant; its reason
    then comes from the enclosing ``cross_tenant()`` grant).
    """
    return enqueue_with_options(actor, args=args, kwargs=kwargs)


def enqueue_with_options(actor: dramatiq.Actor, *, args: tuple = (), kwargs: dict | None = None,
                         delay: int | None = None, **options: Any) -> dramatiq.Message:
    """Like :func:`enqueue`, with message options (``reason=`` for cross-tenant jobs)."""
    if "tenant_id" in options:
        raise ValueError("do not pass tenant_id: bind the tenant (bind_tenant) instead")
    message = actor.send_with_options(args=args, kwargs=kwargs or {}, delay=delay, **options)
    if is_inline(actor.broker):
        run_inline(actor.broker, actor.queue_name)
    return message
