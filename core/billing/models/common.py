"""Helpers shared by the billing tables: tenant-inclusive keys (Citus-ready)."""
from __future__ import annotations

from sqlalchemy import ForeignKeyConstraint, UniqueConstraint


def tenant_key(table: str) -> UniqueConstraint:
    """``UNIQUE (tenant_id, id)``: the target of tenant-inclusive foreign keys."""
    return UniqueConstraint("tenant_id", "id", name=f"uq_{table}_tenant_id_id")


def tenant_fk(column: str, target: str, name: str | None = None) -> ForeignKeyConstraint:
    """``FOREIGN KEY (tenant_id, column) REFERENCES target (tenant_id, id)``."""
    return ForeignKeyConstraint(["tenant_id", column], [f"{target}.tenant_id", f"{target}.id"],
                                ondelete="RESTRICT", name=name)
