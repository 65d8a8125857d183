"""The public development key is refused outside the embedded demo; signing keys rotate."""
from __future__ import annotations

import uuid

import pytest
from litestar.testing import TestClient

from partage.api.app import create_app
from partage.core.identity.access import decode_access, issue_access
from partage.core.settings import DEV_SECRET_KEY, SettingsError, load_settings

PG = "postgresql://partage_app@127.0.0.1:5432/nowhere"


@pytest.mark.parametrize("env", [{}, {"PARTAGE_SECRET_KEY": DEV_SECRET_KEY}, {"PARTAGE_SECRET_KEY": "short"},
                                 {"PARTAGE_SECRET_KEY": "k" * 40, "PARTAGE_PREVIOUS_SECRET_KEYS": DEV_SECRET_KEY}])
def test_the_default_or_a_short_key_is_refused_on_postgresql(env):
    settings = load_settings({"PARTAGE_DATABASE_URL": PG, **env})
    with pytest.raises(SettingsError, match="PARTAGE_(PREVIOUS_)?SECRET_KEY"):
        create_app(settings=settings, route_handlers=[])


def test_the_embedded_demo_still_starts_with_the_default_key(tmp_path):
    settings = load_settings({"PARTAGE_VAR_DIR": str(tmp_path)})
    assert settings.secret_key == DEV_SECRET_KEY
    settings.check_secret_keys()          # no error: SQLite demo


def test_a_token_signed_with_the_public_default_key_is_refused_when_another_key_is_set(world):
    forged = issue_access(DEV_SECRET_KEY, world.users[("a", "tenant_admin")], world.tenants["a"],
                          ["tenant_admin"])
    with TestClient(create_app(world.db, world.settings)) as client:
        assert client.get("/me", headers={"Authorization": f"Bearer {forged}"}).status_code == 401


def test_keys_rotate_the_previous_key_is_accepted_the_new_one_signs(world):
    old, new = "old-" + uuid.uuid4().hex * 2, "new-" + uuid.uuid4().hex * 2
    rotated = load_settings({"PARTAGE_SECRET_KEY": new, "PARTAGE_PREVIOUS_SECRET_KEYS": f"{old}, other-{uuid.uuid4().hex * 2}"})
    user, tenant = world.users[("a", "tenant_admin")], world.tenants["a"]
    before = issue_access(old, user, tenant, ["tenant_admin"])
    unknown = issue_access("x-" + uuid.uuid4().hex * 2, user, tenant, ["tenant_admin"])
    with TestClient(create_app(world.db, rotated)) as client:
        assert client.get("/me", headers={"Authorization": f"Bearer {before}"}).status_code == 200
        assert client.get("/me", headers={"Authorization": f"Bearer {unknown}"}).status_code == 401
    assert decode_access(rotated.verification_keys, before).user_id == user
    assert rotated.verification_keys[0] == new       # what signs from now on
