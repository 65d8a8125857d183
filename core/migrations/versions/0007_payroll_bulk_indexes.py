"""Payroll bulk tables: drop the indexes their composite unique keys already cover; chunks keep
their last failure.

``payslips`` and ``salary_payments`` are written 100,000 rows at a time. Their unique keys
(tenant, id) and (tenant, run, performance) serve every lookup by tenant or by run (row-level
security adds the tenant), so the single-column indexes on ``tenant_id`` and ``run_id`` only
cost a write per row.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TABLES = ("payslips", "salary_payments")


def upgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_tenant_id", table_name=table)
        op.drop_index(f"ix_{table}_run_id", table_name=table)
    op.add_column("payroll_chunks", sa.Column("error", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("payroll_chunks") as batch:
        batch.drop_column("error")
    for table in TABLES:
        op.create_index(f"ix_{table}_run_id", table, ["run_id"])
        op.create_index(f"ix_{table}_tenant_id", table, ["tenant_id"])
