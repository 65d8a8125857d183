"""DSN: the produced file passes the structural checker; URSSAF totals reconcile; the checker bites."""
from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partage.core.declarations import InvalidDeclarationInput
from partage.plugins.fr.declarations.dsn import DsnDeclaration
from partage.plugins.fr.declarations.dsn import check_dsn
from partage.plugins.fr.declarations.dsn_reconcile import reconcile_dsn
from partage.plugins.fr.declarations.inputs import IndividualContribution
from tests.declarations.dsn_data import NIR_1, employee, month

JANUARY = month().month


def check(text: str) -> list[str]:
    return check_dsn(text, JANUARY)


@pytest.fixture
def text() -> str:
    return DsnDeclaration().generate(month()).content.decode("iso-8859-1")


def test_dsn_passes_the_structural_check(text):
    assert check(text) == []
    lines = text.split("\r\n")[:-1]
    assert all(line.count(",'") == 1 and line.endswith("'") for line in lines)   # one rubric per line
    assert lines[-2] == f"S90.G00.90.001,'{len(lines)}'" and lines[-1] == "S90.G00.90.002,'1'"
    assert f"S21.G00.30.001,'{NIR_1[:13]}'" in lines      # NIR on 13 characters, as the example of france.md 5.2


def test_dsn_reconciles_to_the_cent():
    data = month()
    result = reconcile_dsn(DsnDeclaration().generate(data), data.employees)
    assert result.ok, result.mismatches()
    due = sum(c.amount for e in data.employees for c in e.contributions if c.urssaf)
    assert result.checks[-1].expected == due


