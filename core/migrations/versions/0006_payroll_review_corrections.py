"""Payroll: a random review sample of automatically approved performances ("Objectif 5%") and
amendments of paid performances (paid again as differences by correction runs).

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("payroll_settings", sa.Column("review_sample_rate", sa.Numeric(5, 4), nullable=False,
                                                server_default="0.05"))
    op.add_column("performances", sa.Column("review", sa.String(20)))
    op.add_column("performances", sa.Column("reviewed_at", TS))
    op.add_column("performances", sa.Column("reviewed_by", sa.String(100)))
    op.add_column("performances", sa.Column("amended_at", TS))
    op.create_index("ix_performances_review", "performances", ["review"])


def downgrade() -> None:
    op.drop_index("ix_performances_review", "performances")
    with op.batch_alter_table("performances") as batch:
        for column in ("amended_at", "reviewed_by", "reviewed_at", "review"):
            batch.drop_column(column)
    with op.batch_alter_table("payroll_settings") as batch:
        batch.drop_column("review_sample_rate")
