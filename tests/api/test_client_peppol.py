"""The client API takes the Peppol participant identifier: checked (scheme from the EAS list, value
by its national rules), 400 naming ``peppol_id`` otherwise; Belgian businesses default to 0208 +
enterprise number; a consumer never has one."""
from __future__ import annotations

import pytest

from tests.api.billing_data import BE_KBO
from tests.api.test_billing_api import books, fields  # noqa: F401 - fixture


def test_the_identifier_is_stored_and_returned(world, client, books):  # noqa: F811
    headers = world.headers("a", "advisor")
    body = {"kind": "business", "name": "Peppol BV", "country": "BE", "company_number": BE_KBO}
    made = client.post("/billing/clients", headers=headers, json=body)
    assert made.status_code == 201 and made.json()["peppol_id"] == f"0208:{BE_KBO}", made.text
    given = client.post("/billing/clients", headers=headers, json=body | {"peppol_id": "9925:BE" + BE_KBO})
    assert given.status_code == 201 and given.json()["peppol_id"] == f"9925:BE{BE_KBO}", given.text
    none = client.post("/billing/clients", headers=headers, json=body | {"peppol_id": ""})
    assert none.status_code == 201 and none.json()["peppol_id"] is None, none.text


@pytest.mark.parametrize("body", [
    {"kind": "business", "name": "X", "country": "BE", "company_number": BE_KBO, "peppol_id": "0208:0403019262"},
    {"kind": "business", "name": "X", "country": "BE", "company_number": BE_KBO, "peppol_id": "12:34"},
    {"kind": "consumer", "name": "Jo", "country": "BE", "peppol_id": f"0208:{BE_KBO}"},
])
def test_a_bad_identifier_is_refused_naming_the_field(world, client, books, body):  # noqa: F811
    response = client.post("/billing/clients", headers=world.headers("a", "advisor"), json=body)
    assert response.status_code == 400 and fields(response) == {"peppol_id"}, response.text
