"""Payroll payments: payment orders (each SEPA file stored once, byte for byte, with its items;
a payable item in at most one order the bank has not refused) and the kind of a run (regular,
supplementary, correction).

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

UUID = sa.Uuid()
TS = sa.DateTime(timezone=True)
OPEN_ITEM = sa.text("status = 'issued'")


def _orders() -> None:
    op.create_table(
        "payment_orders", sa.Column("id", UUID, primary_key=True),
        sa.Column("tenant_id", UUID, sa.ForeignKey("tenants.id", ondelete="RESTRICT"), nullable=False,
                  index=True),
        sa.Column("run_id", UUID, index=True), sa.Column("msg_id", sa.String(35), nullable=False),
        sa.Column("checksum", sa.String(64), nullable=False),
        sa.Column("document", sa.LargeBinary, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("execution_date", sa.Date, nullable=False),
        sa.Column("transfers", sa.Integer, nullable=False), sa.Column("total", sa.BigInteger, nullable=False),
        sa.Column("created_at", TS, nullable=False), sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("cancelled_at", TS), sa.Column("cancelled_by", sa.String(100)),
        sa.Column("cancel_reason", sa.Text),
        sa.UniqueConstraint("tenant_id", "id", name="uq_payment_orders_tenant_id_id"),
        sa.UniqueConstraint("tenant_id", "msg_id", name="uq_payment_orders_msg_id"),
        sa.ForeignKeyConstraint(["tenant_id", "run_id"], ["payroll_runs.tenant_id", "payroll_runs.id"],
                                ondelete="RESTRICT"))


def _items() -> None:
    op.create_table(
        "payment_order_items", sa.Column("id", UUID, primary_key=True),
        sa.Column("tenant_id", UUID, nullable=False), sa.Column("order_id", UUID, nullable=False),
        sa.Column("item_kind", sa.String(30), nullable=False), sa.Column("item_id", UUID, nullable=False),
        sa.Column("member_id", UUID, nullable=False),
        sa.Column("end_to_end_id", sa.String(35), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False), sa.Column("iban", sa.String(34), nullable=False),
        sa.Column("bic", sa.String(11)), sa.Column("name", sa.String(140), nullable=False),
        sa.Column("status", sa.String(20), nullable=False), sa.Column("reason", sa.Text),
        sa.UniqueConstraint("tenant_id", "id", name="uq_payment_order_items_tenant_id_id"),
        sa.ForeignKeyConstraint(["tenant_id", "order_id"], ["payment_orders.tenant_id", "payment_orders.id"],
                                ondelete="RESTRICT"))
    op.create_index("ix_payment_order_items_order", "payment_order_items", ["tenant_id", "order_id"])
    op.create_index("uq_payment_order_items_open", "payment_order_items", ["tenant_id", "item_kind", "item_id"],
                    unique=True, postgresql_where=OPEN_ITEM, sqlite_where=OPEN_ITEM)


def upgrade() -> None:
    op.add_column("payroll_runs", sa.Column("kind", sa.String(20), nullable=False, server_default="regular"))
    op.execute("UPDATE payroll_runs SET kind = 'correction' WHERE sequence > 1")
    _orders()
    _items()


def downgrade() -> None:
    op.drop_table("payment_order_items")
    op.drop_table("payment_orders")
    with op.batch_alter_table("payroll_runs") as batch:
        batch.drop_column("kind")
