"""The Dramatiq broker, chosen from settings.

* ``settings.redis_url`` set: a ``RedisBroker`` (production, integration tests); jobs run in
  ``partage worker`` processes (``python -m dramatiq <module>``).
* unset (the embedded default): dramatiq's in-process ``StubBroker``. Choice made here: in that
  mode :func:`core.jobs.enqueue` runs the job *before returning*: it sends the message, then
  :func:`run_inline` starts an in-process ``dramatiq.Worker``, waits with ``broker.join(queue)``
  and stops the worker. So a CLI command can enqueue and rely on the work being done, and a
  failing job raises its exception in the caller. The job still runs in a worker thread through
  the same middleware (tenant binding) as on Redis: one code path. Retries are off in this mode
  (a CLI wants the error now; actors may still set ``max_retries``).

Both brokers get :class:`TenantMiddleware` first, so the tenant is bound before, and released
after, every other middleware.
"""
from __future__ import annotations

import threading

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import Middleware, Retries, default_middleware

from partage.core.jobs.middleware import TenantMiddleware

_lock = threading.Lock()
_broker: dramatiq.Broker | None = None


def _middleware(inline: bool) -> list[Middleware]:
    extra = [Retries(max_retries=0) if (inline and cls is Retries) else cls()
             for cls in default_middleware]
    return [TenantMiddleware(), *extra]


def make_broker(settings) -> dramatiq.Broker:
    """A new broker for ``settings`` (Redis when ``redis_url`` is set, else in-process)."""
    if settings.redis_url:
        from dramatiq.brokers.redis import RedisBroker

        return RedisBroker(url=settings.redis_url, middleware=_middleware(inline=False))
    return StubBroker(middleware=_middleware(inline=True))


def setup_broker(settings=None) -> dramatiq.Broker:
    """Create the process-wide broker once (from ``settings()`` by default) and make it global."""
    global _broker
    with _lock:
        if _broker is None:
            if settings is None:
                from partage.core.settings import settings as process_settings

                settings = process_settings()
            _broker = make_broker(settings)
            dramatiq.set_broker(_broker)
        return _broker


def is_inline(broker: dramatiq.Broker) -> bool:
    """True for the in-process broker, whose jobs :func:`run_inline` executes."""
    return isinstance(broker, StubBroker)


def run_inline(broker: StubBroker, queue_name: str = "default", timeout_ms: int = 600_000) -> None:
    """Process ``queue_name`` with an in-process worker until it is empty.

    Re-raises the exception of the first job that failed during this call.
    """
    dead = broker.dead_letters_by_queue[queue_name]
    seen = len(dead)
    worker = dramatiq.Worker(broker, queues={queue_name}, worker_threads=1, worker_timeout=20)
    worker.start()
    try:
        broker.join(queue_name, timeout=timeout_ms, fail_fast=False)
    finally:
        worker.stop()
    for message in dead[seen:]:
        raise message._exception or RuntimeError(f"job {message.actor_name} failed")
