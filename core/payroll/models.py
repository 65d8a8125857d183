"""Payroll tables: worker profiles, work performances, runs, chunks, payslips, salary payments.

Every table is tenant-scoped; unique keys and foreign keys between them include ``tenant_id``
(Citus-ready). A payslip and a payment are unique per (tenant, run, performance): a retried chunk
can never write a second one.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (JSON, Boolean, Date, ForeignKeyConstraint, Index, Integer, LargeBinary, Numeric,
                        String, Text, UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column

from partage.core.db import Base, Cents, TenantScoped, UUIDPrimaryKey, utcnow


# Performances a chunk computes: large enough that a chunk's fixed costs (a transaction, parameters
# resolved, one template per group of payslips) stay small against its rows (about a third less
# Python per 100,000 payslips than chunks of 1,000), small enough that two workers share a
# 10,000-member run and a 100,000-member run reports progress twenty times.
DEFAULT_CHUNK_SIZE = 5000


def _key(table: str) -> UniqueConstraint:
    return UniqueConstraint("tenant_id", "id", name=f"uq_{table}_tenant_id_id")


def _fk(column: str, target: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["tenant_id", column], [f"{target}.tenant_id", f"{target}.id"],
                                ondelete="RESTRICT")


class PayrollSettings(UUIDPrimaryKey, TenantScoped, Base):
    """A tenant's payroll choices: guarantee-fund limits, paying account, employer facts."""

    __tablename__ = "payroll_settings"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    guarantee_limit_member: Mapped[Decimal] = mapped_column(Cents, default=Decimal(0))
    guarantee_limit_total: Mapped[Decimal] = mapped_column(Cents, default=Decimal(0))
    chunk_size: Mapped[int] = mapped_column(Integer, default=DEFAULT_CHUNK_SIZE)
    debtor_name: Mapped[str] = mapped_column(String(70), default="")
    debtor_iban: Mapped[str | None] = mapped_column(String(34))
    debtor_bic: Mapped[str | None] = mapped_column(String(11))
    employer: Mapped[dict] = mapped_column(JSON, default=dict)  # country facts (FR: headcount, at_rate)
    # share of automatically approved performances sampled for a review afterwards ("Objectif 5%")
    review_sample_rate: Mapped[Decimal] = mapped_column(Numeric(5, 4), default=Decimal("0.05"),
                                                        server_default="0.05")


class WorkerProfile(UUIDPrimaryKey, TenantScoped, Base):
    """What payroll needs about a member: identity numbers, bank account, country profile."""

    __tablename__ = "worker_profiles"
    __table_args__ = (_key("worker_profiles"), _fk("member_id", "members"),
                      UniqueConstraint("tenant_id", "member_id"))

    member_id: Mapped[uuid.UUID] = mapped_column(index=True)
    national_number: Mapped[str | None] = mapped_column(String(20))
    iban: Mapped[str | None] = mapped_column(String(34))
    bic: Mapped[str | None] = mapped_column(String(11))
    birth_date: Mapped[date | None] = mapped_column(Date)
    profile: Mapped[dict] = mapped_column(JSON, default=dict)  # country payroll profile (family...)
    # home address, named by the yearly tax fiches (BE 281.10 zones 2.15-2.18)
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(12))
    city: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(2))


class Performance(UUIDPrimaryKey, TenantScoped, Base):
    """Declared work ("prestation") for an activity; approved ones are paid by the next run."""

    __tablename__ = "performances"
    __table_args__ = (_key("performances"), _fk("member_id", "members"),
                      _fk("activity_id", "activities"))

    member_id: Mapped[uuid.UUID] = mapped_column(index=True)
    activity_id: Mapped[uuid.UUID] = mapped_column(index=True)
    start: Mapped[date] = mapped_column(Date, index=True)
    end: Mapped[date] = mapped_column(Date)
    days: Mapped[int | None] = mapped_column(Integer)
    hours: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    function: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # employee, worker, artist, student
    gross: Mapped[Decimal] = mapped_column(Cents)
    estimated_cost: Mapped[Decimal] = mapped_column(Cents)
    guarantee: Mapped[Decimal] = mapped_column(Cents, default=Decimal(0))  # advanced by the fund
    declaration_ref: Mapped[str | None] = mapped_column(String(60))  # DIMONA / DPAE reference
    declared_on: Mapped[date | None] = mapped_column(Date)
    # approved, pending, rejected, paid; amended: paid, then changed (the next correction run pays
    # the difference)
    status: Mapped[str] = mapped_column(String(20), index=True)
    checks: Mapped[list] = mapped_column(JSON, default=list)  # guardrails that did not pass
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    review: Mapped[str | None] = mapped_column(String(20), index=True)  # sampled: pending -> done
    reviewed_at: Mapped[datetime | None] = mapped_column()
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    amended_at: Mapped[datetime | None] = mapped_column()


