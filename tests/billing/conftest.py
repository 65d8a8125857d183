"""Billing fixtures: a tenant per country with a member, an activity and clients."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import pytest

from partage.core.billing import create_activity, create_client, create_invoice, create_member, issue_invoice
from partage.core.billing.models import BillingSettings
from partage.core.tenancy import bind_tenant
from tests.conftest import create_tenant

ACTOR = "test"
DAY = date(2026, 3, 2)
# Valid numbers from the reference notes (python-stdnum doctests, belgium.md 2.5 / france.md 10.2).
BE_KBO = "0403019261"
FR_SIREN = "732829320"


@dataclass
class Books:
    db: object
    tenant_id: uuid.UUID
    activity_id: uuid.UUID
    client_id: uuid.UUID  # a domestic business client
    consumer_id: uuid.UUID

    def session(self):
        """A transaction bound to this tenant."""
        return _bound_session(self.db, self.tenant_id)

    def invoice(self, lines, *, issue: bool = True, on: date = DAY, client_id=None, **extra):
        with self.session() as s:
            data = {"activity_id": self.activity_id, "client_id": client_id or self.client_id,
                    "lines": lines, **extra}
            invoice = create_invoice(s, data, actor=ACTOR)
            if issue:
                issue_invoice(s, invoice.id, actor=ACTOR, on=on)
            return invoice


class _bound_session:
    def __init__(self, db, tenant_id):
        self.db, self.tenant_id = db, tenant_id

    def __enter__(self):
        self._bind = bind_tenant(self.tenant_id)
        self._bind.__enter__()
        self._session = self.db.session()
        return self._session.__enter__()

    def __exit__(self, *exc):
        try:
            return self._session.__exit__(*exc)
        finally:
            self._bind.__exit__(*exc)


def make_books(db, country: str, **settings) -> Books:
    tenant_id = create_tenant(db, country=country)
    number = BE_KBO if country == "be" else FR_SIREN
    with bind_tenant(tenant_id), db.session() as s:
        if settings:
            s.add(BillingSettings(**settings))
        member = create_member(s, {"first_name": "Ada", "last_name": "Lovelace"}, actor=ACTOR)
        activity = create_activity(s, member.id, "Illustration", actor=ACTOR)
        client = create_client(s, {"kind": "business", "name": "Client SA", "country": country,
                                   "company_number": number}, actor=ACTOR)
        consumer = create_client(s, {"kind": "consumer", "name": "Jo", "country": country}, actor=ACTOR)
        return Books(db, tenant_id, activity.id, client.id, consumer.id)


@pytest.fixture
def be_books(db) -> Books:
    return make_books(db, "be")


@pytest.fixture
def fr_books(db) -> Books:
    return make_books(db, "fr")


def line(qty="1", price="100.00", code="standard", **extra) -> dict:
    return {"description": "Work", "quantity": qty, "unit_price": price, "vat_code": code, **extra}


@pytest.fixture(scope="session")
def shared_sqlite_db(tmp_path_factory):
    """One migrated SQLite database for the billing tests: each test works in its own tenant."""
    from partage.core.db import Database
    from partage.core.migrate import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('billing') / 'partage.db'}"
    upgrade(url)
    database = Database(url)
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db(request):
    """Each billing test runs on SQLite and on PostgreSQL (shared databases, one tenant per test)."""
    return request.getfixturevalue("shared_sqlite_db" if request.param == "sqlite" else "pg_db")
