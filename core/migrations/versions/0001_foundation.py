"""Foundation: tenants, audit trail, parameter overrides.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UUID = sa.Uuid()
TS = sa.DateTime(timezone=True)


def _tenant_fk(nullable: bool = False) -> sa.Column:
    return sa.Column("tenant_id", UUID, sa.ForeignKey("tenants.id", ondelete="RESTRICT",
                     name=None), nullable=nullable, index=True)


def upgrade() -> None:
    op.create_table(
        "tenants",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("slug", sa.String(63), nullable=False, unique=True),
        sa.Column("legal_name", sa.String(200), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("company_number", sa.String(40)),
        sa.Column("vat_number", sa.String(40)),
        sa.Column("locales", sa.JSON, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("contribution_rate", sa.Numeric(6, 4), nullable=False),
        sa.Column("modules", sa.JSON, nullable=False),
        sa.Column("branding", sa.JSON, nullable=False),
        sa.Column("oidc", sa.JSON, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", UUID, primary_key=True),
        _tenant_fk(nullable=True),
        sa.Column("chain", sa.String(40), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("payload_hash", sa.String(64), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("chain", "seq"),
    )
    op.create_table(
        "audit_heads",
        sa.Column("chain", sa.String(40), primary_key=True),
        _tenant_fk(nullable=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "parameter_overrides",
        sa.Column("id", UUID, primary_key=True),
        _tenant_fk(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("start", sa.Date, nullable=False),
        sa.Column("value", sa.String(100), nullable=False),
        sa.Column("reference", sa.String(500), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("tenant_id", "name", "start"),
    )


def downgrade() -> None:
    for table in ("parameter_overrides", "audit_heads", "audit_events", "tenants"):
        op.drop_table(table)
