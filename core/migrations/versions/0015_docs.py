"""Documents clients accept: a client's Peppol participant identifier (only those get a Peppol BIS
document) and the seller block of invoices (registered office, register city, BIC).

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

SELLER = (("bank_bic", 11), ("street", 200), ("postal_code", 20), ("city", 100), ("register_city", 100))


def upgrade() -> None:
    op.add_column("clients", sa.Column("peppol_id", sa.String(60)))
    for name, size in SELLER:
        op.add_column("billing_settings", sa.Column(name, sa.String(size)))


def downgrade() -> None:
    with op.batch_alter_table("billing_settings") as batch:
        for name, _ in SELLER:
            batch.drop_column(name)
    with op.batch_alter_table("clients") as batch:
        batch.drop_column("peppol_id")
