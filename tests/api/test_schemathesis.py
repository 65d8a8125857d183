"""Property-based requests generated from the OpenAPI document: no answer is ever a 5xx.

Bounded for CI: a few examples per operation, as a caller holding every role (so that the
handlers run, not just the guard), plus anonymous calls.
"""
from __future__ import annotations

import uuid

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from api.app import create_app
from core.identity.access import issue_access
from core.identity.policy import ROLES
from core.settings import load_settings
from tests.api.conftest import add_user
from tests.conftest import create_tenant

EXAMPLES = 6


def fuzz(operation, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        case.call_and_validate(headers=headers, checks=[not_a_server_error])

    run()


def test_no_operation_answers_a_server_error(sqlite_db):
    app_settings = load_settings({"PARTAGE_SECRET_KEY": "schemathesis-" + uuid.uuid4().hex})
    tenant_id = create_tenant(sqlite_db, slug="fuzzed")
    user_id = add_user(sqlite_db, tenant_id, "root@fuzzed.test", list(ROLES), password=None)
    token = issue_access(app_settings.secret_key, user_id, tenant_id, list(ROLES))
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", create_app(sqlite_db, app_settings))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        fuzz(operation, {"Authorization": f"Bearer {token}"})
    for operation in operations:
        if operation.path.startswith(("/users", "/tenant")):
            fuzz(operation, {})       # anonymous: refused cleanly, never a 5xx