def edit(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize("mutate, expected", [
    (lambda t: t.replace("S90.G00.90.001,'", "S90.G00.90.001,'1"), "S90.G00.90.001"),
    (lambda t: edit(t, "S90.G00.90.002,'1'", "S90.G00.90.002,'2'"), "S90.G00.90.002"),
    (lambda t: edit(t, "S21.G00.30.006,'01081986'", "S21.G00.30.006,'1986-08-01'"), "S21.G00.30.006"),
    (lambda t: edit(t, "S21.G00.51.013,'2500.00'", "S21.G00.51.013,'2500,00'"), "S21.G00.51.013"),
    (lambda t: edit(t, "S21.G00.30.002,'Martin'\r\n", ""), "lacks rubric(s) 002"),
    (lambda t: edit(t, "S21.G00.30.004,'Paul'\r\nS21.G00.30.005,'01'", "S21.G00.30.005,'01'\r\nS21.G00.30.004,'Paul'"),
     "out of order"),
    (lambda t: edit(t, "S21.G00.78.001,'02'\r\nS21.G00.78.002,'01012026'\r\nS21.G00.78.003,'31012026'\r\n"
                       "S21.G00.78.004,'2500.00'\r\n", ""), "S21.G00.81 outside its parent block S21.G00.78"),
    (lambda t: edit(t, "S21.G00.06.001", "S21.G00.06.099"), "unknown rubric"),
    (lambda t: edit(t, "S21.G00.11.022,'1486'", "S21.G00.11.022,'1486'\r\nS21.G00.06.001,'732829320'"),
     "S21.G00.06"),
    (lambda t: edit(t, "S21.G00.23.001,'100'", "S21.G00.23.001,100"), "not <rubric>"),
    (lambda t: edit(t, "S21.G00.40.021,'02'", "S21.G00.40.021,'99'"), "not in its code list"),
    (lambda t: edit(t, "S21.G00.71.002,'RUAA'\r\n", ""), "needs at least 1 S21.G00.71"),
    (lambda t: edit(t, "S10.G00.00.006,'P26V01'", "S10.G00.00.006,'P25V01'"), "not in its code list"),
])
def test_checker_finds_structural_faults(text, mutate, expected):
    problems = check(mutate(text))
    assert any(expected in p for p in problems), problems


def test_an_individual_needs_a_payment_and_its_remuneration(text):
    """S21.G00.50 (versement individu) and S21.G00.51 (rémunération) are (1,*) in the cahier technique."""
    lines = text.split("\r\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("S21.G00.50.001"))
    last = next(i for i, line in enumerate(lines) if line.startswith("S21.G00.51.013"))
    trimmed = lines[:first] + lines[last + 1:]
    count = len([line for line in trimmed if line])
    trimmed = [f"S90.G00.90.001,'{count}'" if line.startswith("S90.G00.90.001") else line for line in trimmed]
    assert any("needs at least 1 S21.G00.50" in p for p in check("\r\n".join(trimmed)))


def test_individual_block_after_the_bordereau_only(text):
    """Blocks come in the published order: moving an individual before the URSSAF blocks is refused."""
    lines = text.split("\r\n")
    start = lines.index(next(line for line in lines if line.startswith("S21.G00.30.001")))
    first_20 = lines.index(next(line for line in lines if line.startswith("S21.G00.20.001")))
    individual = lines[start:start + 8]
    moved = lines[:first_20] + individual + lines[first_20:start] + lines[start + 8:]
    assert any("out of order" in p for p in check("\r\n".join(moved)))


def test_an_establishment_contribution_comes_before_the_urssaf_payment():
    """S21.G00.82 (cotisation établissement) sits before S21.G00.20 in the norm's Blocks sheet (not in
    numeric order): the file puts it there and passes; after S21.G00.20 it is refused."""
    text = DsnDeclaration().generate(replace(month(), establishment=(("079", 123456),))).content.decode("iso-8859-1")
    assert check(text) == []
    lines = text.split("\r\n")
    block = [i for i, line in enumerate(lines) if line.startswith("S21.G00.82.")]
    first_20 = next(i for i, line in enumerate(lines) if line.startswith("S21.G00.20.001"))
    assert lines[block[0]] == "S21.G00.82.001,'1234.56'" and block[-1] < first_20
    last_20 = max(i for i, line in enumerate(lines) if line.startswith("S21.G00.20."))
    moved = lines[:block[0]] + lines[block[-1] + 1:last_20 + 1] + lines[block[0]:block[-1] + 1] + lines[last_20 + 1:]
    assert any("S21.G00.20 out of order" in p or "S21.G00.82 out of order" in p for p in check("\r\n".join(moved)))


@pytest.mark.parametrize("change, field", [
    (lambda m: replace(m, open_runs=("2026-01 run",)), "open_runs"),
    (lambda m: replace(m, employees=()), "employees"),
    (lambda m: replace(m, employer=replace(m.employer, urssaf_id="")), "employer.urssaf_id"),
    (lambda m: replace(m, employer=replace(m.employer, siren="123456789")), "employer.siren"),
    (lambda m: replace(m, employees=(replace(m.employees[0], person=replace(m.employees[0].person, nir=None)),)),
     "employees[0].person.nir"),
    (lambda m: replace(m, employees=(replace(m.employees[0], bases=()),)), "employees[0].contributions[0].base_code"),
    (lambda m: replace(m, employees=(replace(m.employees[0], gross=2500.0),)), "employees[0].gross"),
    (lambda m: replace(m, employees=(replace(m.employees[0], person=replace(m.employees[0].person, last_name="O'Neil")),)),
     "dsn"),
    (lambda m: replace(m, employees=(replace(m.employees[0], person=replace(m.employees[0].person, last_name="Łukasz")),)),
     "employees"),
])
def test_bad_input_is_named_and_nothing_is_produced(change, field):
    with pytest.raises(InvalidDeclarationInput) as exc:
        DsnDeclaration().generate(change(month()))
    assert field in {e.field for e in exc.value.errors}


amounts = st.integers(min_value=0, max_value=1_000_000)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(amounts, amounts, amounts, st.booleans()), min_size=1, max_size=6))
def test_any_month_passes_the_checker_and_reconciles(rows):
    base = month()
    staff = tuple(
        employee(NIR_1, "Martin", "Paul", "01", f"{i:03d}", gross, (
            IndividualContribution("076", "100", gross, a, "6.90", "02"),
            IndividualContribution("072", "260", gross, b, "9.50", "04", urssaf=flag)))
        for i, (gross, a, b, flag) in enumerate(rows))
    data = replace(base, employees=staff)
    generated = DsnDeclaration().generate(data)
    assert DsnDeclaration().check(generated) == []
    assert reconcile_dsn(generated, data.employees).ok


@pytest.mark.parametrize("norm", ["P25V01", "P26V01"])
def test_the_shipped_dictionary_is_the_official_one(norm):
    """The dictionary the product reads is exactly what the GIP-MDS workbooks say (re-derived here)."""
    import json

    from partage.plugins.fr.declarations.dsn_dictionary import derive, shipped
    from tests.corpora import corpus

    official = derive(corpus("schemas", "fr", "dsn"), norm)
    assert json.loads(shipped(norm).read_text(encoding="utf-8")) == json.loads(json.dumps(official))
    assert (shipped(norm).parent / "PROVENANCE.md").exists()


def test_every_contribution_and_base_code_is_in_the_norm():
    from partage.plugins.fr.declarations.dsn_codes import CODES, COMPONENTS
    from partage.plugins.fr.declarations.dsn_dictionary import load

    d = load("P26V01")
    codes = lambda rubric: d.types[d.rubrics[rubric]][4]  # noqa: E731
    assert {c for c, _, _, _ in CODES.values()} <= codes("S21.G00.81.001")
    assert {b for _, _, b, _ in CODES.values()} <= codes("S21.G00.78.001")
    assert {t for _, t in COMPONENTS.values()} <= codes("S21.G00.79.001")


def test_a_month_without_a_shipped_norm_is_refused():
    data = replace(month(), month=__import__("partage.core.declarations", fromlist=["Period"]).Period.month(2031, 1))
    with pytest.raises(InvalidDeclarationInput, match="month"):
        DsnDeclaration().generate(data)