class PayrollRun(UUIDPrimaryKey, TenantScoped, Base):
    """A batch of payslips for a tenant and period: draft -> computing -> computed -> approved -> paid."""

    __tablename__ = "payroll_runs"
    __table_args__ = (_key("payroll_runs"), UniqueConstraint("tenant_id", "period", "sequence"))

    period: Mapped[date] = mapped_column(Date)
    sequence: Mapped[int] = mapped_column(Integer, default=1)  # > 1: supplementary or correction runs
    # regular (sequence 1), supplementary (work approved after the period's run was approved), correction
    kind: Mapped[str] = mapped_column(String(20), default="regular", server_default="regular")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    chunks_total: Mapped[int] = mapped_column(Integer, default=0)
    performances_total: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    computed_at: Mapped[datetime | None] = mapped_column()
    approved_at: Mapped[datetime | None] = mapped_column()
    paid_at: Mapped[datetime | None] = mapped_column()


class PayrollChunk(UUIDPrimaryKey, TenantScoped, Base):
    """A slice of a run's performances, computed in one transaction (pending -> done)."""

    __tablename__ = "payroll_chunks"
    __table_args__ = (_key("payroll_chunks"), _fk("run_id", "payroll_runs"),
                      UniqueConstraint("tenant_id", "run_id", "number"))

    run_id: Mapped[uuid.UUID] = mapped_column(index=True)
    number: Mapped[int] = mapped_column(Integer)
    performance_ids: Mapped[list] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    computed: Mapped[int] = mapped_column(Integer, default=0)
    blocked: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # failed attempts until done
    error: Mapped[str | None] = mapped_column(Text)  # the last failure, for the run's status
    done_at: Mapped[datetime | None] = mapped_column()


class PayslipRecord(UUIDPrimaryKey, TenantScoped, Base):
    """One computed (or blocked) payslip of a run; never edited once the run is paid."""

    __tablename__ = "payslips"
    __table_args__ = (_key("payslips"), _fk("run_id", "payroll_runs"),
                      UniqueConstraint("tenant_id", "run_id", "performance_id"))
    __tenant_index__ = False  # bulk-written: the unique keys start with tenant_id
    __tenant_fk__ = False  # the tenant is the run's: (tenant_id, run_id) -> payroll_runs

    run_id: Mapped[uuid.UUID] = mapped_column()  # served by the unique (tenant, run, performance)
    chunk_number: Mapped[int] = mapped_column(Integer)
    performance_id: Mapped[uuid.UUID] = mapped_column()
    member_id: Mapped[uuid.UUID] = mapped_column(index=True)
    activity_id: Mapped[uuid.UUID] = mapped_column()
    period: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))  # computed | blocked
    error: Mapped[str | None] = mapped_column(Text)
    gross: Mapped[Decimal] = mapped_column(Cents)
    net: Mapped[Decimal] = mapped_column(Cents)
    withholding_tax: Mapped[Decimal] = mapped_column(Cents)
    net_to_pay: Mapped[Decimal] = mapped_column(Cents)
    employer_contributions: Mapped[Decimal] = mapped_column(Cents)
    employer_cost: Mapped[Decimal] = mapped_column(Cents)
    lines: Mapped[list] = mapped_column(JSON)  # [code, label, amount cents, side, base cents, rate]


