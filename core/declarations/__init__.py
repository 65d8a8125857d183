"""Country-neutral declaration engine: contract, lifecycle, deadlines, submission, reconciliation.

Country plugins provide the declaration types (`DeclarationType`) as pure generators over typed
inputs describing stored data; see docs/declarations.md.
"""
from core.declarations.calendar import DeadlineRule, DeadlineWarning, Due, deadline, warnings
from core.declarations.errors import IllegalTransition, InvalidDeclarationInput, Problems, ReconciliationFailed
from core.declarations.lifecycle import Declaration, Event, Status, transition
from core.declarations.period import Period
from core.declarations.reconcile import Check, Reconciliation, reconcile
from core.declarations.service import Produced, produce, submit
from core.declarations.submission import FileSubmission, Receipt, SubmissionAdapter
from core.declarations.types import DeclarationType, GeneratedFile

__all__ = [
    "DeadlineRule", "DeadlineWarning", "Due", "deadline", "warnings", "IllegalTransition",
    "InvalidDeclarationInput", "Problems", "ReconciliationFailed", "Declaration", "Event", "Status",
    "transition", "Period", "Check", "Reconciliation", "reconcile", "FileSubmission", "Receipt",
    "SubmissionAdapter", "DeclarationType", "GeneratedFile", "Produced", "produce", "submit",
]
