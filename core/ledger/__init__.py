"""Activity ledger: append-only postings per activity, balance and statement; the guarantee fund's
advances and their repayment when revenue arrives (``core.ledger.guarantee``)."""
from partage.core.ledger.guarantee import advance, outstanding, owed, post_revenue
from partage.core.ledger.models import LedgerEntry
from partage.core.ledger.service import balance, post, statement

__all__ = ["LedgerEntry", "advance", "balance", "outstanding", "owed", "post", "post_revenue", "statement"]
