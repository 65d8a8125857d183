"""A tenant's data taken out of one instance and restored into another (tenant export/import).

The archive (``tenants.archive``) holds the tenant row and every row of every tenant-owned table
(found from the models' metadata: any table with a ``tenant_id``), as JSON lines of the values as
stored (money as integer cents), with a manifest: format version, source, row counts, the audit
chain's head and a checksum per file. Import restores the rows with their ids, in the order of
the foreign keys, in one transaction, then appends ``tenant.imported`` to the tenant's own audit
chain, so the trail verifies and says where its data came from. Imported documents keep their
numbers and dates: they are inserted as records, not re-issued.
"""
from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

from partage.core.audit import record
from partage.core.db import Database
from partage.core.db.base import Base, utcnow
from partage.core.db.session import load_models
from partage.core.tenancy import bind_tenant
from partage.tenants.archive import ArchiveError, Contents, digest, seal, unseal
from partage.tenants.directory import find_tenant, slug_key
from partage.tenants.models import Tenant

FORMAT = "partage-tenant-archive"
VERSION = 1


class ImportRefused(ValueError):
    """The archive is sound but cannot go into this instance (the message says why)."""


@dataclass(frozen=True, slots=True)
class Moved:
    slug: str
    tenant_id: uuid.UUID
    rows: dict[str, int]


def tenant_tables() -> list[sa.Table]:
    """Every tenant-owned table, parents before children (foreign-key order)."""
    load_models()
    return [t for t in Base.metadata.sorted_tables if "tenant_id" in t.columns]


def _stored_type(column: sa.Column) -> sa.types.TypeEngine:
    """The type as stored: a decorated type (cents, scaled decimals) is read as its integer."""
    return column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type


def _raw(table: sa.Table) -> sa.Table:
    return sa.Table(table.name, sa.MetaData(),
                    *[sa.Column(c.name, _stored_type(c), primary_key=c.primary_key) for c in table.columns])


def _iso(value: date | datetime) -> str:
    """Dates as ISO 8601; times in UTC with their offset (SQLite hands back naive UTC)."""
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.isoformat()


def _encoder(kind: sa.types.TypeEngine) -> Callable[[Any], Any]:
    if isinstance(kind, sa.LargeBinary):
        return lambda v: base64.b64encode(v).decode()
    if isinstance(kind, (sa.Uuid, sa.DateTime, sa.Date, sa.Numeric)) and not isinstance(kind, sa.Float):
        return lambda v: _iso(v) if isinstance(v, (datetime, date)) else str(v)
    return lambda v: v


def _decoder(kind: sa.types.TypeEngine) -> Callable[[Any], Any]:
    if isinstance(kind, sa.LargeBinary):
        return base64.b64decode
    if isinstance(kind, sa.Uuid):
        return uuid.UUID
    if isinstance(kind, sa.DateTime):
        return datetime.fromisoformat
    if isinstance(kind, sa.Date):
        return date.fromisoformat
    if isinstance(kind, sa.Numeric):
        return Decimal
    return lambda v: v


def _codecs(table: sa.Table, make) -> dict[str, Callable[[Any], Any]]:
    return {c.name: make(c.type) for c in table.columns}


def _dump(rows: Iterable[sa.Row], table: sa.Table) -> bytes:
    codecs = _codecs(table, _encoder)
    lines = [json.dumps({k: (None if v is None else codecs[k](v)) for k, v in row._mapping.items()},
                        sort_keys=True, separators=(",", ":")) for row in rows]
    return ("\n".join(lines) + ("\n" if lines else "")).encode()


def _load(data: bytes, table: sa.Table) -> list[dict]:
    codecs = _codecs(table, _decoder)
    return [{k: (None if v is None else codecs[k](v)) for k, v in json.loads(line).items()}
            for line in data.decode().splitlines() if line]


