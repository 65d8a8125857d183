"""Belcotax-on-web: yearly 281.10 fiches (one per worker) inside the 325.10 summary, with control totals.

Envelope and zone names after Odoo's export (belgium.md 2.3): Verzendingen/Verzending/Aangiften/
Aangifte/Opgaven/Opgave32510/Fiche28110. Amounts are integer euro-cents. Only the zones Partage
fills are written; no Belcotax XSD is in ../shared, so `check` verifies the control totals.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from lxml import etree

from core.declarations import Check, GeneratedFile, Period, Problems, Reconciliation, reconcile
from core.declarations.xml import leaf, node, to_bytes
from plugins.be.declarations import checks
from plugins.be.declarations.inputs import Employer, Worker

AMOUNTS = {"taxable": "f10_2060_gewonebezoldiginge", "withholding_tax": "f10_2074_bedrijfsvoorheffing",
           "special_social_security": "f10_2075_bijzonderbijdrage", "social_work_bonus": "f10_2115_bonus"}
CONTROLLED = ("taxable", "withholding_tax", "special_social_security")   # zones 2060-2089 in f10_2059


@dataclass(frozen=True, slots=True)
class YearPayslip:
    worker: Worker
    street: str
    postcode: str
    month: date
    taxable: int                    # cents, ordinary taxable remuneration (code 250)
    withholding_tax: int
    special_social_security: int
    social_work_bonus: int = 0      # fiscal/social work bonus shown on the fiche
    employed_from: date | None = None
    employed_until: date | None = None


@dataclass(frozen=True, slots=True)
class BelcotaxYear:
    employer: Employer
    year: int
    payslips: tuple[YearPayslip, ...]
    created_at: datetime
    contact: str = ""
    test: bool = True
    open_runs: tuple[str, ...] = ()


def check_year(data: BelcotaxYear) -> None:
    problems = Problems()
    checks.check_employer(problems, data.employer)
    if data.open_runs:
        problems.add("open_runs", f"payroll runs still open in {data.year}: {', '.join(data.open_runs)}")
    problems.require(bool(data.payslips), "payslips", f"no payslip in {data.year}")
    for i, slip in enumerate(data.payslips):
        checks.check_niss(problems, f"payslips[{i}].worker.niss", slip.worker.niss)
        problems.require(slip.month.year == data.year, f"payslips[{i}].month", f"outside {data.year}")
        problems.require(bool(slip.worker.last_name), f"payslips[{i}].worker.last_name", "name missing")
        for name in AMOUNTS:
            value = getattr(slip, name)
            problems.require(type(value) is int and value >= 0, f"payslips[{i}].{name}", "non-negative integer cents")
    problems.raise_if_any()


def ddmmyyyy(day: date | None) -> str | None:
    return day.strftime("%d-%m-%Y") if day else None


def fiche(seq: int, data: BelcotaxYear, slips: list[YearPayslip]):
    first, totals = slips[0], {name: sum(getattr(s, name) for s in slips) for name in AMOUNTS}
    starts = [s.employed_from for s in slips if s.employed_from]
    ends = [s.employed_until for s in slips if s.employed_until]
    return node("Fiche28110", leaf("f2002_inkomstenjaar", data.year),
                leaf("f2005_registratienummer", data.employer.company_number), leaf("f2008_typefiche", "28110"),
                leaf("f2009_volgnummer", seq), leaf("f2011_nationaalnr", first.worker.niss),
                leaf("f2013_naam", first.worker.last_name), leaf("f2015_adres", first.street),
                leaf("f2016_postcodebelgisch", first.postcode), leaf("f2018_landwoonplaats", "150"),
                leaf("f2028_typetraitement", 0), leaf("f2029_enkelopgave325", 0),
                leaf("f2114_voornamen", first.worker.first_name or None),
                leaf("f10_2055_datumvanindienstt", ddmmyyyy(min(starts) if starts else None)),
                leaf("f10_2056_datumvanvertrek", ddmmyyyy(max(ends) if ends else None)),
                leaf("f10_2059_totaalcontrole", sum(totals[n] for n in CONTROLLED)),
                [leaf(zone, totals[name]) for name, zone in AMOUNTS.items()])


def document(data: BelcotaxYear):
    people: dict[str, list[YearPayslip]] = defaultdict(list)
    for slip in data.payslips:
        people[slip.worker.niss].append(slip)
    fiches = [fiche(seq, data, people[niss]) for seq, niss in enumerate(sorted(people), 1)]
    control = sum(int(f.findtext("f10_2059_totaalcontrole")) for f in fiches)
    seqs = len(fiches) * (len(fiches) + 1) // 2
    e = data.employer
    aangifte = node("Aangifte", leaf("a1002_inkomstenjaar", data.year), leaf("a1005_registratienummer", e.company_number),
                    leaf("a1011_naamnl1", e.name), leaf("a1013_adresnl", e.street), leaf("a1015_gemeente", e.city),
                    leaf("a1020_taalcode", 2), node("Opgaven", node("Opgave32510", fiches)),
                    leaf("r8002_inkomstenjaar", data.year), leaf("r8010_aantalrecords", len(fiches) + 2),
                    leaf("r8011_controletotaal", seqs), leaf("r8012_controletotaal", control))
    return node("Verzendingen", node(
        "Verzending", leaf("v0002_inkomstenjaar", data.year), leaf("v0010_bestandtype", "BELCOTST" if data.test else "BELCOTAX"),
        leaf("v0011_aanmaakdatum", ddmmyyyy(data.created_at.date())), leaf("v0014_naam", e.name),
        leaf("v0015_adres", e.street), leaf("v0016_postcode", e.postcode), leaf("v0017_gemeente", e.city),
        leaf("v0021_contactpersoon", data.contact or None), leaf("v0022_taalcode", 2),
        leaf("v0024_nationaalnr", e.company_number), leaf("v0025_typeenvoi", 0), node("Aangiften", aangifte),
        leaf("r9002_inkomstenjaar", data.year), leaf("r9010_aantallogbestanden", 3),
        leaf("r9011_totaalaantalrecords", len(fiches) + 4), leaf("r9012_controletotaal", seqs),
        leaf("r9013_controletotaal", control)))


def control_problems(root: Any) -> list[str]:
    fiches = root.findall(".//Fiche28110")
    problems = [f"fiche {f.findtext('f2009_volgnummer')}: f10_2059 is not the sum of its zones 2060-2089"
                for f in fiches if int(f.findtext("f10_2059_totaalcontrole")) != sum(
                    int(f.findtext(AMOUNTS[n]) or 0) for n in CONTROLLED)]
    expect = {"r8010_aantalrecords": len(fiches) + 2,
              "r8011_controletotaal": sum(int(f.findtext("f2009_volgnummer")) for f in fiches),
              "r8012_controletotaal": sum(int(f.findtext("f10_2059_totaalcontrole")) for f in fiches)}
    expect["r9012_controletotaal"], expect["r9013_controletotaal"] = expect["r8011_controletotaal"], expect["r8012_controletotaal"]
    problems += [f"{zone} = {root.findtext('.//' + zone)}, expected {value}" for zone, value in expect.items()
                 if root.findtext(".//" + zone) != str(value)]
    return problems


class BelcotaxDeclaration:
    code = "belcotax"
    periodicity = "year"

    def __init__(self, tree: Any = None) -> None:
        self.tree = tree

    def generate(self, data: BelcotaxYear) -> GeneratedFile:
        check_year(data)
        content = to_bytes(document(data))
        summary = {"fiches": len({s.worker.niss for s in data.payslips}),
                   "withholding_tax_cents": sum(s.withholding_tax for s in data.payslips)}
        return GeneratedFile(self.code, Period("year", data.year), f"belcotax-28110-{data.year}.xml", content,
                             "application/xml", summary)

    def check(self, generated: GeneratedFile) -> list[str]:
        return control_problems(etree.fromstring(generated.content))


def reconcile_belcotax(generated: GeneratedFile, payslips: tuple[YearPayslip, ...]) -> Reconciliation:
    root = etree.fromstring(generated.content)
    return reconcile(Check(zone, sum(int(x) for x in root.xpath(f"//{zone}/text()")),
                           sum(getattr(s, name) for s in payslips)) for name, zone in AMOUNTS.items())
