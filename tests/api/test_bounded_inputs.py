"""Every input is bounded and validated before use: a 400 problem naming the field, never a 500
(the inputs an attacker probing the API sent, issue 26)."""
from __future__ import annotations

import pytest

from tests.api.billing_data import LINE, billing_records
from tests.api.conftest import enable_modules, routes
from tests.billing.test_camt import NTRY, STATEMENT


@pytest.fixture
def books(world):
    enable_modules(world.db, world.tenants["a"], ["billing", "payroll"])
    return billing_records(world.db, world.tenants["a"], email="MEMBER@a.test")


def _fields(response) -> set[str]:
    assert response.status_code == 400, f"{response.status_code} {response.text[:300]}"
    assert response.headers["content-type"].startswith("application/problem+json")
    return {e["field"] for e in response.json()["errors"]}


def test_a_huge_offset_on_every_list_route_is_400_naming_it(world, client, app, books):
    lists = [path for method, path, handler in routes(app)
             if method == "GET" and "{" not in path and "offset" in handler.signature_model.__annotations__]
    assert len(lists) >= 9
    for path in lists:
        for offset in ("1" + "0" * 30, str(2 ** 63)):
            response = client.get(path, params={"offset": offset}, headers=world.headers("a", "tenant_admin"))
            assert _fields(response) == {"offset"}, path


@pytest.mark.parametrize("price", ["1e1000", "1" * 30, "-1e1000", "NaN", "Infinity"])
def test_an_absurd_unit_price_is_400_naming_the_line_field(world, client, books, price):
    body = {"activity_id": str(books["activity_id"]), "client_id": str(books["client_id"]),
            "lines": [{**LINE, "unit_price": price}]}
    response = client.post("/billing/invoices", json=body, headers=world.headers("a", "advisor"))
    assert _fields(response) == {"lines[0].unit_price"}


def test_invoice_lines_are_bounded_in_number(world, client, books):
    body = {"activity_id": str(books["activity_id"]), "client_id": str(books["client_id"]),
            "lines": [LINE] * 501}
    response = client.post("/billing/invoices", json=body, headers=world.headers("a", "advisor"))
    assert _fields(response) == {"lines"}


@pytest.mark.parametrize("body, field", [
    ({"first_name": "A\x00B", "last_name": "C"}, "first_name"),
    ({"first_name": "A", "last_name": "C", "email": "x\x00@y.be"}, "email"),
])
def test_a_nul_character_is_400_naming_the_field(world, client, books, body, field):
    response = client.post("/billing/members", json=body, headers=world.headers("a", "advisor"))
    assert _fields(response) == {field}


def test_a_nul_in_a_query_parameter_or_a_form_is_400(world, client, books):
    response = client.get("/billing/invoices", params={"status": "issued\x00"},
                          headers=world.headers("a", "advisor"))
    assert _fields(response) == {"status"}
    form = client.post("/login", data={"tenant": "a\x00", "email": "x@y.be", "password": "p" * 12})
    assert _fields(form) == {"tenant"}


def test_json_nested_100000_deep_is_400(world, client, books):
    body = "[" * 100_000 + "]" * 100_000
    response = client.post("/billing/members", content=body,
                           headers={**world.headers("a", "advisor"), "Content-Type": "application/json"})
    assert _fields(response) == {"(body)"}


@pytest.mark.parametrize("period", ["9999-12", "0001-01", "2026-13"])
def test_an_out_of_range_payroll_period_is_400_naming_it(world, client, books, period):
    response = client.post("/payroll/runs", json={"period": period}, headers=world.headers("a", "tenant_admin"))
    assert _fields(response) == {"period"}


def _statement(amount: str, booked: str = "2026-03-10") -> bytes:
    entry = NTRY.format(amount=amount, sign="CRDT", ref="R1", remittance="<Ustrd>x</Ustrd>")
    return STATEMENT.format(entries=entry.replace("2026-03-10", booked)).encode()


@pytest.mark.parametrize("xml, field", [
    (_statement("abc"), "statement.entries[0].details[0].amount"),
    (_statement(""), "statement.entries[0].details[0].amount"),
    (_statement("12.00", booked="2026-02-30"), "statement.entries[0].details[0].booking_date"),
    (_statement("12.00").replace(b'<TxAmt><Amt Ccy="EUR">12.00</Amt>', b"<TxAmt>")
     .replace(b'<Amt Ccy="EUR">12.00</Amt>', b""), "statement.entries[0].details[0].amount"),
])
def test_a_broken_camt_statement_is_400_naming_the_entry(world, client, books, xml, field):
    response = client.post("/billing/bank-statements", content=xml,
                           headers={**world.headers("a", "advisor"), "Content-Type": "application/xml"})
    assert _fields(response) == {field}
