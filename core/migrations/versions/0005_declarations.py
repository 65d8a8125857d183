"""Declarations: generated versions and their append-only lifecycle events.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UUID = sa.Uuid()
TS = sa.DateTime(timezone=True)


def _id(table: str) -> list:
    return [sa.Column("id", UUID, primary_key=True),
            sa.Column("tenant_id", UUID, sa.ForeignKey("tenants.id", ondelete="RESTRICT"),
                      nullable=False, index=True)]


def upgrade() -> None:
    op.create_table("declarations", *_id("declarations"),
                    sa.Column("declaration_type", sa.String(20), nullable=False),
                    sa.Column("period", sa.String(10), nullable=False),
                    sa.Column("subject", sa.String(60), nullable=False),
                    sa.Column("version", sa.Integer, nullable=False),
                    sa.Column("status", sa.String(20), nullable=False),
                    sa.Column("filename", sa.String(200), nullable=False),
                    sa.Column("media_type", sa.String(60), nullable=False),
                    sa.Column("sha256", sa.String(64), nullable=False),
                    sa.Column("content", sa.LargeBinary, nullable=False),
                    sa.Column("summary", sa.JSON, nullable=False),
                    sa.Column("problems", sa.JSON, nullable=False),
                    sa.Column("receipt", sa.String(200)),
                    sa.Column("created_at", TS, nullable=False),
                    sa.UniqueConstraint("tenant_id", "id", name="uq_declarations_tenant_id_id"),
                    sa.UniqueConstraint("tenant_id", "declaration_type", "period", "subject", "version",
                                        name="uq_declarations_version"))
    op.create_table("declaration_events", *_id("declaration_events"),
                    sa.Column("declaration_id", UUID, nullable=False, index=True),
                    sa.Column("position", sa.Integer, nullable=False),
                    sa.Column("event", sa.String(20), nullable=False),
                    sa.Column("status", sa.String(20), nullable=False),
                    sa.Column("at", TS, nullable=False),
                    sa.Column("note", sa.Text, nullable=False),
                    sa.UniqueConstraint("tenant_id", "declaration_id", "position"),
                    sa.ForeignKeyConstraint(["tenant_id", "declaration_id"],
                                            ["declarations.tenant_id", "declarations.id"], ondelete="RESTRICT"))


def downgrade() -> None:
    op.drop_table("declaration_events")
    op.drop_table("declarations")
