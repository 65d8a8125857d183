"""The lines of a monthly DSN, block by block, in the order of the norm's dictionary.

Each `Employee` input is one payslip (a person under one contract). The payslips of one person
(same matricule) make one individual S21.G00.30 with a contract S21.G00.40 (and its
complementary-pension block S21.G00.71) per contract, and one payment S21.G00.50 per pay date
carrying, per contract, the remunerations S21.G00.51 of types 001, 002, 003 and 010 (CCH
S21.G00.51.011/CCH-11), then the bases S21.G00.78 with their components S21.G00.79 and the
individual contributions S21.G00.81 (the employee's and the employer's shares of one code on one
base are one contribution). The URSSAF bordereau (S21.G00.22) aggregates them by CTP and base
qualifier (S21.G00.23): one line per (CTP, qualifier), the base counted once per payslip.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Iterable, Iterator

from partage.plugins.fr.declarations.inputs import DsnMonth, Employee, IndividualContribution

Line = tuple[str, str]
SOFTWARE = ("Partage", "Partage contributors", "0.1")
CAPPED = "02"          # S21.G00.78.001 assiette brute plafonnée -> qualifier 921; every other base 920


def amount(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def day(value: date) -> str:
    return value.strftime("%d%m%Y")


def rubrics(code: str, values: Iterable[tuple[str, str | None]]) -> list[Line]:
    """``code.rubric`` lines, skipping empty values (optional rubrics left out)."""
    return [(f"{code}.{number}", value) for number, value in values if value not in (None, "")]


def envelope(data: DsnMonth, norm: str) -> list[Line]:
    e, c = data.employer, data.contact
    return (rubrics("S10.G00.00", [("001", SOFTWARE[0]), ("002", SOFTWARE[1]), ("003", SOFTWARE[2]),
                                   ("005", "01" if data.test else "02"), ("006", norm), ("007", "01"),
                                   ("008", "01")])
            + rubrics("S10.G00.01", [("001", e.siren), ("002", e.nic), ("003", e.name), ("004", e.street),
                                     ("005", e.postcode), ("006", e.city)])
            + rubrics("S10.G00.02", [("001", "01"), ("002", c.name), ("004", c.email), ("005", c.phone)]))


def declaration(data: DsnMonth) -> list[Line]:
    e, c, start = data.employer, data.contact, data.month.start
    return (rubrics("S20.G00.05", [("001", "01"), ("002", "01"), ("003", "11"), ("004", "1"),
                                   ("005", day(start)), ("007", day(data.created_at.date())), ("008", "01"),
                                   ("010", "01")])
            + rubrics("S20.G00.07", [("001", c.name), ("002", c.phone), ("003", c.email), ("004", "04")])
            + rubrics("S21.G00.06", [("001", e.siren), ("002", e.nic), ("003", e.naf), ("004", e.street),
                                     ("005", e.postcode), ("006", e.city), ("015", e.idcc)])
            + rubrics("S21.G00.11", [("001", e.nic), ("002", e.naf), ("003", e.street), ("004", e.postcode),
                                     ("005", e.city), ("022", e.idcc)])
            + establishment(data))


def establishment(data: DsnMonth) -> list[Line]:
    """Contributions due by the establishment itself (S21.G00.82), e.g. the CSA (079); for the Urssaf,
    the reference (005) is the Urssaf's identifier, as in S21.G00.20/22.001."""
    start, end = day(data.month.start), day(data.month.end)
    return [line for code, cents in data.establishment
            for line in rubrics("S21.G00.82", [("001", amount(cents)), ("002", code), ("003", start),
                                               ("004", end), ("005", data.employer.urssaf_id)])]


def qualifier(contribution: IndividualContribution) -> str:
    """Qualifiant d'assiette (S21.G00.23.002): 921 assiette plafonnée, 920 autre assiette."""
    return "921" if contribution.base_code == CAPPED else "920"


