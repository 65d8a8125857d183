"""Billing: members, activities, clients, quotes, invoices, credit notes, payments, activity ledger.

Revision ID: 0003
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None

UUID = sa.Uuid()
TS = sa.DateTime(timezone=True)
MONEY = sa.BigInteger  # integer cents


def _id() -> list:
    return [sa.Column("id", UUID, primary_key=True),
            sa.Column("tenant_id", UUID, sa.ForeignKey("tenants.id", ondelete="RESTRICT"),
                      nullable=False, index=True)]


def _key(table: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint("tenant_id", "id", name=f"uq_{table}_tenant_id_id")


def _fk(column: str, target: str) -> list:
    return [sa.Column(column, UUID, nullable=False, index=True),
            sa.ForeignKeyConstraint(["tenant_id", column], [f"{target}.tenant_id", f"{target}.id"],
                                    ondelete="RESTRICT")]


def _header() -> list:
    return [sa.Column("status", sa.String(20), nullable=False),
            sa.Column("number", sa.String(40)), sa.Column("fiscal_year", sa.Integer),
            sa.Column("sequence", sa.Integer), sa.Column("issue_date", sa.Date),
            sa.Column("currency", sa.String(3), nullable=False),
            sa.Column("total_net", MONEY, nullable=False), sa.Column("total_vat", MONEY, nullable=False),
            sa.Column("total_gross", MONEY, nullable=False),
            sa.Column("vat_breakdown", sa.JSON, nullable=False),
            sa.Column("mentions", sa.JSON, nullable=False), sa.Column("note", sa.Text),
            sa.Column("created_at", TS, nullable=False), sa.Column("issued_at", TS)]


def _line() -> list:
    return [sa.Column("position", sa.Integer, nullable=False),
            sa.Column("description", sa.String(500), nullable=False),
            sa.Column("quantity", sa.BigInteger, nullable=False),
            sa.Column("unit_code", sa.String(3), nullable=False),
            sa.Column("unit_price", MONEY, nullable=False),
            sa.Column("discount_percent", sa.BigInteger, nullable=False),
            sa.Column("vat_code", sa.String(30), nullable=False),
            sa.Column("vat_category", sa.String(3)), sa.Column("vat_rate", sa.BigInteger),
            sa.Column("net", MONEY)]


def _parties() -> None:
    op.create_table("members", *_id(), sa.Column("first_name", sa.String(100), nullable=False),
                    sa.Column("last_name", sa.String(100), nullable=False),
                    sa.Column("email", sa.String(200)), sa.Column("created_at", TS, nullable=False),
                    _key("members"))
    op.create_table("activities", *_id(), *_fk("member_id", "members"),
                    sa.Column("name", sa.String(200), nullable=False),
                    sa.Column("status", sa.String(20), nullable=False),
                    sa.Column("created_at", TS, nullable=False), _key("activities"))
    op.create_table("clients", *_id(), sa.Column("kind", sa.String(20), nullable=False),
                    sa.Column("name", sa.String(200), nullable=False),
                    sa.Column("country", sa.String(2), nullable=False),
                    sa.Column("company_number", sa.String(40)), sa.Column("vat_number", sa.String(40)),
                    sa.Column("street", sa.String(200)), sa.Column("postal_code", sa.String(20)),
                    sa.Column("city", sa.String(100)), sa.Column("email", sa.String(200)),
                    sa.Column("created_at", TS, nullable=False), _key("clients"))
    op.create_table("billing_settings", *_id(),
                    sa.Column("invoice_number_format", sa.String(60), nullable=False),
                    sa.Column("credit_note_number_format", sa.String(60), nullable=False),
                    sa.Column("quote_number_format", sa.String(60), nullable=False),
                    sa.Column("ledger_credit_on", sa.String(10), nullable=False),
                    sa.Column("vat_franchise", sa.Boolean, nullable=False),
                    sa.Column("vat_on_debits", sa.Boolean, nullable=False),
                    sa.Column("payment_terms_days", sa.Integer, nullable=False),
                    sa.Column("bank_account", sa.String(34)),
                    sa.UniqueConstraint("tenant_id"))
    op.create_table("number_counters", *_id(), sa.Column("series", sa.String(20), nullable=False),
                    sa.Column("fiscal_year", sa.Integer, nullable=False),
                    sa.Column("last_number", sa.Integer, nullable=False),
                    sa.Column("last_issued_on", sa.Date),
                    sa.UniqueConstraint("tenant_id", "series", "fiscal_year"))


def _documents() -> None:
    op.create_table("invoices", *_id(), *_fk("activity_id", "activities"), *_fk("client_id", "clients"),
                    *_header(), sa.Column("due_date", sa.Date),
                    sa.Column("operation", sa.String(10), nullable=False),
                    sa.Column("buyer_reference", sa.String(100)),
                    sa.Column("payment_reference", sa.String(40)),
                    sa.Column("credited_net", MONEY, nullable=False),
                    sa.Column("credited_gross", MONEY, nullable=False),
                    sa.Column("paid", MONEY, nullable=False),
                    sa.Column("contribution_rate", sa.BigInteger), _key("invoices"),
                    sa.UniqueConstraint("tenant_id", "number"),
                    sa.UniqueConstraint("tenant_id", "payment_reference"))
    op.create_table("invoice_lines", *_id(), *_fk("invoice_id", "invoices"), *_line(),
                    _key("invoice_lines"))
    op.create_table("credit_notes", *_id(), *_fk("invoice_id", "invoices"), *_header(),
                    sa.Column("reason", sa.String(500), nullable=False), _key("credit_notes"),
                    sa.UniqueConstraint("tenant_id", "number"))
    op.create_table("credit_note_lines", *_id(), *_fk("credit_note_id", "credit_notes"), *_line(),
                    _key("credit_note_lines"))
    op.create_table("quotes", *_id(), *_fk("activity_id", "activities"), *_fk("client_id", "clients"),
                    *_header(), sa.Column("valid_until", sa.Date), sa.Column("invoice_id", UUID),
                    _key("quotes"), sa.UniqueConstraint("tenant_id", "number"))
    op.create_table("quote_lines", *_id(), *_fk("quote_id", "quotes"), *_line(), _key("quote_lines"))


def _payments_and_ledger() -> None:
    op.create_table("payments", *_id(), sa.Column("amount", MONEY, nullable=False),
                    sa.Column("received_on", sa.Date, nullable=False),
                    sa.Column("communication", sa.String(500)), sa.Column("payer_name", sa.String(200)),
                    sa.Column("payer_iban", sa.String(40)), sa.Column("bank_reference", sa.String(100)),
                    sa.Column("client_id", UUID, index=True),
                    sa.ForeignKeyConstraint(["tenant_id", "client_id"], ["clients.tenant_id", "clients.id"],
                                            ondelete="RESTRICT"),
                    sa.Column("unallocated", MONEY, nullable=False),
                    sa.Column("created_at", TS, nullable=False), _key("payments"))
    op.create_table("payment_allocations", *_id(), *_fk("payment_id", "payments"),
                    *_fk("invoice_id", "invoices"), sa.Column("amount", MONEY, nullable=False),
                    sa.Column("created_at", TS, nullable=False), _key("payment_allocations"))
    op.create_table("ledger_entries", *_id(), *_fk("activity_id", "activities"),
                    sa.Column("entry_date", sa.Date, nullable=False),
                    sa.Column("kind", sa.String(40), nullable=False),
                    sa.Column("amount", MONEY, nullable=False),
                    sa.Column("source_type", sa.String(40)), sa.Column("source_id", UUID, index=True),
                    sa.Column("invoice_id", UUID, index=True),
                    sa.Column("description", sa.String(300), nullable=False),
                    sa.Column("created_at", TS, nullable=False), _key("ledger_entries"))


PG_APPEND_ONLY = """
CREATE OR REPLACE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'ledger_entries is append-only'; END $$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
"""
SQLITE_APPEND_ONLY = [
    f"CREATE TRIGGER ledger_entries_no_{op_name} BEFORE {op_name.upper()} ON ledger_entries "
    f"BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END"
    for op_name in ("update", "delete")]


def _append_only() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_APPEND_ONLY)
    else:
        for statement in SQLITE_APPEND_ONLY:
            op.execute(statement)


def upgrade() -> None:
    _parties()
    _documents()
    _payments_and_ledger()
    _append_only()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS ledger_entries_append_only() CASCADE")
    for table in ("ledger_entries", "payment_allocations", "payments", "quote_lines", "quotes",
                  "credit_note_lines",
                  "credit_notes", "invoice_lines", "invoices", "number_counters", "billing_settings",
                  "clients", "activities", "members"):
        op.drop_table(table)
