"""Payroll runs: worker profiles, performances, runs, chunks, payslips, salary payments.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UUID = sa.Uuid()
TS = sa.DateTime(timezone=True)
MONEY = sa.BigInteger  # integer cents


def _id(table: str) -> list:
    return [sa.Column("id", UUID, primary_key=True),
            sa.Column("tenant_id", UUID, sa.ForeignKey("tenants.id", ondelete="RESTRICT"),
                      nullable=False, index=True),
            sa.UniqueConstraint("tenant_id", "id", name=f"uq_{table}_tenant_id_id")]


def _fk(column: str, target: str, index: bool = True) -> list:
    return [sa.Column(column, UUID, nullable=False, index=index),
            sa.ForeignKeyConstraint(["tenant_id", column], [f"{target}.tenant_id", f"{target}.id"],
                                    ondelete="RESTRICT")]


def _money(*names: str) -> list:
    return [sa.Column(name, MONEY, nullable=False) for name in names]


def _profiles() -> None:
    op.create_table("payroll_settings", sa.Column("id", UUID, primary_key=True),
                    sa.Column("tenant_id", UUID, sa.ForeignKey("tenants.id", ondelete="RESTRICT"),
                              nullable=False, index=True),
                    *_money("guarantee_limit_member", "guarantee_limit_total"),
                    sa.Column("chunk_size", sa.Integer, nullable=False),
                    sa.Column("debtor_name", sa.String(70), nullable=False),
                    sa.Column("debtor_iban", sa.String(34)), sa.Column("debtor_bic", sa.String(11)),
                    sa.Column("employer", sa.JSON, nullable=False), sa.UniqueConstraint("tenant_id"))
    op.create_table("worker_profiles", *_id("worker_profiles"), *_fk("member_id", "members"),
                    sa.Column("national_number", sa.String(20)), sa.Column("iban", sa.String(34)),
                    sa.Column("bic", sa.String(11)), sa.Column("birth_date", sa.Date),
                    sa.Column("profile", sa.JSON, nullable=False),
                    sa.UniqueConstraint("tenant_id", "member_id"))
    op.create_table("performances", *_id("performances"), *_fk("member_id", "members"),
                    *_fk("activity_id", "activities"),
                    sa.Column("start", sa.Date, nullable=False, index=True),
                    sa.Column("end", sa.Date, nullable=False), sa.Column("days", sa.Integer),
                    sa.Column("hours", sa.Numeric(8, 2)),
                    sa.Column("function", sa.String(100), nullable=False),
                    sa.Column("kind", sa.String(20), nullable=False),
                    *_money("gross", "estimated_cost", "guarantee"),
                    sa.Column("declaration_ref", sa.String(60)), sa.Column("declared_on", sa.Date),
                    sa.Column("status", sa.String(20), nullable=False, index=True),
                    sa.Column("checks", sa.JSON, nullable=False),
                    sa.Column("created_at", TS, nullable=False))


def _runs() -> None:
    op.create_table("payroll_runs", *_id("payroll_runs"), sa.Column("period", sa.Date, nullable=False),
                    sa.Column("sequence", sa.Integer, nullable=False),
                    sa.Column("status", sa.String(20), nullable=False),
                    sa.Column("chunks_total", sa.Integer, nullable=False),
                    sa.Column("performances_total", sa.Integer, nullable=False),
                    sa.Column("created_at", TS, nullable=False), sa.Column("computed_at", TS),
                    sa.Column("approved_at", TS), sa.Column("paid_at", TS),
                    sa.UniqueConstraint("tenant_id", "period", "sequence"))
    op.create_table("payroll_chunks", *_id("payroll_chunks"), *_fk("run_id", "payroll_runs"),
                    sa.Column("number", sa.Integer, nullable=False),
                    sa.Column("performance_ids", sa.JSON, nullable=False),
                    sa.Column("status", sa.String(20), nullable=False),
                    sa.Column("computed", sa.Integer, nullable=False),
                    sa.Column("blocked", sa.Integer, nullable=False),
                    sa.Column("attempts", sa.Integer, nullable=False), sa.Column("done_at", TS),
                    sa.UniqueConstraint("tenant_id", "run_id", "number"))


def _results() -> None:
    op.create_table("payslips", *_id("payslips"), *_fk("run_id", "payroll_runs"),
                    sa.Column("chunk_number", sa.Integer, nullable=False),
                    sa.Column("performance_id", UUID, nullable=False),
                    sa.Column("member_id", UUID, nullable=False, index=True),
                    sa.Column("activity_id", UUID, nullable=False),
                    sa.Column("period", sa.Date, nullable=False),
                    sa.Column("status", sa.String(20), nullable=False), sa.Column("error", sa.Text),
                    *_money("gross", "net", "withholding_tax", "net_to_pay", "employer_contributions",
                            "employer_cost"),
                    sa.Column("lines", sa.JSON, nullable=False),
                    sa.UniqueConstraint("tenant_id", "run_id", "performance_id"))
    op.create_table("salary_payments", *_id("salary_payments"), *_fk("run_id", "payroll_runs"),
                    sa.Column("performance_id", UUID, nullable=False),
                    sa.Column("payslip_id", UUID, nullable=False),
                    sa.Column("member_id", UUID, nullable=False, index=True),
                    sa.Column("amount", MONEY, nullable=False),
                    sa.Column("iban", sa.String(34), nullable=False), sa.Column("bic", sa.String(11)),
                    sa.Column("name", sa.String(140), nullable=False),
                    sa.Column("paid", sa.Boolean, nullable=False),
                    sa.UniqueConstraint("tenant_id", "run_id", "performance_id"))


def upgrade() -> None:
    _profiles()
    _runs()
    _results()


def downgrade() -> None:
    for table in ("salary_payments", "payslips", "payroll_chunks", "payroll_runs", "performances",
                  "worker_profiles", "payroll_settings"):
        op.drop_table(table)
