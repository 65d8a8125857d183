"""Billing settings: the window of a numbered document's date (days after / before today).

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("billing_settings", sa.Column("issue_date_future_days", sa.Integer(),
                                                nullable=False, server_default="0"))
    op.add_column("billing_settings", sa.Column("issue_date_past_days", sa.Integer()))


def downgrade() -> None:
    with op.batch_alter_table("billing_settings") as batch:
        batch.drop_column("issue_date_past_days")
        batch.drop_column("issue_date_future_days")