class SalaryPayment(UUIDPrimaryKey, TenantScoped, Base):
    """The net salary to transfer for one payslip (one SEPA transaction per member and run)."""

    __tablename__ = "salary_payments"
    __table_args__ = (_key("salary_payments"), _fk("run_id", "payroll_runs"),
                      UniqueConstraint("tenant_id", "run_id", "performance_id"))
    __tenant_index__ = False  # bulk-written: the unique keys start with tenant_id
    __tenant_fk__ = False  # the tenant is the run's: (tenant_id, run_id) -> payroll_runs

    run_id: Mapped[uuid.UUID] = mapped_column()  # served by the unique (tenant, run, performance)
    performance_id: Mapped[uuid.UUID] = mapped_column()
    payslip_id: Mapped[uuid.UUID] = mapped_column()
    member_id: Mapped[uuid.UUID] = mapped_column(index=True)
    amount: Mapped[Decimal] = mapped_column(Cents)
    iban: Mapped[str] = mapped_column(String(34))
    bic: Mapped[str | None] = mapped_column(String(11))
    name: Mapped[str] = mapped_column(String(140))
    paid: Mapped[bool] = mapped_column(Boolean, default=False)


OPEN_ITEM = text("status = 'issued'")  # an item in an order the bank has not refused


class PaymentOrder(UUIDPrimaryKey, TenantScoped, Base):
    """A SEPA credit transfer file (pain.001), issued once and stored byte for byte: asking for it
    again returns these bytes. Cancelled (with a reason) before it is issued again."""

    __tablename__ = "payment_orders"
    __table_args__ = (_key("payment_orders"), _fk("run_id", "payroll_runs"),
                      UniqueConstraint("tenant_id", "msg_id", name="uq_payment_orders_msg_id"))

    run_id: Mapped[uuid.UUID | None] = mapped_column(index=True)  # None: another kind of payable
    msg_id: Mapped[str] = mapped_column(String(35))
    checksum: Mapped[str] = mapped_column(String(64))  # SHA-256 of ``document``
    document: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(20), default="issued")  # issued | cancelled
    execution_date: Mapped[date] = mapped_column(Date)
    transfers: Mapped[int] = mapped_column(Integer)
    total: Mapped[Decimal] = mapped_column(Cents)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    cancelled_at: Mapped[datetime | None] = mapped_column()
    cancelled_by: Mapped[str | None] = mapped_column(String(100))
    cancel_reason: Mapped[str | None] = mapped_column(Text)


class PaymentOrderItem(UUIDPrimaryKey, TenantScoped, Base):
    """One payable item (``item_kind``: payslip; expense, share_redemption to come) in a payment
    order, within the transfer ``end_to_end_id``. The partial unique index keeps an item in at most
    one order the bank has not refused: no code path pays it twice."""

    __tablename__ = "payment_order_items"
    __table_args__ = (_key("payment_order_items"), _fk("order_id", "payment_orders"),
                      Index("ix_payment_order_items_order", "tenant_id", "order_id"),
                      Index("uq_payment_order_items_open", "tenant_id", "item_kind", "item_id", unique=True,
                            postgresql_where=OPEN_ITEM, sqlite_where=OPEN_ITEM))
    __tenant_index__ = False  # bulk-written: the keys above start with tenant_id
    __tenant_fk__ = False  # the tenant is the order's: (tenant_id, order_id) -> payment_orders

    order_id: Mapped[uuid.UUID] = mapped_column()
    item_kind: Mapped[str] = mapped_column(String(30))
    item_id: Mapped[uuid.UUID] = mapped_column()
    member_id: Mapped[uuid.UUID] = mapped_column()
    end_to_end_id: Mapped[str] = mapped_column(String(35))
    amount: Mapped[Decimal] = mapped_column(Cents)
    iban: Mapped[str] = mapped_column(String(34))
    bic: Mapped[str | None] = mapped_column(String(11))
    name: Mapped[str] = mapped_column(String(140))
    # issued | cancelled (its order was) | rejected (pain.002) | returned (camt.054/053)
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)  # the bank's reason code and text
