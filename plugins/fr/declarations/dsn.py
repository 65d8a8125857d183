"""Monthly DSN (déclaration sociale nominative): checks the input, writes the file, checks the file.

The file is plain text, one rubric per line ``S21.G00.30.001,'1860875123456'``, CRLF line ends,
ISO-8859-1, ending with the S90 totals (france.md 5.2). It is written in the norm in force for the
declared month (P26V01 for 2026) and checked by `dsn_validate` against that norm's dictionary.
"""
from __future__ import annotations

from typing import Any

from stdnum.exceptions import ValidationError
from stdnum.fr import nir, siren, siret

from partage.core.declarations import GeneratedFile, Problems
from partage.plugins.fr.declarations.dsn_dictionary import NORMS, load, norm_of
from partage.plugins.fr.declarations.dsn_lines import all_lines
from partage.plugins.fr.declarations.dsn_validate import validate
from partage.plugins.fr.declarations.inputs import DsnMonth, Employee

ENCODING = "iso-8859-1"


def valid(module: Any, value: str | None) -> bool:
    try:
        module.validate(value or "")
        return True
    except ValidationError:
        return False


def check_employer(problems: Problems, data: DsnMonth) -> None:
    e = data.employer
    problems.require(valid(siren, e.siren), "employer.siren", f"{e.siren!r} is not a valid SIREN")
    problems.require(valid(siret, e.siren + e.nic), "employer.nic", f"{e.nic!r} does not make a valid SIRET")
    problems.require(bool(e.urssaf_id), "employer.urssaf_id", "the URSSAF identifier is missing")


def check_employee(problems: Problems, where: str, employee: Employee, data: DsnMonth) -> None:
    person = employee.person
    problems.require(valid(nir, person.nir), f"{where}.person.nir", f"{person.nir!r} is not a valid NIR")
    problems.require(bool(person.last_name and person.first_names), f"{where}.person.last_name", "name missing")
    if employee.contract.start > data.month.end:
        problems.add(f"{where}.contract.start", "the contract starts after the declared month")
    codes = {code for code, _ in employee.bases}
    for i, contribution in enumerate(employee.contributions):
        if contribution.base_code not in codes:
            problems.add(f"{where}.contributions[{i}].base_code", f"no base {contribution.base_code} declared")
    for name in ("gross", "net_taxable", "net_paid", "pas_amount"):
        if type(getattr(employee, name)) is not int:  # noqa: E721 - cents only, no float
            problems.add(f"{where}.{name}", "amount must be integer cents")


def check_month(data: DsnMonth) -> None:
    problems = Problems()
    if data.month.kind != "month":
        problems.add("month", f"{data.month} is not a month")
    elif data.month.start.year not in NORMS:
        problems.add("month", f"no DSN norm shipped for {data.month.start.year}")
    if data.open_runs:
        problems.add("open_runs", f"payroll runs still open in {data.month}: {', '.join(data.open_runs)}")
    problems.require(bool(data.employees), "employees", f"no employee paid in {data.month}")
    check_employer(problems, data)
    for i, employee in enumerate(data.employees):
        check_employee(problems, f"employees[{i}]", employee, data)
    problems.raise_if_any()


def check_dsn(text: str, month) -> list[str]:
    """The problems the dictionary-built validator finds for the norm of ``month``."""
    return validate(text, load(norm_of(month.start)))


def render(data: DsnMonth) -> str:
    lines = [f"{code},'{value}'" for code, value in all_lines(data, norm_of(data.month.start))]
    lines += [f"S90.G00.90.001,'{len(lines) + 2}'", "S90.G00.90.002,'1'"]
    return "\r\n".join(lines) + "\r\n"


class DsnDeclaration:
    """`DeclarationType` for the monthly DSN."""

    code = "dsn"
    periodicity = "month"

    def __init__(self, tree: Any = None) -> None:
        self.tree = tree

    def generate(self, data: DsnMonth) -> GeneratedFile:
        check_month(data)
        text = render(data)
        problems = Problems()
        try:
            content = text.encode(ENCODING)
        except UnicodeEncodeError as exc:
            problems.add("employees", f"character {text[exc.start]!r} cannot be written in {ENCODING}")
            problems.raise_if_any()
        for problem in check_dsn(text, data.month):   # a value the norm refuses names its line
            problems.add("dsn", problem)
        problems.raise_if_any()
        due = sum(c.amount for e in data.employees for c in e.contributions if c.urssaf)
        return GeneratedFile(self.code, data.month, f"dsn-{data.employer.siren}{data.employer.nic}-{data.month}.txt",
                             content, "text/plain", {"employees": len(data.employees), "urssaf_due_cents": due})

    def check(self, generated: GeneratedFile) -> list[str]:
        return check_dsn(generated.content.decode(ENCODING), generated.period)
