"""Payroll: a worker's home address (street, postcode, city, country), which the yearly tax fiches
(Belgian 281.10 zones 2.15-2.18) name.

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

COLUMNS = (("street", 200), ("postcode", 12), ("city", 100), ("country", 2))


def upgrade() -> None:
    for name, length in COLUMNS:
        op.add_column("worker_profiles", sa.Column(name, sa.String(length)))


def downgrade() -> None:
    with op.batch_alter_table("worker_profiles") as batch:
        for name, _ in COLUMNS:
            batch.drop_column(name)
