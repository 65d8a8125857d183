"""The lines of a monthly DSN, block by block, in the order of the published structure."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Iterable, Iterator

from plugins.fr.declarations.inputs import DsnMonth, Employee, IndividualContribution

Line = tuple[str, str]
SOFTWARE = ("Partage", "Partage contributors", "0.1")
NORM = "P26V01"   # norme DSN 2026 (cahier technique 2026.1)


def amount(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def day(value: date) -> str:
    return value.strftime("%d%m%Y")


def rubrics(code: str, values: Iterable[tuple[str, str | None]]) -> list[Line]:
    """``code.rubric`` lines, skipping empty values (optional rubrics left out)."""
    return [(f"{code}.{number}", value) for number, value in values if value not in (None, "")]


def envelope(data: DsnMonth) -> list[Line]:
    e, c = data.employer, data.contact
    return (rubrics("S10.G00.00", [("001", SOFTWARE[0]), ("002", SOFTWARE[1]), ("003", SOFTWARE[2]),
                                   ("005", "01" if data.test else "02"), ("006", NORM), ("008", "01")])
            + rubrics("S10.G00.01", [("001", e.siren), ("002", e.nic), ("003", e.name), ("004", e.street),
                                     ("005", e.postcode), ("006", e.city)])
            + rubrics("S10.G00.02", [("001", "01"), ("002", c.name), ("004", c.email), ("005", c.phone)]))


def declaration(data: DsnMonth) -> list[Line]:
    e, c, start = data.employer, data.contact, data.month.start
    return (rubrics("S20.G00.05", [("001", "01"), ("002", "01"), ("003", "11"), ("004", "1"),
                                   ("005", day(start)), ("007", day(data.created_at.date())), ("010", "01")])
            + rubrics("S20.G00.07", [("001", c.name), ("002", c.phone), ("003", c.email), ("004", "01")])
            + rubrics("S21.G00.06", [("001", e.siren), ("002", e.nic), ("003", e.naf), ("004", e.street),
                                     ("005", e.postcode), ("006", e.city)])
            + rubrics("S21.G00.11", [("001", e.nic), ("002", e.naf), ("003", e.street), ("004", e.postcode),
                                     ("005", e.city), ("022", e.idcc)]))


def urssaf(data: DsnMonth) -> list[Line]:
    """Payment (S21.G00.20), due contributions (S21.G00.22) and their aggregates by CTP (S21.G00.23)."""
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for employee in data.employees:
        for c in employee.contributions:
            if c.urssaf:
                row = groups[(c.ctp, qualifier(c), c.rate)]
                row[0] += c.base
                row[1] += c.amount
    due = sum(row[1] for row in groups.values())
    start, end = day(data.month.start), day(data.month.end)
    lines = rubrics("S21.G00.20", [("001", data.employer.urssaf_id), ("005", amount(due)), ("006", start),
                                   ("007", end)])
    lines += rubrics("S21.G00.22", [("001", data.employer.urssaf_id), ("003", start), ("004", end),
                                    ("005", amount(due))])
    for (ctp, qual, rate), (base, total) in sorted(groups.items()):
        lines += rubrics("S21.G00.23", [("001", ctp), ("002", qual), ("003", rate), ("004", amount(base)),
                                        ("005", amount(total))])
    return lines


def qualifier(contribution: IndividualContribution) -> str:
    """Qualifiant d'assiette: 921 capped base, 920 other (cahier technique, S21.G00.23.002; to verify)."""
    return "921" if contribution.base_code == "02" else "920"


def individual(employee: Employee, data: DsnMonth) -> list[Line]:
    p, k = employee.person, employee.contract
    lines = rubrics("S21.G00.30", [("001", (p.nir or "")[:13]), ("002", p.last_name), ("004", p.first_names),
                                   ("005", p.sex), ("006", day(p.birthdate)), ("007", p.birthplace),
                                   ("014", p.birth_department), ("019", p.employee_number)])
    lines += rubrics("S21.G00.40", [
        ("001", day(k.start)), ("002", "04" if k.cadre else "07"), ("003", "01" if k.cadre else "04"),
        ("004", k.pcs), ("006", k.job_title), ("007", k.nature), ("008", "99"), ("009", k.number),
        ("010", k.end and day(k.end)), ("011", "10"), ("012", "151.67"), ("013", k.hours_per_month),
        ("014", "10" if k.hours_per_month == "151.67" else "20"), ("016", "99"), ("017", data.employer.idcc),
        ("018", "200"), ("019", data.employer.siren + data.employer.nic),  # lieu de travail: SIRET
        ("020", "200"), ("021", k.reason)])
    return lines + payment(employee, data) + bases(employee, data)


def payment(employee: Employee, data: DsnMonth) -> list[Line]:
    lines = rubrics("S21.G00.50", [("001", day(employee.paid_on)), ("002", amount(employee.net_taxable)),
                                   ("003", "1"), ("004", amount(employee.net_paid)), ("006", employee.pas_rate),
                                   ("007", "01"), ("009", amount(employee.pas_amount))])
    return lines + rubrics("S21.G00.51", [("001", day(data.month.start)), ("002", day(data.month.end)),
                                          ("010", employee.contract.number), ("011", "001"),
                                          ("012", employee.hours), ("013", amount(employee.gross))])


def bases(employee: Employee, data: DsnMonth) -> list[Line]:
    lines: list[Line] = []
    for code, cents in employee.bases:
        lines += rubrics("S21.G00.78", [("001", code), ("002", day(data.month.start)), ("003", day(data.month.end)),
                                        ("004", amount(cents))])
        for c in (c for c in employee.contributions if c.base_code == code):
            ops = data.employer.urssaf_id if c.urssaf else ""
            lines += rubrics("S21.G00.81", [("001", c.code), ("002", ops), ("003", amount(c.base)),
                                            ("004", amount(c.amount)), ("007", c.rate)])
    return lines


def all_lines(data: DsnMonth) -> Iterator[Line]:
    yield from envelope(data) + declaration(data) + urssaf(data)
    for employee in data.employees:
        yield from individual(employee, data)
