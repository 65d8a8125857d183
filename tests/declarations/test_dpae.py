"""DPAE as the DSN « signalement DPAE » (nature 10 of norm P26V01): filed before the hiring (at the
earliest 8 days before), with the contents of art. R1221-1, checked by the dictionary-built
validator with the usage column of nature 10."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from partage.core.declarations import InvalidDeclarationInput
from partage.plugins.fr.declarations.dpae import DpaeDeclaration
from partage.plugins.fr.declarations.dsn_dictionary import load
from partage.plugins.fr.declarations.dsn_reconcile import blocks
from partage.plugins.fr.declarations.dsn_validate import validate
from partage.plugins.fr.declarations.inputs import Contract, Hiring, Person
from tests.declarations.dsn_data import CONTACT, EMPLOYER, NIR_1

START = datetime(2026, 3, 2, 9, 0)


def hiring(**changes) -> Hiring:
    person = Person(NIR_1, "Martin", "Paul", "01", date(1986, 8, 1), "Paris", "75")
    base = Hiring(EMPLOYER, person, Contract("C0009", START.date(), "02", date(2026, 3, 6), reason="02"), START, 1,
                  datetime(2026, 2, 27, 17, 0), "SPST75001", CONTACT)
    return replace(base, **changes)


def test_dpae_is_a_dsn_signalement_of_nature_10(fr_tree):
    generated = DpaeDeclaration(fr_tree).generate(hiring())
    text = generated.content.decode("iso-8859-1")
    assert validate(text, load("P26V01")) == [] and DpaeDeclaration(fr_tree).check(generated) == []
    found = blocks(text)
    assert found["S20.G00.05"][0]["001"] == "10"                  # « Signalement DPAE »
    contract = found["S21.G00.40"][0]
    assert (contract["001"], contract["083"], contract["007"], contract["010"], contract["082"]) == (
        "02032026", "0900", "02", "06032026", "1")                # hiring date and hour, CDD, end, trial days
    assert found["S21.G00.30"][0]["030"] == "SPST75001"          # occupational health service
    assert "S21.G00.50" not in found and "S21.G00.71" not in found   # usage N in a DPAE
    assert generated.filename.endswith(".txt") and generated.media_type == "text/plain"


def test_the_validator_uses_the_dpae_usage_column(fr_tree):
    text = DpaeDeclaration(fr_tree).generate(hiring()).content.decode("iso-8859-1")
    without_hour = "\r\n".join(line for line in text.split("\r\n") if not line.startswith("S21.G00.40.083"))
    assert any("lacks rubric(s) 083" in p for p in validate(without_hour, load("P26V01")))


def test_nir_may_be_unknown(fr_tree):
    generated = DpaeDeclaration(fr_tree).generate(hiring(person=replace(hiring().person, nir=None)))
    assert "S21.G00.30.001" not in generated.content.decode("iso-8859-1")


@pytest.mark.parametrize("changes, field", [
    ({"created_at": datetime(2026, 3, 2, 9, 30)}, "starts_at"),          # after the hiring
    ({"created_at": datetime(2026, 2, 20, 9, 0)}, "starts_at"),          # more than 8 days before
    ({"contract": Contract("C0009", START.date(), "02", None)}, "contract.end"),
    ({"contract": Contract("C0009", START.date(), "02", date(2026, 3, 1))}, "contract.end"),
    ({"contract": Contract("C0009", START.date(), "03")}, "contract.nature"),   # CCH S21.G00.40.007/CCH-11
    ({"person": Person("186087512345671", "Martin", "Paul", "01", date(1986, 8, 1), "Paris")}, "person.nir"),
    ({"person": Person(None, "", "Paul", "01", date(1986, 8, 1), "Paris")}, "person.last_name"),
    ({"health_service": ""}, "health_service"),
])
def test_bad_hiring(fr_tree, changes, field):
    with pytest.raises(InvalidDeclarationInput) as exc:
        DpaeDeclaration(fr_tree).generate(hiring(**changes))
    assert field in {e.field for e in exc.value.errors}
