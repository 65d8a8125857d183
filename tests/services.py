"""Real services for integration tests: skip on a laptop without them, fail in CI.

CI (``.ci/run``) sets ``PARTAGE_REQUIRE_SERVICES=1`` and the URLs below, so these tests run there
and can never be skipped silently.
"""
from __future__ import annotations

import os

import pytest

POSTGRES_APP = "PARTAGE_TEST_POSTGRES_URL"        # the application role (no owner, no superuser)
POSTGRES_OWNER = "PARTAGE_TEST_POSTGRES_OWNER_URL"  # the owner role (runs migrations)
REDIS = "PARTAGE_TEST_REDIS_URL"


def services_required() -> bool:
    return os.environ.get("PARTAGE_REQUIRE_SERVICES") == "1"


def service_url(variable: str, what: str) -> str:
    """The URL in ``variable``, or skip (laptop) / fail (CI) with a clear reason."""
    url = os.environ.get(variable)
    if url:
        return url
    message = f"{what} not configured: set {variable} (.ci/run sets it)"
    if services_required():
        pytest.fail(f"PARTAGE_REQUIRE_SERVICES=1 but {message}")
    pytest.skip(message)
