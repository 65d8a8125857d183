"""Belcotax-on-web: yearly 281.10 fiches (one per worker) inside the 325.10 summary, with control totals.

Structure and zones of the official Belcotax XSD (income year 2024, the latest obtained; shipped in
`plugins/be/resources/belcotax`): Verzendingen/Verzending/Aangiften/Aangifte/Opgaven/Opgave32510/
Fiche28110, elements in the schema's order. Amounts are integer euro-cents. Each fiche carries the
beneficiary's address and municipality (2.15-2.18, 2.18 = 0 for Belgium), family situation (2.19,
2.21), language (2.27), the 281.10 indicator zones 2.31-2.45, the employment dates, the
remuneration 2.60 and its total 9 a)-d) 2.62, the withholding tax 2.74, the special social
security contribution 2.75 and the work bonus 2.115; the control total 2.59 is « le total des
zones 2.60 à 2.88 y compris » (XSD documentation), 2.62 included. `check` validates against the
XSD and recomputes every control total.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from lxml import etree

from partage.core.declarations import Check, GeneratedFile, Period, Problems, Reconciliation, reconcile
from partage.core.declarations.xml import leaf, node, to_bytes, xsd_problems
from partage.plugins.be.declarations import checks
from partage.plugins.be.declarations.inputs import Employer, Worker

AMOUNTS = {"taxable": "f10_2060_gewonebezoldiginge", "withholding_tax": "f10_2074_bedrijfsvoorheffing",
           "special_social_security": "f10_2075_bijzonderbijdrage", "social_work_bonus": "f10_2115_bonus"}
TOTAL_9 = "f10_2062_totaal"        # « total des rubriques 9 a) + 9 b) + 9 c) + 9 d) »: only 9 a) = 2.60 is paid
CONTROLLED = ("f10_2060_gewonebezoldiginge", TOTAL_9, "f10_2074_bedrijfsvoorheffing", "f10_2075_bijzonderbijdrage")
# Indicator zones of the 281.10 (2.31-2.45) with their « not applicable » value; 2.40 « Convention
# individuelle 0=oui, 1=pas d'application » (XSD documentation), 2.42 « 0 = pas d'application ».
INDICATORS = (("f10_2031_associationactivity", 0), ("f10_2035_verantwoordingsstukken", 0),
              ("f10_2036_inwonersdeenfr", 0), ("f10_2037_vergoedingkosten", 0), ("f10_2038_seasonalworker", 0),
              ("f10_2039_optiebuitvennoots", 0), ("f10_2040_individualconvention", 1),
              ("f10_2041_overheidspersoneel", 0), ("f10_2042_sailorcode", 0), ("f10_2045_code", 0))
CIVIL_STATUS = ("0", "1", "2", "3", "4", "5")   # 2.19: non connu, célibataire, marié(e)/cohabitant légal, ...
LANGUAGES = {"nl": 1, "fr": 2, "de": 3}          # 2.27 and a1020/v0022


def xsd():
    from importlib import resources
    from pathlib import Path

    return Path(str(resources.files("partage.plugins.be").joinpath("resources", "belcotax", "Belcotax-2024.xsd")))


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
    city: str = ""                  # municipality (2.17)
    country: str = "BE"             # residence; only Belgium (2.18 = 0) is supported
    civil_status: str = "0"         # 2.19
    children: int = 0               # 2.21
    language: str = "fr"            # 2.27


@dataclass(frozen=True, slots=True)
class BelcotaxYear:
    employer: Employer
    year: int
    payslips: tuple[YearPayslip, ...]
    created_at: datetime
    contact: str = ""
    test: bool = True
    language: str = "fr"            # the tenant's (v0022, a1020)
    open_runs: tuple[str, ...] = ()


def check_year(data: BelcotaxYear) -> None:
    problems = Problems()
    checks.check_employer(problems, data.employer)
    for name in ("street", "postcode", "city", "phone", "email"):
        problems.require(bool(getattr(data.employer, name)), f"employer.{name}", "the sender's address and contact")
    problems.require(bool(data.contact), "contact", "the sender's contact person (v0021)")
    if data.open_runs:
        problems.add("open_runs", f"payroll runs still open in {data.year}: {', '.join(data.open_runs)}")
    problems.require(bool(data.payslips), "payslips", f"no payslip in {data.year}")
    for i, slip in enumerate(data.payslips):
        checks.check_niss(problems, f"payslips[{i}].worker.niss", slip.worker.niss)
        problems.require(slip.month.year == data.year, f"payslips[{i}].month", f"outside {data.year}")
        problems.require(bool(slip.worker.last_name), f"payslips[{i}].worker.last_name", "name missing")
        for name in ("street", "postcode", "city"):
            problems.require(bool(getattr(slip, name)), f"payslips[{i}].{name}", "the beneficiary's address is missing")
        problems.require(slip.country == "BE", f"payslips[{i}].country",
                         "a residence outside Belgium needs the country codes of the brochure's annex 3 (not supported)")
        problems.require(slip.civil_status in CIVIL_STATUS, f"payslips[{i}].civil_status", "not a 2.19 code")
        for name in AMOUNTS:
            value = getattr(slip, name)
            problems.require(type(value) is int and value >= 0, f"payslips[{i}].{name}", "non-negative integer cents")
    problems.raise_if_any()


def ddmmyyyy(day: date | None) -> str | None:
    return day.strftime("%d-%m-%Y") if day else None


def totals_of(slips: list[YearPayslip]) -> dict[str, int]:
    totals = {zone: sum(getattr(s, name) for s in slips) for name, zone in AMOUNTS.items()}
    totals[TOTAL_9] = totals["f10_2060_gewonebezoldiginge"]
    return totals


def fiche(seq: int, data: BelcotaxYear, slips: list[YearPayslip]):
    first, totals = slips[0], totals_of(slips)
    starts = [s.employed_from for s in slips if s.employed_from]
    ends = [s.employed_until for s in slips if s.employed_until]
    amounts = [leaf(zone, totals[zone]) for zone in ("f10_2060_gewonebezoldiginge", TOTAL_9,
                                                     "f10_2074_bedrijfsvoorheffing", "f10_2075_bijzonderbijdrage")]
    return node("Fiche28110", leaf("f2002_inkomstenjaar", data.year),
                leaf("f2005_registratienummer", data.employer.company_number), leaf("f2008_typefiche", "28110"),
                leaf("f2009_volgnummer", seq), leaf("f2011_nationaalnr", first.worker.niss),
                leaf("f2013_naam", first.worker.last_name), leaf("f2015_adres", first.street),
                leaf("f2016_postcodebelgisch", first.postcode), leaf("f2017_gemeente", first.city),
                leaf("f2018_landwoonplaats", 0), leaf("f2019_burgerlijkstand", first.civil_status),
                leaf("f2021_aantalkinderen", first.children), leaf("f2027_taalcode", LANGUAGES.get(first.language, 2)),
                leaf("f2028_typetraitement", 0), leaf("f2029_enkelopgave325", 0),
                leaf("f2114_voornamen", first.worker.first_name or None),
                [leaf(zone, value) for zone, value in INDICATORS],
                leaf("f10_2055_datumvanindienstt", ddmmyyyy(min(starts) if starts else None)),
                leaf("f10_2056_datumvanvertrek", ddmmyyyy(max(ends) if ends else None)),
                leaf("f10_2059_totaalcontrole", sum(totals[zone] for zone in CONTROLLED)), amounts,
                leaf(AMOUNTS["social_work_bonus"], totals[AMOUNTS["social_work_bonus"]]))


def document(data: BelcotaxYear):
    people: dict[str, list[YearPayslip]] = defaultdict(list)
    for slip in data.payslips:
        people[slip.worker.niss].append(slip)
    fiches = [fiche(seq, data, people[niss]) for seq, niss in enumerate(sorted(people), 1)]
    control = sum(int(f.findtext("f10_2059_totaalcontrole")) for f in fiches)
    seqs = len(fiches) * (len(fiches) + 1) // 2
    e = data.employer
    language = LANGUAGES.get(data.language, 2)
    aangifte = node("Aangifte", leaf("a1002_inkomstenjaar", data.year), leaf("a1005_registratienummer", e.company_number),
                    leaf("a1011_naamnl1", e.name), leaf("a1013_adresnl", e.street),
                    leaf("a1014_postcodebelgisch", e.postcode), leaf("a1015_gemeente", e.city),
                    leaf("a1017_telefoonnummer", e.phone), leaf("a1019_contactpersoon", data.contact),
                    leaf("a1020_taalcode", language), leaf("a1038_emailadres", e.email),
                    node("Opgaven", node("Opgave32510", fiches)),
                    leaf("r8002_inkomstenjaar", data.year), leaf("r8010_aantalrecords", len(fiches) + 2),
                    leaf("r8011_controletotaal", seqs), leaf("r8012_controletotaal", control))
    return node("Verzendingen", node(
        "Verzending", leaf("v0002_inkomstenjaar", data.year), leaf("v0010_bestandtype", "BCTEST" if data.test else "BELCOTAX"),
        leaf("v0011_aanmaakdatum", ddmmyyyy(data.created_at.date())), leaf("v0014_naam", e.name),
        leaf("v0015_adres", e.street), leaf("v0016_postcode", e.postcode), leaf("v0017_gemeente", e.city),
        leaf("v0018_telefoonnummer", e.phone), leaf("v0021_contactpersoon", data.contact or None),
        leaf("v0022_taalcode", language), leaf("v0023_emailadres", e.email),
        leaf("v0024_nationaalnr", e.company_number), leaf("v0025_typeenvoi", 0), node("Aangiften", aangifte),
        leaf("r9002_inkomstenjaar", data.year), leaf("r9010_aantallogbestanden", 3),
        leaf("r9011_totaalaantalrecords", len(fiches) + 4), leaf("r9012_controletotaal", seqs),
        leaf("r9013_controletotaal", control)))


def zone_number(tag: str) -> int:
    return int(tag.split("_")[1]) if tag.startswith("f10_") else 0


def control_problems(root: Any) -> list[str]:
    """Every control total recomputed from the file: 2.59 = zones 2.60 to 2.88, 2.62 = 9 a)-d), r80xx, r90xx."""
    fiches = root.findall(".//Fiche28110")
    problems = [f"fiche {f.findtext('f2009_volgnummer')}: f10_2059 is not the total of its zones 2.60 to 2.88"
                for f in fiches if int(f.findtext("f10_2059_totaalcontrole")) != sum(
                    int(z.text or 0) for z in f if 2060 <= zone_number(z.tag) <= 2088)]
    problems += [f"fiche {f.findtext('f2009_volgnummer')}: f10_2062 is not 9 a) + 9 b) + 9 c) + 9 d)"
                 for f in fiches if f.findtext(TOTAL_9) != f.findtext("f10_2060_gewonebezoldiginge")]
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
        problems = [f"Belcotax XSD: {p}" for p in xsd_problems(generated.content, xsd())]
        return problems or control_problems(etree.fromstring(generated.content))


def reconcile_belcotax(generated: GeneratedFile, payslips: tuple[YearPayslip, ...]) -> Reconciliation:
    root = etree.fromstring(generated.content)
    return reconcile(Check(zone, sum(int(x) for x in root.xpath(f"//{zone}/text()")),
                           sum(getattr(s, name) for s in payslips)) for name, zone in AMOUNTS.items())
