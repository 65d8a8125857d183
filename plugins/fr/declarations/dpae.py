"""DPAE (déclaration préalable à l'embauche), from a work performance before it starts.

Contents per Code du travail art. R1221-1 to R1221-5 (france.md 5.4). No official schema is in
../shared, so the file is a JSON document with those contents; a net-entreprises adapter maps it.
"""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from core.declarations import GeneratedFile, Period, Problems
from plugins.fr.declarations.dsn import valid
from plugins.fr.declarations.inputs import Hiring
from stdnum.fr import nir, siret

REQUIRED = ("employer.name", "employer.street", "employer.naf", "person.last_name", "person.first_names",
            "person.sex", "person.birthplace")


def check_hiring(data: Hiring, earliest_days: int) -> None:
    problems = Problems()
    problems.require(valid(siret, data.employer.siren + data.employer.nic), "employer.nic", "no valid SIRET")
    for path in REQUIRED:
        owner, name = path.split(".")
        problems.require(bool(getattr(getattr(data, owner), name)), path, "missing")
    if data.person.nir is not None:
        problems.require(valid(nir, data.person.nir), "person.nir", f"{data.person.nir!r} is not a valid NIR")
    if data.created_at >= data.starts_at:
        problems.add("starts_at", "a DPAE must be filed before the hiring")
    elif data.starts_at - data.created_at > timedelta(days=earliest_days):
        problems.add("starts_at", f"a DPAE is filed at the earliest {earliest_days} days before the hiring")
    if data.contract.nature == "02":
        problems.require(data.contract.end is not None, "contract.end", "a fixed-term contract (CDD) needs its end")
    if data.contract.end is not None and data.contract.end < data.starts_at.date():
        problems.add("contract.end", "the contract ends before the hiring")
    problems.require(data.trial_days >= 0, "trial_days", "cannot be negative")
    problems.raise_if_any()


def document(data: Hiring) -> dict[str, Any]:
    e, p, k = data.employer, data.person, data.contract
    return {
        "employer": {"siret": e.siren + e.nic, "name": e.name, "address": f"{e.street}, {e.postcode} {e.city}",
                     "naf": e.naf, "urssaf": e.urssaf_id, "health_service": data.health_service},
        "employee": {"nir": p.nir, "last_name": p.last_name, "first_names": p.first_names, "sex": p.sex,
                     "birthdate": p.birthdate.isoformat(), "birthplace": p.birthplace,
                     "birth_department": p.birth_department},
        "hiring": {"date": data.starts_at.date().isoformat(), "time": data.starts_at.strftime("%H:%M")},
        "contract": {"nature": {"01": "CDI", "02": "CDD"}.get(k.nature, k.nature),
                     "end": k.end.isoformat() if k.end else None, "trial_period_days": data.trial_days},
    }


class DpaeDeclaration:
    code = "dpae"
    periodicity = "event"

    def __init__(self, tree: Any) -> None:
        self.tree = tree

    def generate(self, data: Hiring) -> GeneratedFile:
        start = data.starts_at.date()
        check_hiring(data, int(self.tree.at("declarations.deadlines.dpae_earliest_days_before", start)))
        content = json.dumps(document(data), indent=2, ensure_ascii=False).encode()
        name = f"dpae-{data.employer.siren}{data.employer.nic}-{data.contract.number}-{start.isoformat()}.json"
        return GeneratedFile(self.code, Period.month(start.year, start.month), name, content, "application/json",
                             {"contract": data.contract.number})

    def check(self, generated: GeneratedFile) -> list[str]:
        doc = json.loads(generated.content)
        missing = [f"{part}.{key}" for part, keys in (("employer", ("siret", "name", "naf")), ("employee",
                   ("last_name", "first_names", "sex", "birthdate", "birthplace")), ("hiring", ("date", "time")),
                   ("contract", ("nature",))) for key in keys if not doc.get(part, {}).get(key)]
        return [f"{m} missing" for m in missing]
