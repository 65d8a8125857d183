"""In-process broker: the tenant travels with the job; unbound enqueues are refused."""
from __future__ import annotations

import uuid

import dramatiq
import pytest
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import SkipMessage

import partage.core.jobs.broker as broker_module
from partage.core.jobs import (JobReasonMissing, JobTenantMismatch, TenantMiddleware, enqueue,
                       enqueue_with_options, is_inline, job, run_inline, setup_broker)
from partage.core.settings import load_settings
from partage.core.tenancy import (TenantNotSet, bind_tenant, cross_tenant, cross_tenant_grant,
                          current_tenant_id)

A, B = uuid.UUID(int=0xA), uuid.UUID(int=0xB)


@pytest.fixture
def seen():
    return []


@pytest.fixture
def tenant_job(stub_broker, seen):
    @job(broker=stub_broker)
    def record(label):
        seen.append((label, current_tenant_id()))

    return record


@pytest.fixture
def platform_job(stub_broker, seen):
    @job(broker=stub_broker, cross_tenant=True)
    def sweep():
        grant = cross_tenant_grant()
        seen.append((current_tenant_id(), grant.actor, grant.reason))

    return sweep


def test_embedded_settings_give_an_inline_broker(stub_broker):
    assert isinstance(stub_broker, StubBroker) and is_inline(stub_broker)


def test_job_sees_the_enqueuing_tenant(tenant_job, seen):
    with bind_tenant(A):
        msg = enqueue(tenant_job, "a")
    with bind_tenant(B):
        enqueue(tenant_job, "b")
    assert msg.options["tenant_id"] == str(A)
    assert seen == [("a", A), ("b", B)]  # ran before enqueue() returned
    assert current_tenant_id() is None


def test_enqueue_without_tenant_is_refused(tenant_job, seen):
    with pytest.raises(TenantNotSet):
        enqueue(tenant_job, "x")
    assert seen == []


def test_tenant_cannot_be_forged(tenant_job, stub_broker):
    with pytest.raises(ValueError):
        with bind_tenant(A):
            enqueue_with_options(tenant_job, args=("x",), tenant_id=str(B))
    with bind_tenant(A), pytest.raises(JobTenantMismatch):
        tenant_job.send_with_options(args=("x",), tenant_id=str(B))


def test_unstamped_message_is_refused_by_the_worker(tenant_job, stub_broker, seen):
    message = tenant_job.message("x")
    stub_broker.queues["default"].put(message.encode())  # bypasses before_enqueue
    with pytest.raises(SkipMessage, match="no tenant_id"):
        run_inline(stub_broker)
    assert seen == []


def test_cross_tenant_job_runs_audited_without_tenant(platform_job, seen):
    with cross_tenant(actor="cli:ops", reason="nightly sweep"):
        enqueue(platform_job)
    with bind_tenant(A):
        enqueue_with_options(platform_job, reason="explicit")
    job_actor = f"job:{platform_job.actor_name}"
    assert seen == [(None, job_actor, "nightly sweep"), (None, job_actor, "explicit")]


def test_cross_tenant_job_needs_a_reason(platform_job, seen):
    with pytest.raises(JobReasonMissing):
        enqueue(platform_job)
    assert seen == []


def test_failing_job_raises_in_the_caller(stub_broker):
    @job(broker=stub_broker)
    def boom():
        raise LookupError("bad input")

    @job(broker=stub_broker)
    def fine():
        pass

    with bind_tenant(A):
        with pytest.raises(LookupError, match="bad input"):
            enqueue(boom)
        enqueue(fine)  # an earlier failure is not raised again


def test_setup_broker_is_idempotent(monkeypatch):
    monkeypatch.setattr(broker_module, "_broker", None)
    monkeypatch.setattr(dramatiq.broker, "global_broker", None)
    first = setup_broker(load_settings({}))
    assert setup_broker() is first and dramatiq.get_broker() is first
    assert isinstance(first.middleware[0], TenantMiddleware)
