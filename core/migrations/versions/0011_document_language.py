"""Billing: the language of each invoice, credit note and quote (PDF labels and legal mentions), and
a client's preferred language, which a new invoice takes unless told otherwise.

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TABLES = ("clients", "invoices", "credit_notes", "quotes")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("language", sa.String(5)))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("language")