def bordereau(employees: Iterable[Employee]) -> dict[tuple[str, str], list[int]]:
    """(CTP, qualifier) -> [base, amount]: a payslip's base counts once per (CTP, qualifier)."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for employee in employees:
        bases: dict[tuple[str, str], int] = {}
        for c in employee.contributions:
            if c.urssaf:
                key = (c.ctp, qualifier(c))
                bases[key] = max(bases.get(key, 0), c.base)
                groups[key][1] += c.amount
        for key, base in bases.items():
            groups[key][0] += base
    return groups


def urssaf(data: DsnMonth) -> list[Line]:
    """Payment (S21.G00.20), due contributions (S21.G00.22) and their aggregates by CTP (S21.G00.23)."""
    groups = bordereau(data.employees)
    due = sum(row[1] for row in groups.values())
    start, end = day(data.month.start), day(data.month.end)
    lines = rubrics("S21.G00.20", [("001", data.employer.urssaf_id), ("005", amount(due)), ("006", start),
                                   ("007", end), ("010", data.employer.payment_mode)])
    lines += rubrics("S21.G00.22", [("001", data.employer.urssaf_id), ("003", start), ("004", end),
                                    ("005", amount(due))])
    for (ctp, qual), (base, total) in sorted(groups.items()):
        lines += rubrics("S21.G00.23", [("001", ctp), ("002", qual), ("004", amount(base)), ("005", amount(total))])
    return lines


def person_lines(employee: Employee) -> list[Line]:
    p = employee.person
    return rubrics("S21.G00.30", [("001", (p.nir or "")[:13]), ("002", p.last_name), ("004", p.first_names),
                                  ("005", p.sex), ("006", day(p.birthdate)), ("007", p.birthplace[:30]),
                                  ("013", p.eu_code), ("014", p.birth_department), ("015", p.birth_country),
                                  ("019", p.employee_number)])


def contract_lines(employee: Employee, data: DsnMonth) -> list[Line]:
    k, e = employee.contract, data.employer
    lines = rubrics("S21.G00.40", [
        ("001", day(k.start)), ("002", k.status), ("003", "01" if k.cadre else "04"), ("004", k.pcs),
        ("006", k.job_title), ("007", k.nature), ("008", "99"), ("009", k.number), ("010", k.end and day(k.end)),
        ("011", "10"), ("012", "151.67"), ("013", k.hours_per_month),
        ("014", "10" if k.hours_per_month == "151.67" else "20"), ("016", "99"), ("017", e.idcc), ("018", "200"),
        ("019", e.siren + e.nic), ("020", "200"), ("021", k.reason), ("024", "99"), ("026", "99"), ("036", "03"),
        ("037", "03"), ("039", "200"), ("040", e.at_risk_code), ("043", e.at_rate)])
    return lines + rubrics("S21.G00.71", [("002", k.retirement)])


def remunerations(employee: Employee, data: DsnMonth) -> list[Line]:
    """Types 001 gross, 002 gross for unemployment insurance, 003 restored salary, 010 base salary."""
    k, gross = employee.contract, employee.gross
    unemployment = gross if employee.unemployment_gross is None else employee.unemployment_gross
    lines: list[Line] = []
    for kind, cents in (("001", gross), ("002", unemployment), ("003", gross), ("010", gross)):
        lines += rubrics("S21.G00.51", [("001", day(max(data.month.start, k.start))),
                                        ("002", day(min(data.month.end, k.end or data.month.end))),
                                        ("010", k.number), ("011", kind),
                                        ("012", employee.hours if kind == "010" else None), ("013", amount(cents))])
    return lines


def merged(employees: list[Employee]) -> dict[str, tuple[int, dict[tuple[str, bool], list[int]], dict[str, int]]]:
    """base code -> (base, {(contribution code, URSSAF): [base, amount]}, {component type: amount}), in
    cents; a contribution's base counts once per payslip (its employee and employer shares share it)."""
    out: dict[str, tuple[int, dict[tuple[str, bool], list[int]], dict[str, int]]] = {}
    for employee in employees:
        for code, cents in employee.bases:
            base, contributions, components = out.get(code, (0, {}, {}))
            out[code] = (base + cents, contributions, components)
        own: dict[tuple[str, str, bool], int] = {}
        for c in employee.contributions:
            row = out[c.base_code][1].setdefault((c.code, c.urssaf), [0, 0])
            row[1] += c.amount
            own[(c.base_code, c.code, c.urssaf)] = max(own.get((c.base_code, c.code, c.urssaf), 0), c.base)
        for (base_code, code, part), cents in own.items():
            out[base_code][1][(code, part)][0] += cents
        for code, kind, cents in employee.components:
            out[code][2][kind] = out[code][2].get(kind, 0) + cents
    return out


def payment(employees: list[Employee], data: DsnMonth) -> list[Line]:
    first = employees[0]
    lines = rubrics("S21.G00.50", [
        ("001", day(first.paid_on)), ("002", amount(sum(e.net_taxable for e in employees))),
        ("004", amount(sum(e.net_paid for e in employees))), ("006", first.pas_rate), ("007", first.pas_type),
        ("009", amount(sum(e.pas_amount for e in employees))),
        ("013", amount(sum(e.net_taxable for e in employees)))])
    for employee in employees:
        lines += remunerations(employee, data)
    for code, (base, contributions, components) in sorted(merged(employees).items()):
        lines += rubrics("S21.G00.78", [("001", code), ("002", day(data.month.start)), ("003", day(data.month.end)),
                                        ("004", amount(base))])
        for kind, cents in sorted(components.items()):
            lines += rubrics("S21.G00.79", [("001", kind), ("004", amount(cents))])
        for (code81, part), (contribution_base, total) in sorted(contributions.items()):
            ops = data.employer.urssaf_id if part else ""
            lines += rubrics("S21.G00.81", [("001", code81), ("002", ops), ("003", amount(contribution_base)),
                                            ("004", amount(total))])
    return lines


def individual(employees: list[Employee], data: DsnMonth) -> list[Line]:
    lines = person_lines(employees[0])
    for employee in sorted(employees, key=lambda e: (e.contract.start, e.contract.number)):
        lines += contract_lines(employee, data)
    by_date: dict[date, list[Employee]] = defaultdict(list)
    for employee in employees:
        by_date[employee.paid_on].append(employee)
    for paid_on in sorted(by_date):
        lines += payment(by_date[paid_on], data)
    return lines


def people(data: DsnMonth) -> list[list[Employee]]:
    """The payslips grouped by person (matricule), in the order each person first appears."""
    groups: dict[str, list[Employee]] = {}
    for employee in data.employees:
        groups.setdefault(employee.person.employee_number or employee.person.nir or "", []).append(employee)
    return list(groups.values())


def all_lines(data: DsnMonth, norm: str) -> Iterator[Line]:
    yield from envelope(data, norm) + declaration(data) + urssaf(data)
    for employees in people(data):
        yield from individual(employees, data)
