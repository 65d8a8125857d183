"""Append-only, hash-chained audit trail."""
from partage.core.audit.chain import AuditProblem
from partage.core.audit.models import AuditEvent, AuditHead
from partage.core.audit.service import lock_trail, record, verify

__all__ = ["AuditEvent", "AuditHead", "AuditProblem", "lock_trail", "record", "verify"]
