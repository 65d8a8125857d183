"""Guarantee fund repayment: what an activity owes the fund is read from its ledger rows.

Advances (``guarantee_advance``) and repayments (``guarantee_repayment``) are ledger entries; the
guardrails sum them per member and for the tenant at each declaration. A partial index holds only
those rows, so the sums read a few rows and the bulk salary debits of a run do not maintain it.

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

ROWS = "kind IN ('guarantee_advance', 'guarantee_repayment')"


def upgrade() -> None:
    op.create_index("ix_ledger_entries_guarantee", "ledger_entries", ["tenant_id", "activity_id"],
                    postgresql_where=sa.text(ROWS), sqlite_where=sa.text(ROWS))


def downgrade() -> None:
    op.drop_index("ix_ledger_entries_guarantee", table_name="ledger_entries")
