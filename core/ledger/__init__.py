"""Activity ledger: append-only postings per activity, balance and statement."""
from core.ledger.models import LedgerEntry
from core.ledger.service import balance, post, statement

__all__ = ["LedgerEntry", "balance", "post", "statement"]
