"""Payroll bulk tables: the tenant is guaranteed through the run, not by a second foreign key.

``payslips`` and ``salary_payments`` carry ``(tenant_id, run_id) -> payroll_runs (tenant_id, id)``,
and ``payroll_runs.tenant_id -> tenants``: a row's tenant exists and is its run's. The direct
``tenant_id -> tenants`` key checked the same thing again, one lookup per row written (about a
third of the cost of writing a 100,000-payslip run). Row-level security is unchanged.

Revision ID: 0008
Revises: 0007
"""
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = ("payslips", "salary_payments")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:  # SQLite: the table is rebuilt
            batch.drop_constraint(f"fk_{table}_tenant_id_tenants", type_="foreignkey")


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.create_foreign_key(f"fk_{table}_tenant_id_tenants", "tenants", ["tenant_id"], ["id"],
                                     ondelete="RESTRICT")
