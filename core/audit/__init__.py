"""Append-only, hash-chained audit trail."""
from core.audit.chain import AuditProblem
from core.audit.models import AuditEvent, AuditHead
from core.audit.service import lock_trail, record, verify

__all__ = ["AuditEvent", "AuditHead", "AuditProblem", "lock_trail", "record", "verify"]
