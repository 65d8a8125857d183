"""Tenant presets: idempotent apply; refused with the field named and nothing written."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from partage.tenants.models import Tenant
from partage.tenants.preset import PresetError
from partage.tenants.provisioning import apply_preset, list_tenants

PRESETS = Path(__file__).resolve().parents[2] / "tenants" / "presets"


def _copy(tmp_path: Path, name: str = "smart-be", **replace: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(PRESETS / name, folder)
    text = (folder / "tenant.yaml").read_text()
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    (folder / "tenant.yaml").write_text(text)
    return folder


def _count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Tenant))


def test_apply_twice_gives_one_tenant(sqlite_db):
    first = apply_preset(sqlite_db, PRESETS / "smart-be")
    second = apply_preset(sqlite_db, PRESETS / "smart-be")
    assert first.created and not second.created and second.changed == ()
    assert [t.slug for t in list_tenants(sqlite_db)] == ["smart-be"]


def test_every_shipped_preset_applies(sqlite_db):
    for folder in sorted(PRESETS.iterdir()):
        apply_preset(sqlite_db, folder)
    assert _count(sqlite_db) == len(list(PRESETS.iterdir()))


def test_change_is_applied_and_audited(sqlite_db, tmp_path):
    from partage.core.audit import AuditEvent
    from partage.core.tenancy import cross_tenant

    apply_preset(sqlite_db, PRESETS / "smart-be")
    changed = _copy(tmp_path, **{'contribution_rate: "0.065"': 'contribution_rate: "0.07"'})
    result = apply_preset(sqlite_db, changed)
    assert result.changed == ("contribution_rate",)
    with cross_tenant(actor="test", reason="check"), sqlite_db.session() as s:
        actions = [e.action for e in s.scalars(select(AuditEvent).where(AuditEvent.action.like("tenant.%")))]
    assert actions == ["tenant.created", "tenant.updated"]


@pytest.mark.parametrize("old,new,field", [
    ("country: be", "country: zz", "country"),
    ("vat_number: BE0896755397", "vat_number: BE0896755398", "vat_number"),
    ("company_number: \"0896.755.397\"", "company_number: \"0896.755.398\"", "company_number"),
    ('contribution_rate: "0.065"', 'contribution_rate: "6.5"', "contribution_rate"),
    ("locales: [fr, nl, en]", "locales: [fr, de]", "locales"),
    ('primary_color: "#e5004b"', 'primary_color: "red"', "branding.primary_color"),
    ("slug: smart-be", "slug: Smart BE", "slug"),
    ("currency: EUR", "currency: EUR\ncolour: blue", "colour"),
])
def test_bad_preset_is_refused_with_the_field_named_and_nothing_written(sqlite_db, tmp_path, old, new, field):
    with pytest.raises(PresetError) as info:
        apply_preset(sqlite_db, _copy(tmp_path, **{old: new}))
    assert info.value.field == field
    assert field in str(info.value)
    assert _count(sqlite_db) == 0
