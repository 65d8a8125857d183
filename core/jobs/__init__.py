"""Background jobs: Dramatiq actors wrapping plain service functions, carrying the tenant.

See :mod:`core.jobs.broker` (Redis or in-process broker) and :mod:`core.jobs.middleware`.
"""
from partage.core.jobs.actors import enqueue, enqueue_with_options, job
from partage.core.jobs.broker import is_inline, make_broker, run_inline, setup_broker
from partage.core.jobs.middleware import (JobReasonMissing, JobTenantMismatch, JobTenantNotSet,
                                  TenantMiddleware)

__all__ = ["JobReasonMissing", "JobTenantMismatch", "JobTenantNotSet", "TenantMiddleware",
           "enqueue", "enqueue_with_options", "is_inline", "job", "make_broker", "run_inline",
           "setup_broker"]
