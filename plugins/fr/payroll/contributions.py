"""Contribution lines: which rate applies on which base, for whom (the rates themselves are YAML)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from partage.core.payroll.types import Side
from partage.plugins.fr.payroll.bases import Bases
from partage.plugins.fr.payroll.inputs import FrPayslipInput
from partage.plugins.fr.payroll.rates import FrRates

CENT = Decimal("0.01")
E, R = Side.EMPLOYEE, Side.EMPLOYER


@dataclass(frozen=True, slots=True)
class Spec:
    """One contribution: machine code, label, side, rate name (in FrRates) and base name (in Bases)."""

    code: str
    label: str
    side: Side
    rate: str
    base: str
    only: str = ""  # "" (everybody), "cadre", "intermittent" or "short_cdd_usage"


EMPLOYEE_SPECS = (
    Spec("old_age_capped_employee", "Old-age insurance (capped)", E, "old_age_capped_employee", "t1"),
    Spec("old_age_uncapped_employee", "Old-age insurance (uncapped)", E, "old_age_uncapped_employee", "gross"),
    Spec("agirc_arrco_t1_employee", "AGIRC-ARRCO T1", E, "t1_employee", "t1"),
    Spec("agirc_arrco_t2_employee", "AGIRC-ARRCO T2", E, "t2_employee", "t2"),
    Spec("ceg_t1_employee", "CEG T1", E, "ceg_t1_employee", "t1"),
    Spec("ceg_t2_employee", "CEG T2", E, "ceg_t2_employee", "t2"),
    Spec("cet_employee", "CET", E, "cet_employee", "cet"),
    Spec("apec_employee", "APEC", E, "apec_employee", "apec", only="cadre"),
    Spec("unemployment_intermittent_employee", "Unemployment insurance (intermittents)", E,
         "unemployment_specific_employee", "cap_unemployment", only="intermittent"),
)

EMPLOYER_SPECS = (
    Spec("health_employer", "Health, maternity, disability, death", R, "health", "gross"),
    Spec("family_employer", "Family allowances", R, "family", "gross"),
    Spec("old_age_capped_employer", "Old-age insurance (capped)", R, "old_age_capped_employer", "t1"),
    Spec("old_age_uncapped_employer", "Old-age insurance (uncapped)", R, "old_age_uncapped_employer", "gross"),
    Spec("autonomy_solidarity", "Solidarity autonomy contribution (CSA)", R, "autonomy_solidarity_employer", "gross"),
    Spec("work_accident", "Work accidents (AT/MP)", R, "at_rate", "gross"),
    Spec("agirc_arrco_t1_employer", "AGIRC-ARRCO T1", R, "t1_employer", "t1"),
    Spec("agirc_arrco_t2_employer", "AGIRC-ARRCO T2", R, "t2_employer", "t2"),
    Spec("ceg_t1_employer", "CEG T1", R, "ceg_t1_employer", "t1"),
    Spec("ceg_t2_employer", "CEG T2", R, "ceg_t2_employer", "t2"),
    Spec("cet_employer", "CET", R, "cet_employer", "cet"),
    Spec("unemployment_employer", "Unemployment insurance", R, "unemployment_employer", "cap_unemployment"),
    Spec("unemployment_intermittent_employer", "Unemployment insurance (intermittents)", R,
         "unemployment_specific_employer", "cap_unemployment", only="intermittent"),
    Spec("unemployment_short_cdd_usage", "Unemployment insurance (short CDD d'usage)", R,
         "unemployment_short_cdd_usage_employer", "cap_unemployment", only="short_cdd_usage"),
    Spec("ags", "Wage guarantee (AGS)", R, "ags", "cap_unemployment"),
    Spec("fnal", "Housing fund (FNAL)", R, "fnal", "fnal"),
    Spec("training", "Vocational training", R, "training", "gross"),
    Spec("apprenticeship_tax_main", "Apprenticeship tax", R, "apprenticeship_tax_main", "apprenticeship"),
    Spec("apprenticeship_tax_balance", "Apprenticeship tax (balance)", R, "apprenticeship_tax_balance", "apprenticeship"),
    Spec("csa", "Additional apprenticeship contribution (CSA)", R, "csa", "csa"),
    Spec("social_dialogue", "Social dialogue contribution", R, "social_dialogue", "gross"),
    Spec("construction_effort", "Construction effort (PEEC)", R, "construction_effort", "construction"),
    Spec("apec_employer", "APEC", R, "apec_employer", "apec", only="cadre"),
    Spec("provident_cadre", "Executives' provident scheme", R, "provident_employer", "t1", only="cadre"),
)


class Amount(NamedTuple):
    """A computed contribution: exact amount, base and rate."""

    item: "PlanItem"
    exact: Decimal
    base: Decimal
    rate: Decimal


def round_cent(value: Decimal) -> Decimal:
    """Round to the cent, half up."""
    return value.quantize(CENT, ROUND_HALF_UP)


ARTIST_REDUCED = ("health", "family", "fnal", "old_age_capped_employee", "old_age_capped_employer",
                  "old_age_uncapped_employee", "old_age_uncapped_employer")


def rate_overrides(data: FrPayslipInput, rates: FrRates, health_family: tuple[Decimal, Decimal]) -> dict[str, Decimal]:
    """Rates that depend on the employee or the employer (headcount, AT/MP, bandeaux, artists)."""
    large = data.headcount >= rates["fnal_headcount_threshold"]
    out = {
        "health": health_family[0], "family": health_family[1], "at_rate": data.at_rate,
        "fnal": rates["fnal_rate_large"] if large else rates["fnal_rate_small"],
        "training": rates.training.single_amount(Decimal(data.headcount)),
        "csa": csa_rate(data, rates),
    }
    if data.entertainment == "artist":
        factor = rates["artist_rate_factor"]
        for name in ARTIST_REDUCED:
            out[name] = (out[name] if name in out else rates[name]) * factor
    return out


def csa_rate(data: FrPayslipInput, rates: FrRates) -> Decimal:
    """Rate of the contribution supplémentaire à l'apprentissage (art. L6242-1 Code du travail) for an
    employer of ``data.headcount`` whose work-study share is ``data.work_study_share`` (None: not
    given, so the rate of a share under 1 %); 0 below the headcount threshold or from a 5 % share."""
    if not data.apprenticeship_tax_liable or data.headcount < rates["csa_headcount"]:
        return Decimal(0)
    share = data.work_study_share if data.work_study_share is not None else Decimal(0)
    rate = rates.csa.single_amount(share)
    first = rates.csa[0].amount
    if rate == first and data.headcount >= rates["csa_large_headcount"]:
        return rates["csa_rate_large"]
    return rate


def applies(spec: Spec, data: FrPayslipInput) -> bool:
    """Whether ``spec`` concerns this employee."""
    if not spec.only:
        return True
    if spec.only == "cadre":
        return data.cadre
    if spec.only == "intermittent":
        return data.entertainment is not None
    return data.short_cdd_usage


class PlanItem(NamedTuple):
    """A contribution resolved for one kind of employee: base attribute of ``Bases`` and rate."""

    spec: Spec
    base: str
    rate: Decimal
    reference: str


def base_name(name: str, data: FrPayslipInput, rates: FrRates) -> str | None:
    """Attribute of ``Bases`` for base ``name`` (FNAL and apprenticeship depend on the employer)."""
    if name == "fnal":
        return "gross" if data.headcount >= rates["fnal_headcount_threshold"] else "t1"
    if name == "construction":
        return "gross" if data.headcount >= rates["construction_effort_headcount"] else None
    if name == "apprenticeship":
        return "gross" if data.apprenticeship_tax_liable else None
    if name == "csa":
        return "gross" if csa_rate(data, rates) else None
    return name


def make_plan(specs: tuple[Spec, ...], data: FrPayslipInput, rates: FrRates,
              overrides: dict[str, Decimal]) -> tuple[PlanItem, ...]:
    """The applicable ``specs`` with their base and rate for this kind of employee."""
    out = []
    for spec in specs:
        base = base_name(spec.base, data, rates)
        if base is None or not applies(spec, data):
            continue
        rate = overrides[spec.rate] if spec.rate in overrides else rates[spec.rate]
        out.append(PlanItem(spec, base, rate, rates.references.get(spec.rate, "")))
    return tuple(out)


def plans(data: FrPayslipInput, rates: FrRates, health_family: tuple[Decimal, Decimal]) -> tuple:
    """(employee plan, employer plan), cached per batch for each kind of employee."""
    key = (data.headcount, data.cadre, data.entertainment, data.short_cdd_usage,
           data.apprenticeship_tax_liable, data.at_rate, health_family, data.work_study_share)
    found = rates.plans.get(key)
    if found is None:
        overrides = rate_overrides(data, rates, health_family)
        found = (make_plan(EMPLOYEE_SPECS, data, rates, overrides), make_plan(EMPLOYER_SPECS, data, rates, overrides))
        rates.plans[key] = found
    return found


def compute(plan: tuple[PlanItem, ...], bases: Bases) -> list[Amount]:
    """Exact amounts of ``plan`` on ``bases`` (zero-base lines are skipped)."""
    out = []
    for item in plan:
        base = getattr(bases, item.base)
        if base:
            out.append(Amount(item, base * item.rate, base, item.rate))
    return out
