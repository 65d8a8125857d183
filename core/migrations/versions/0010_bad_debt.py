"""Billing: an invoice's bad debt (``written_off``, gross, in cents), which the guarantee fund
absorbs where the activity cannot (``core.billing.bad_debt``).

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("invoices", sa.Column("written_off", sa.BigInteger(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("invoices") as batch:
        batch.drop_column("written_off")
