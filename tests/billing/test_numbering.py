"""Gapless numbering: 20 concurrent writers issue 1,000 invoices on PostgreSQL -> 1..1000."""
from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select

from partage.core.billing import create_invoices, issue_invoice, issue_invoices
from partage.core.billing.errors import InvalidInput
from partage.core.billing.models import Invoice
from partage.core.billing.numbering import check_format
from partage.core.tenancy import bind_tenant
from tests.billing.conftest import ACTOR, line, make_books

WRITERS, INVOICES, BATCH = 20, 1000, 5  # 200 concurrent issuing transactions


def _drafts(books, count: int) -> list:
    with books.session() as s:
        data = {"activity_id": books.activity_id, "client_id": books.client_id, "lines": [line()]}
        return [invoice.id for invoice in create_invoices(s, [data] * count, actor=ACTOR)]


def _writer(db, tenant_id, ids, errors) -> None:
    """Issues its invoices BATCH at a time, each batch in its own transaction and session."""
    try:
        with bind_tenant(tenant_id):
            for start in range(0, len(ids), BATCH):
                with db.session() as s:
                    issue_invoices(s, ids[start:start + BATCH], actor=ACTOR, on=date(2026, 6, 1))
    except Exception as exc:  # pragma: no cover - reported below
        errors.append(exc)


def test_concurrent_writers_get_gapless_unique_numbers(pg_db):
    books = make_books(pg_db, "be")
    ids = _drafts(books, INVOICES)
    errors: list[Exception] = []
    threads = [threading.Thread(target=_writer, args=(pg_db, books.tenant_id, ids[i::WRITERS], errors))
               for i in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with books.session() as s:
        sequences = s.scalars(select(Invoice.sequence).where(Invoice.status == "issued")).all()
        numbers = set(s.scalars(select(Invoice.number)))
    assert sorted(sequences) == list(range(1, INVOICES + 1))
    assert len(numbers) == INVOICES


def test_a_failed_issue_gives_its_number_back(be_books):
    be_books.invoice([line()])
    draft = be_books.invoice([line()], issue=False)
    with pytest.raises(InvalidInput), be_books.session() as s:
        issue_invoice(s, draft.id, actor=ACTOR, on=date(2026, 3, 2))
        raise InvalidInput("test", "roll back after numbering")
    assert be_books.invoice([line()]).number == "2026-00002"


@pytest.mark.parametrize("fmt", ["{year}", "{seq:05d}{unknown}", "{}"])
def test_bad_number_formats_are_refused(fmt):
    with pytest.raises(InvalidInput):
        check_format(fmt)
