"""``TenantMiddleware``: carries the bound tenant from the enqueuing code into the job.

Enqueue side (``before_enqueue``): the current tenant id is copied into
``message.options["tenant_id"]``. With no tenant bound, only actors declared
``cross_tenant=True`` may be enqueued, and they need a ``reason`` (message option, or taken from
the enclosing :func:`core.tenancy.cross_tenant` grant). A message already stamped with a tenant
(a retry, or a delayed message moved back by the worker) keeps its tenant.

Worker side (``before_process_message``): the tenant of the message is bound in the
``ContextVar`` for the duration of the job and reset afterwards (``after_process_message`` /
``after_skip_message``). Cross-tenant actors run under the audited
``cross_tenant(actor="job:<actor name>", reason=...)``. A message that names no tenant for a
tenant actor is refused (dead-lettered, never retried): it never runs unbound.
"""
from __future__ import annotations

import logging
import threading
import uuid
from contextlib import ExitStack

import dramatiq
from dramatiq.middleware import MiddlewareError, SkipMessage

from partage.core.tenancy import (TenantMismatch, TenantNotSet, bind_tenant, cross_tenant,
                          cross_tenant_grant, current_tenant_id)

log = logging.getLogger(__name__)


class JobTenantNotSet(TenantNotSet, MiddlewareError):
    """Refused enqueue: no tenant bound (a ``MiddlewareError`` so dramatiq lets it propagate)."""


class JobTenantMismatch(TenantMismatch, MiddlewareError):
    """Refused enqueue: the message names another tenant than the bound one."""


class JobReasonMissing(ValueError, MiddlewareError):
    """Refused enqueue: a cross-tenant job without a reason."""


def is_cross_tenant(broker: dramatiq.Broker, actor_name: str) -> bool:
    return bool(broker.get_actor(actor_name).options.get("cross_tenant", False))


class TenantMiddleware(dramatiq.Middleware):
    """Stamps messages with the bound tenant and binds it again around the job."""

    def __init__(self) -> None:
        self._local = threading.local()

    @property
    def actor_options(self) -> set[str]:
        return {"cross_tenant"}

    # -- enqueue side ---------------------------------------------------------------------
    def before_enqueue(self, broker, message, delay) -> None:
        if is_cross_tenant(broker, message.actor_name):
            self._stamp_reason(message)
        else:
            self._stamp_tenant(message)

    @staticmethod
    def _stamp_tenant(message) -> None:
        bound, stamped = current_tenant_id(), message.options.get("tenant_id")
        if bound is None:
            if stamped is None:
                raise JobTenantNotSet(f"job {message.actor_name!r}")
            return  # re-enqueue of a stamped message (retry, delayed message)
        if stamped is not None and stamped != str(bound):
            raise JobTenantMismatch(f"job {message.actor_name!r} names tenant {stamped}, "
                                    f"bound tenant is {bound}")
        message.options["tenant_id"] = str(bound)

    @staticmethod
    def _stamp_reason(message) -> None:
        grant = cross_tenant_grant()
        reason = message.options.get("reason") or (grant.reason if grant else None)
        if not reason or not str(reason).strip():
            raise JobReasonMissing(f"cross-tenant job {message.actor_name!r} needs a reason "
                                   "(option reason=..., or enqueue inside cross_tenant())")
        message.options["reason"] = str(reason)
        message.options.pop("tenant_id", None)

    # -- worker side ----------------------------------------------------------------------
    def before_process_message(self, broker, message) -> None:
        stack = ExitStack()
        try:
            stack.enter_context(self._context_for(broker, message))
        except (ValueError, TypeError) as exc:
            log.error("refusing job %s (%s): %s", message.actor_name, message.message_id, exc)
            message.fail()
            raise SkipMessage(f"refused: {exc}") from exc
        self._local.stack = stack

    @staticmethod
    def _context_for(broker, message):
        if is_cross_tenant(broker, message.actor_name):
            return cross_tenant(actor=f"job:{message.actor_name}",
                                reason=str(message.options.get("reason") or ""))
        tenant_id = message.options.get("tenant_id")
        if not tenant_id:
            raise ValueError("message carries no tenant_id")
        return bind_tenant(uuid.UUID(str(tenant_id)))

    def _release(self) -> None:
        stack = getattr(self._local, "stack", None)
        self._local.stack = None
        if stack is not None:
            stack.close()

    def after_process_message(self, broker, message, *, result=None, exception=None) -> None:
        self._release()

    def after_skip_message(self, broker, message) -> None:
        self._release()
