"""Billing and payroll: a member's language, which their payslip PDFs are worded in (the tenant's
first locale when unset).

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("members", sa.Column("language", sa.String(5)))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("language")
