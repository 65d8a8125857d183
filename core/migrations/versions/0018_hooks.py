"""Webhooks: subscriptions, deliveries (one per subscription and audit event) and the attempt log.

Revision ID: 0018
Revises: 0017
"""
import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

UUID = sa.Uuid()
TS = sa.DateTime(timezone=True)


def _id() -> list:
    return [sa.Column("id", UUID, primary_key=True),
            sa.Column("tenant_id", UUID, sa.ForeignKey("tenants.id", ondelete="RESTRICT"),
                      nullable=False, index=True)]


def upgrade() -> None:
    op.create_table(
        "webhook_subscriptions", *_id(),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("event_types", sa.JSON, nullable=False),
        sa.Column("secret", sa.String(100), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("cursor", sa.Integer, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("deactivated_at", TS),
        sa.UniqueConstraint("tenant_id", "id", name="uq_webhook_subscriptions_tenant_id_id"))
    op.create_table(
        "webhook_deliveries", *_id(),
        sa.Column("subscription_id", UUID, nullable=False, index=True),
        sa.Column("event_seq", sa.Integer, nullable=False),
        sa.Column("event_type", sa.String(60), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", TS, nullable=False, index=True),
        sa.Column("lease_until", TS),
        sa.Column("last_status", sa.Integer),
        sa.Column("last_error", sa.String(500)),
        sa.Column("delivered_at", TS),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("tenant_id", "subscription_id", "event_seq",
                            name="uq_webhook_deliveries_tenant_id_subscription_id_event_seq"),
        sa.UniqueConstraint("tenant_id", "id", name="uq_webhook_deliveries_tenant_id_id"),
        sa.ForeignKeyConstraint(["tenant_id", "subscription_id"],
                                ["webhook_subscriptions.tenant_id", "webhook_subscriptions.id"],
                                ondelete="RESTRICT",
                                name="fk_webhook_deliveries_tenant_id_webhook_subscriptions"))
    op.create_table(
        "webhook_attempts", *_id(),
        sa.Column("delivery_id", UUID, nullable=False, index=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("status_code", sa.Integer),
        sa.Column("error", sa.String(500)),
        sa.Column("duration_ms", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id", "delivery_id"],
                                ["webhook_deliveries.tenant_id", "webhook_deliveries.id"],
                                ondelete="RESTRICT",
                                name="fk_webhook_attempts_tenant_id_webhook_deliveries"))


def downgrade() -> None:
    op.drop_table("webhook_attempts")
    op.drop_table("webhook_deliveries")
    op.drop_table("webhook_subscriptions")
