"""Back office: member status (deactivation keeps the record), a user's language, single-use
e-mail tokens (invitations, password resets; hashed), clients private to an activity unless
shared, and the indexes the paged lists walk (keyset pagination).

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = ("0002",)   # users (identity branch)

UUID = sa.Uuid()
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("members", sa.Column("status", sa.String(20), nullable=False, server_default="active"))
    op.add_column("members", sa.Column("deactivated_at", TS))
    op.add_column("users", sa.Column("language", sa.String(5)))
    op.create_table(
        "user_tokens",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("tenant_id", UUID, sa.ForeignKey("tenants.id", ondelete="RESTRICT"), nullable=False,
                  index=True),
        sa.Column("user_id", UUID, nullable=False, index=True),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("used_at", TS),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id", "user_id"], ["users.tenant_id", "users.id"],
                                ondelete="RESTRICT"),
    )
    with op.batch_alter_table("clients") as batch:
        batch.add_column(sa.Column("activity_id", UUID))
        batch.add_column(sa.Column("shared", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.create_foreign_key("fk_clients_tenant_id_activities", "activities",
                                 ["tenant_id", "activity_id"], ["tenant_id", "id"], ondelete="RESTRICT")
        batch.create_index("ix_clients_activity_id", ["activity_id"])
    # clients from before this revision have no owner: they stay visible to the whole tenant
    op.execute("UPDATE clients SET shared = true WHERE activity_id IS NULL")
    op.create_index("ix_clients_list_name", "clients", ["tenant_id", "name", "id"])
    op.create_index("ix_members_list_name", "members", ["tenant_id", "last_name", "first_name", "id"])
    op.create_index("ix_invoices_list_created", "invoices", ["tenant_id", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_invoices_list_created", "invoices")
    op.drop_index("ix_members_list_name", "members")
    op.drop_index("ix_clients_list_name", "clients")
    with op.batch_alter_table("clients") as batch:
        batch.drop_index("ix_clients_activity_id")
        batch.drop_constraint("fk_clients_tenant_id_activities", type_="foreignkey")
        batch.drop_column("shared")
        batch.drop_column("activity_id")
    op.drop_table("user_tokens")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("deactivated_at")
        batch.drop_column("status")
