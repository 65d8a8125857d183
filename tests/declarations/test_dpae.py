"""DPAE: filed before the hiring (at the earliest 8 days before), with the contents of art. R1221-1."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

import pytest

from core.declarations import InvalidDeclarationInput
from plugins.fr.declarations.dpae import DpaeDeclaration
from plugins.fr.declarations.inputs import Contract, Hiring, Person
from tests.declarations.dsn_data import EMPLOYER, NIR_1

START = datetime(2026, 3, 2, 9, 0)


def hiring(**changes) -> Hiring:
    person = Person(NIR_1, "Martin", "Paul", "01", date(1986, 8, 1), "Paris", "75")
    base = Hiring(EMPLOYER, person, Contract("C9", START.date(), "02", date(2026, 3, 6)), START, 1,
                  datetime(2026, 2, 27, 17, 0), "ACMS")
    return replace(base, **changes)


def test_dpae_contents(fr_tree):
    generated = DpaeDeclaration(fr_tree).generate(hiring())
    doc = json.loads(generated.content)
    assert doc["employer"]["siret"] == "73282932000074"
    assert doc["hiring"] == {"date": "2026-03-02", "time": "09:00"}
    assert doc["contract"] == {"nature": "CDD", "end": "2026-03-06", "trial_period_days": 1}
    assert DpaeDeclaration(fr_tree).check(generated) == []


def test_nir_may_be_unknown(fr_tree):
    generated = DpaeDeclaration(fr_tree).generate(hiring(person=replace(hiring().person, nir=None)))
    assert json.loads(generated.content)["employee"]["nir"] is None


@pytest.mark.parametrize("changes, field", [
    ({"created_at": datetime(2026, 3, 2, 9, 30)}, "starts_at"),          # after the hiring
    ({"created_at": datetime(2026, 2, 20, 9, 0)}, "starts_at"),          # more than 8 days before
    ({"contract": Contract("C9", START.date(), "02", None)}, "contract.end"),
    ({"contract": Contract("C9", START.date(), "02", date(2026, 3, 1))}, "contract.end"),
    ({"person": Person("186087512345671", "Martin", "Paul", "01", date(1986, 8, 1), "Paris")}, "person.nir"),
    ({"person": Person(None, "", "Paul", "01", date(1986, 8, 1), "Paris")}, "person.last_name"),
])
def test_bad_hiring(fr_tree, changes, field):
    with pytest.raises(InvalidDeclarationInput) as exc:
        DpaeDeclaration(fr_tree).generate(hiring(**changes))
    assert field in {e.field for e in exc.value.errors}