def _read_table(session, table: sa.Table, tenant_id: uuid.UUID) -> list[sa.Row]:
    raw = _raw(table)
    order = [raw.c[c.name] for c in table.primary_key.columns]
    return session.execute(sa.select(raw).where(raw.c.tenant_id == tenant_id).order_by(*order)).all()


def export_tenant(db: Database, slug: str, out: Path, passphrase: str, *, actor: str) -> Moved:
    """Write everything of tenant ``slug`` to ``out`` (encrypted with ``passphrase``)."""
    with db.session() as s:
        tenant = find_tenant(s, slug)
    if tenant is None:
        raise ImportRefused(f"--tenant: no tenant with slug {slug!r}")
    slug = tenant.slug
    files, counts = {}, {}
    with bind_tenant(tenant.id), db.session() as s:
        record(s, actor=actor, action="tenant.exported", subject=f"tenant:{slug}", payload={"file": out.name})
    with bind_tenant(tenant.id), db.session() as s:
        tenants = _raw(Tenant.__table__)
        files["tenant.json"] = _dump(s.execute(sa.select(tenants).where(tenants.c.id == tenant.id)).all(),
                                     Tenant.__table__)
        for table in tenant_tables():
            rows = _read_table(s, table, tenant.id)
            files[f"tables/{table.name}.jsonl"], counts[table.name] = _dump(rows, table), len(rows)
    manifest = {"format": FORMAT, "version": VERSION, "tenant": {"id": str(tenant.id), "slug": slug},
                "exported_at": utcnow().isoformat(), "rows": counts, "tables": list(counts)}
    seal(out, manifest, files, passphrase)
    return Moved(slug, tenant.id, counts)


def _check_manifest(contents: Contents, path: Path) -> dict:
    manifest = contents.manifest
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise ArchiveError(f"{path}: not a version-{VERSION} {FORMAT}")
    known = {t.name for t in tenant_tables()}
    unknown = sorted(set(manifest["tables"]) - known)
    if unknown:
        raise ArchiveError(f"{path}: tables unknown to this version of Partage: {', '.join(unknown)}")
    return manifest


def _refuse_collisions(session, tenant_id: uuid.UUID, slug: str) -> None:
    if session.get(Tenant, tenant_id) is not None:
        raise ImportRefused(f"tenant {tenant_id} already exists in this instance (import into another "
                            "instance, or remove it first)")
    if find_tenant(session, slug) is not None:
        raise ImportRefused(f"--slug: a tenant {slug!r} already exists here; choose another slug")


def import_tenant(db: Database, path: Path, passphrase: str, *, actor: str, slug: str | None = None) -> Moved:
    """Restore an archive into this instance, all or nothing; ``slug`` renames the tenant."""
    contents = unseal(path, passphrase)
    manifest = _check_manifest(contents, path)
    tenant_id = uuid.UUID(manifest["tenant"]["id"])
    slug = slug_key(slug or manifest["tenant"]["slug"])
    (tenant_row,) = _load(contents.files["tenant.json"], Tenant.__table__)
    counts = {}
    with bind_tenant(tenant_id), db.session() as s:
        _refuse_collisions(s, tenant_id, slug)
        s.execute(sa.insert(_raw(Tenant.__table__)), [{**tenant_row, "slug": slug}])
        for table in tenant_tables():
            rows = _load(contents.files.get(f"tables/{table.name}.jsonl", b""), table)
            if any(r["tenant_id"] != tenant_id for r in rows):
                raise ArchiveError(f"{path}: {table.name} holds rows of another tenant")
            if rows:
                s.execute(sa.insert(_raw(table)), rows)
            counts[table.name] = len(rows)
        record(s, actor=actor, action="tenant.imported", subject=f"tenant:{slug}",
               payload={"archive_sha256": digest(path.read_bytes()), "exported_at": manifest["exported_at"],
                        "source_slug": manifest["tenant"]["slug"], "rows": counts})
    return Moved(slug, tenant_id, counts)
