"""Property-based requests generated from the OpenAPI document: no answer is ever a 5xx.

Bounded for CI: a few examples per operation, as a caller holding every role in a tenant with
every module enabled (so that the handlers run, not just the guard), plus anonymous calls. The
heavy version is stateful: sequences of calls chained by the links schemathesis infers (an id a
response returns fed to the next call), with a fixed seed and a bounded number of steps.
"""
from __future__ import annotations

import uuid

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.stateful import run_state_machine_as_test
import pytest
from schemathesis.checks import not_a_server_error

from partage.api.app import create_app
from partage.core.identity.access import issue_access
from partage.core.identity.policy import ROLES
from partage.core.settings import load_settings
from tests.api.conftest import add_user, enable_modules
from tests.conftest import create_tenant

EXAMPLES = 6


def fuzz(operation, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        case.call_and_validate(headers=headers, checks=[not_a_server_error])

    run()


def _fuzzed(db):
    """The API over ``db`` for a tenant with every module, and the token of a user with every role."""
    app_settings = load_settings({"PARTAGE_SECRET_KEY": "schemathesis-" + uuid.uuid4().hex})
    tenant_id = create_tenant(db, slug="fuzzed-" + uuid.uuid4().hex[:6])
    enable_modules(db, tenant_id, ["billing", "payroll"])
    user_id = add_user(db, tenant_id, "root@fuzzed.test", list(ROLES), password=None)
    token = issue_access(app_settings.secret_key, user_id, tenant_id, list(ROLES), ttl=3600)
    return schemathesis.openapi.from_asgi("/schema/openapi.json", create_app(db, app_settings)), token


def test_no_operation_answers_a_server_error(sqlite_db):
    schema, token = _fuzzed(sqlite_db)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        fuzz(operation, {"Authorization": f"Bearer {token}"})
    for operation in operations:
        if operation.path.startswith(("/users", "/tenant")):
            fuzz(operation, {})       # anonymous: refused cleanly, never a 5xx


STATEFUL_EXAMPLES, STATEFUL_STEPS = 60, 10


@pytest.mark.heavy
@pytest.mark.parametrize("backend", ["sqlite_db", "pg_db"])
def test_stateful_sequences_over_the_whole_api_answer_no_server_error(request, backend):
    schema, token = _fuzzed(request.getfixturevalue(backend))
    headers = {"Authorization": f"Bearer {token}"}

    class Sequences(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=[not_a_server_error], transport_kwargs=kwargs)

    run_state_machine_as_test(Sequences, settings=settings(
        max_examples=STATEFUL_EXAMPLES, stateful_step_count=STATEFUL_STEPS, deadline=None,
        derandomize=True, database=None, suppress_health_check=list(HealthCheck)))
