"""Fixtures for the job tests; ``require_service`` is the skip-or-fail rule for real services."""
from __future__ import annotations

import os

import pytest

from partage.core.jobs import make_broker
from partage.core.settings import load_settings


def require_service(env_var: str, what: str) -> str:
    """The URL in ``env_var``; skip when unset, or fail when ``PARTAGE_REQUIRE_SERVICES=1``."""
    url = os.environ.get(env_var)
    if url:
        return url
    message = f"{what} not configured: set {env_var}"
    if os.environ.get("PARTAGE_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{message} (PARTAGE_REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def redis_url() -> str:
    return require_service("PARTAGE_TEST_REDIS_URL", "Redis")


@pytest.fixture
def stub_broker():
    """A fresh in-process broker (embedded settings: no Redis)."""
    broker = make_broker(load_settings({}))
    yield broker
    broker.close()
