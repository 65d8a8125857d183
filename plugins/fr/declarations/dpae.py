"""DPAE (déclaration préalable à l'embauche) as the DSN « signalement DPAE » (nature 10).

The norm P26V01 carries the DPAE as a DSN signalement: S20.G00.05.001 = « 10 - Signalement
Déclaration préalable à l'embauche », one individual S21.G00.30 and the contract S21.G00.40 with
its start date, hour of hiring (S21.G00.40.083), nature (CDI/CDD only, CCH S21.G00.40.007/CCH-11),
planned end and trial period (S21.G00.40.082), and the occupational health service
(S21.G00.30.030). It is written like a DSN (one rubric per line, ISO-8859-1, CRLF) and checked by
the same dictionary-built validator with the usage column of nature 10 (tableau des usages
CT2027.1, the only one published with it). The URSSAF « FR_DUE_Upload » XML of the older
DPAE channel has no public schema (../shared/schemas/fr/dpae/README.md) and is not produced.
The contents are those of Code du travail art. R1221-1 (france.md 5.4).
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from partage.core.declarations import GeneratedFile, Period, Problems
from partage.plugins.fr.declarations.dsn import ENCODING, valid
from partage.plugins.fr.declarations.dsn_dictionary import NORMS, load, norm_of
from partage.plugins.fr.declarations.dsn_lines import SOFTWARE, Line, day, rubrics
from partage.plugins.fr.declarations.dsn_validate import validate
from partage.plugins.fr.declarations.inputs import Hiring
from stdnum.fr import nir, siret

NATURE = "10"
REQUIRED = ("employer.name", "employer.street", "employer.postcode", "employer.city", "person.last_name",
            "person.first_names", "person.sex", "person.birthplace", "health_service", "contact.name",
            "contact.email", "contact.phone")
NATURES = ("01", "02")   # CDI, CDD of private law (CCH S21.G00.40.007/CCH-11 also allows 09, 10: public law)


def check_hiring(data: Hiring, earliest_days: int) -> None:
    problems = Problems()
    problems.require(valid(siret, data.employer.siren + data.employer.nic), "employer.nic", "no valid SIRET")
    for path in REQUIRED:
        owner, _, name = path.rpartition(".")
        problems.require(bool(getattr(getattr(data, owner) if owner else data, name)), path, "missing")
    if data.person.nir is not None:
        problems.require(valid(nir, data.person.nir), "person.nir", f"{data.person.nir!r} is not a valid NIR")
    if data.created_at >= data.starts_at:
        problems.add("starts_at", "a DPAE must be filed before the hiring")
    elif data.starts_at - data.created_at > timedelta(days=earliest_days):
        problems.add("starts_at", f"a DPAE is filed at the earliest {earliest_days} days before the hiring")
    elif data.starts_at.year not in NORMS:
        problems.add("starts_at", f"no DSN norm shipped for {data.starts_at.year}")
    problems.require(data.contract.nature in NATURES, "contract.nature", "a DPAE declares a CDI (01) or a CDD (02)")
    if data.contract.nature == "02":
        problems.require(data.contract.end is not None, "contract.end", "a fixed-term contract (CDD) needs its end")
    if data.contract.end is not None and data.contract.end < data.starts_at.date():
        problems.add("contract.end", "the contract ends before the hiring")
    problems.require(0 <= data.trial_days <= 999, "trial_days", "0 to 999 days")
    problems.raise_if_any()


def lines(data: Hiring, norm: str) -> list[Line]:
    e, p, k = data.employer, data.person, data.contract
    return (rubrics("S10.G00.00", [("001", SOFTWARE[0]), ("002", SOFTWARE[1]), ("003", SOFTWARE[2]),
                                   ("005", "01" if data.test else "02"), ("006", norm), ("007", "01"), ("008", "01")])
            + rubrics("S10.G00.01", [("001", e.siren), ("002", e.nic), ("003", e.name), ("004", e.street),
                                     ("005", e.postcode), ("006", e.city)])
            + rubrics("S10.G00.02", [("002", data.contact.name), ("004", data.contact.email),
                                     ("005", data.contact.phone)])
            + rubrics("S20.G00.05", [("001", NATURE), ("002", "01"), ("003", "11"), ("004", "1"),
                                     ("007", day(data.created_at.date()))])
            + rubrics("S20.G00.07", [("001", data.contact.name), ("002", data.contact.phone),
                                     ("003", data.contact.email), ("004", "04")])
            + rubrics("S21.G00.06", [("001", e.siren), ("002", e.nic), ("005", e.postcode), ("006", e.city)])
            + rubrics("S21.G00.11", [("001", e.nic), ("003", e.street), ("004", e.postcode), ("005", e.city)])
            + rubrics("S21.G00.30", [("001", (p.nir or "")[:13]), ("002", p.last_name), ("004", p.first_names),
                                     ("005", p.sex), ("006", day(p.birthdate)), ("007", p.birthplace[:30]),
                                     ("014", p.birth_department), ("015", p.birth_country),
                                     ("030", data.health_service)])
            + rubrics("S21.G00.40", [("001", day(data.starts_at.date())), ("007", k.nature), ("009", k.number),
                                     ("010", k.end and day(k.end)), ("021", k.reason or None),
                                     ("082", str(data.trial_days)), ("083", data.starts_at.strftime("%H%M"))]))


def render(data: Hiring) -> str:
    body = [f"{code},'{value}'" for code, value in lines(data, norm_of(data.starts_at.date()))]
    body += [f"S90.G00.90.001,'{len(body) + 2}'", "S90.G00.90.002,'1'"]
    return "\r\n".join(body) + "\r\n"


class DpaeDeclaration:
    code = "dpae"
    periodicity = "event"

    def __init__(self, tree: Any) -> None:
        self.tree = tree

    def generate(self, data: Hiring) -> GeneratedFile:
        start = data.starts_at.date()
        check_hiring(data, int(self.tree.at("declarations.deadlines.dpae_earliest_days_before", start)))
        text = render(data)
        problems = Problems()
        try:
            content = text.encode(ENCODING)
        except UnicodeEncodeError as exc:
            problems.add("person", f"character {text[exc.start]!r} cannot be written in {ENCODING}")
            problems.raise_if_any()
        for problem in validate(text, load(norm_of(start))):
            problems.add("dpae", problem)
        problems.raise_if_any()
        name = f"dpae-{data.employer.siren}{data.employer.nic}-{data.contract.number}-{start.isoformat()}.txt"
        return GeneratedFile(self.code, Period.month(start.year, start.month), name, content, "text/plain",
                             {"contract": data.contract.number, "nature": NATURE})

    def check(self, generated: GeneratedFile) -> list[str]:
        start = generated.period.start
        return validate(generated.content.decode(ENCODING), load(norm_of(start)))
