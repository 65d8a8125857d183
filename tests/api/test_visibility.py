"""The "own records" rule over the API: a user sees the records of every member linked to them
(two member records sharing the user's e-mail), and nothing of a member with another e-mail."""
from __future__ import annotations

import pytest

from tests.api.billing_data import billing_records
from tests.api.conftest import enable_modules


@pytest.fixture
def shared(world):
    """Two members with the ``member`` account's e-mail (written differently) and one of ``member2``."""
    enable_modules(world.db, world.tenants["a"], ["billing"])
    tenant = world.tenants["a"]
    return (billing_records(world.db, tenant, email="member@a.test"),
            billing_records(world.db, tenant, email="Member@A.test"),
            billing_records(world.db, tenant, email="member2@a.test"))


def _ids(client, path, headers) -> set[str]:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return {row["id"] for row in response.json()}


def test_a_user_sees_every_member_sharing_their_email_and_no_other(world, client, shared):
    first, second, other = shared
    own = world.headers("a", "member")
    for path, key in (("/billing/members", "member_id"), ("/billing/activities", "activity_id"),
                      ("/billing/invoices", "invoice_id"), ("/billing/quotes", "quote_id")):
        assert _ids(client, path, own) == {str(first[key]), str(second[key])}, path
    for books in (first, second):
        for path in (f"/billing/invoices/{books['invoice_id']}", f"/billing/members/{books['member_id']}",
                     f"/billing/activities/{books['activity_id']}", f"/billing/quotes/{books['quote_id']}"):
            assert client.get(path, headers=own).status_code == 200, path
    for path in (f"/billing/invoices/{other['invoice_id']}", f"/billing/members/{other['member_id']}"):
        assert client.get(path, headers=own).status_code == 404, path


def test_the_member_with_another_email_sees_only_their_own(world, client, shared):
    first, second, other = shared
    theirs = world.headers("a", "member2")
    assert _ids(client, "/billing/invoices", theirs) == {str(other["invoice_id"])}
    assert client.get(f"/billing/invoices/{second['invoice_id']}", headers=theirs).status_code == 404
