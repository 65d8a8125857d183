"""Country-neutral declaration engine: contract, lifecycle, deadlines, submission, reconciliation.

Country plugins provide the declaration types (`DeclarationType`) as pure generators over typed
inputs describing stored data; see docs/declarations.md.
"""
from partage.core.declarations.calendar import DeadlineRule, DeadlineWarning, Due, deadline, warnings
from partage.core.declarations.errors import IllegalTransition, InvalidDeclarationInput, Problems, ReconciliationFailed
from partage.core.declarations.lifecycle import Declaration, Event, Status, transition
from partage.core.declarations.period import Period
from partage.core.declarations.reconcile import Check, Reconciliation, reconcile
from partage.core.declarations.service import Produced, produce, submit
from partage.core.declarations.submission import FileSubmission, Receipt, SubmissionAdapter
from partage.core.declarations.types import DeclarationType, GeneratedFile

__all__ = [
    "DeadlineRule", "DeadlineWarning", "Due", "deadline", "warnings", "IllegalTransition",
    "InvalidDeclarationInput", "Problems", "ReconciliationFailed", "Declaration", "Event", "Status",
    "transition", "Period", "Check", "Reconciliation", "reconcile", "FileSubmission", "Receipt",
    "SubmissionAdapter", "DeclarationType", "GeneratedFile", "Produced", "produce", "submit",
]
