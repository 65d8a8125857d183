"""Parameters of one period, resolved once per batch from the dated YAML tree."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from partage.core.params import Brackets

P = "payroll."
SS = P + "contributions.social_security."
COMP = P + "contributions.complementary."
CSG = P + "contributions.csg_crds."
OTHER = P + "contributions.employer_other."
CADRE = P + "contributions.cadre."
UNEMP = P + "contributions.unemployment."
ENT = P + "contributions.entertainment."

# Single-value rates copied into FrRates.values (keyed by the short name after the group prefix).
SIMPLE = {
    "pmss": P + "ceiling.pmss", "proration_days": P + "ceiling.proration_days",
    "smic_hourly": P + "smic.hourly", "annual_hours": P + "smic.annual_hours",
    **{k: SS + k for k in (
        "health_employer", "health_employer_reduced", "family_employer", "family_employer_reduced",
        "old_age_capped_employee", "old_age_capped_employer", "old_age_uncapped_employee",
        "old_age_uncapped_employer", "autonomy_solidarity_employer")},
    "unemployment_employer": UNEMP + "employer", "ags": UNEMP + "ags", "unemployment_ceiling": UNEMP + "ceiling_pmss",
    **{k: COMP + k for k in (
        "t1_employee", "t1_employer", "t2_employee", "t2_employer", "ceg_t1_employee", "ceg_t1_employer",
        "ceg_t2_employee", "ceg_t2_employer", "cet_employee", "cet_employer", "t2_ceiling_pmss")},
    **{k: CSG + k for k in (
        "csg_deductible", "csg_non_deductible", "crds", "professional_expenses_abatement", "abatement_ceiling_pmss")},
    **{k: OTHER + k for k in (
        "fnal_rate_small", "fnal_rate_large", "fnal_headcount_threshold", "apprenticeship_tax_main",
        "apprenticeship_tax_balance", "social_dialogue", "construction_effort", "construction_effort_headcount",
        "csa_headcount", "csa_large_headcount", "csa_rate_large")},
    **{k: CADRE + k for k in (
        "apec_employee", "apec_employer", "apec_ceiling_pmss", "provident_employer",
        "forfait_social_provident", "forfait_social_headcount")},
    **{k: ENT + k for k in (
        "unemployment_specific_employer", "unemployment_short_cdd_usage_employer",
        "unemployment_specific_employee", "artist_rate_factor")},
}


@dataclass(frozen=True)
class FrRates:
    """Every value the payslip needs on one date: ``values`` (Decimal), scales, and scheme-specific data."""

    values: dict[str, Decimal]
    training: Brackets
    csa: Brackets                 # CSA rate by work-study share (employers of csa_headcount or more)
    scheme: str                   # "rgdu" or "fillon"
    reduction: dict[str, Any]     # parameters of the scheme in force
    reduced_rates: dict[str, Any]  # 2024-2025 "bandeaux"; {"applies": False} from 2026
    pas_grids: dict[str, Brackets]
    pas_grid_years: dict[str, Decimal]
    artist_general_reduction: bool
    references: dict[str, str]    # legal reference by short name (for payslip lines)
    stale: tuple[str, ...]
    plans: dict = field(default_factory=dict, compare=False, repr=False)  # per-batch cache (contributions.plans)

    def __getitem__(self, name: str) -> Decimal:
        return self.values[name]


def _reduction(snap: Any, scheme: str) -> dict[str, Any]:
    base = P + f"reductions.{scheme}."
    if scheme == "rgdu":
        names = ("t_min", "power", "smic_multiple", "smic_hourly_reference", "coefficient_decimals")
        data = {n: snap[base + n] for n in names}
        data["t_delta"] = snap.scale(base + "t_delta")
        return data
    if scheme == "fillon":
        data = {n: snap[base + n] for n in ("smic_multiple", "coefficient_decimals")}
        data["t_max"] = snap.scale(base + "t_max")
        return data
    raise ValueError(f"payroll.reductions.scheme: unknown scheme {scheme!r}")


def _reduced_rates(snap: Any) -> dict[str, Any]:
    base = P + "reductions.reduced_rates."
    if not snap[base + "applies"]:
        return {"applies": False}
    names = ("health_smic_multiple", "family_smic_multiple", "smic_hourly_floor")
    return {"applies": True, **{n: snap[base + n] for n in names}}


def build_rates(snap: Any) -> FrRates:
    """Resolve all parameters of ``snap`` (a ``ParametersAt``) into an ``FrRates``."""
    values = {short: snap[name] for short, name in SIMPLE.items()}
    references = {short: snap.resolved(name).reference for short, name in SIMPLE.items()}
    references.update(
        health=references["health_employer"], family=references["family_employer"],
        fnal=references["fnal_rate_small"], training=snap.resolved(OTHER + "training").reference,
        csa=snap.resolved(OTHER + "csa_rates").reference,
        at_rate="Art. D242-6-1 CSS (rate notified to the establishment by the CARSAT)")
    scheme = snap[P + "reductions.scheme"]
    regions = ("metropolitan", "guadeloupe_reunion_martinique", "guyane_mayotte")
    grids = {r: snap.scale(P + f"withholding.{r}") for r in regions}
    years = {r: snap[P + f"withholding.grid_year.{r}"] for r in regions}
    return FrRates(
        values=values, training=snap.scale(OTHER + "training"), csa=snap.scale(OTHER + "csa_rates"), scheme=scheme,
        reduction=_reduction(snap, scheme), reduced_rates=_reduced_rates(snap),
        pas_grids=grids, pas_grid_years=years, artist_general_reduction=snap[ENT + "artist_general_reduction"],
        references=references, stale=tuple(snap.stale),
    )
