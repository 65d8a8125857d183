"""OpenFisca-France as a test-only oracle for the French payslip (reference france.md section 11).

OpenFisca-France and OpenFisca-Core are AGPL-3.0: they are imported here, in tests and benchmarks only,
never by product code (`plugins/fr`). Extra `oracle` (`openfisca-france==176.1.8`); it pins pytest<9, so
install it apart (`pip install --target`, then PYTHONPATH): docs/countries/fr.md, "Checking against OpenFisca-France".

`load_system()` loads the tax-benefit system (about 7 s) and fixes its two known gaps (section 11.3):
1. AGS: the package keeps 0.20 %; the rate is 0.25 % since 1 July 2024 (art. L3253-18 C. trav.; décision du
   conseil d'administration de l'AGS, maintained on 1 January 2026 — see plugins/fr/parameters/.../unemployment.yaml);
2. SMIC basis: the package uses 151.67 h a month; the legal month is 1,820 h / 12 = 151.666… h
   (code du travail art. L3121-27: 35 h a week; 35 × 52 = 1,820 h a year), which moves the 4-decimal
   RGDU coefficient at rounding edges. `nb_heures_travail_mensuel` and the hours input are set to 1820/12.
`simulate()` runs one vectorised simulation for one month and returns our `Payslip.totals` keys as numpy
arrays, with OpenFisca's negative contributions flipped to positive amounts.
"""
from __future__ import annotations

from typing import Any

try:
    import numpy as np
except ImportError:  # pragma: no cover - numpy comes with openfisca-core; `available()` explains
    np = None

VERSION = "176.1.8"
HOURS = 1820 / 12  # legal full-time month (L3121-27 C. trav.): 151.666… h, not the rounded 151.67 h
AGS_RATE = 0.0025  # AGS since 2024-07-01
AGS_FROM = "2024-07-01"

# our totals key -> (OpenFisca variable, sign to apply)
OUTPUTS: dict[str, tuple[str, int]] = {
    "employee_contributions": ("cotisations_salariales", -1),  # excluding CSG/CRDS
    "csg_deductible": ("csg_deductible_salaire", -1),
    "csg_non_deductible": ("csg_imposable_salaire", -1),
    "crds": ("crds_salaire", -1),
    "net": ("salaire_net", 1),  # before withholding (PAS)
    "net_taxable": ("salaire_imposable", 1),
    "employer_contributions_before_reduction": ("cotisations_employeur", -1),
    "general_reduction": ("allegement_general", 1),
    "general_reduction_coefficient": ("taux_allegement_general", 1),
    "labour_cost": ("cout_du_travail", 1),
}
EXTRA = ("exonerations", "salaire_super_brut", "smic_proratise", "cotisations_salariales")

# Every term of OpenFisca's `cotisations_employeur` for 2019+ (travail_totaux.py, formula_2019_01_01, with
# `cotisations_employeur_main_d_oeuvre` and the CUFPA expanded), so its lines can be rounded one by one.
EMPLOYER_LINES = (
    "ags", "agirc_arrco_employeur", "apec_employeur", "chomage_employeur",
    "contribution_equilibre_general_employeur", "contribution_equilibre_technique_employeur",
    "vieillesse_deplafonnee_employeur", "vieillesse_plafonnee_employeur", "fonds_emploi_hospitalier",
    "ircantec_employeur", "pension_employeur", "rafp_employeur", "ati_atiacl", "accident_du_travail",
    "contribution_solidarite_autonomie", "famille_net_allegement", "mmid_employeur_net_allegement",
    "taxe_salaires", "forfait_social", "conge_individuel_formation_cdd", "contribution_developpement_apprentissage",
    "contribution_supplementaire_apprentissage", "financement_organisations_syndicales", "fnal",
    "participation_effort_construction", "prevoyance_obligatoire_cadre", "prevoyance_complementaire_employeur",
    "complementaire_sante_employeur", "versement_transport", "contribution_formation_professionnelle",
    "taxe_apprentissage",
)


def available() -> str | None:
    """None when the oracle can run, else the reason it cannot (for `pytest.skip`)."""
    try:
        import openfisca_france  # noqa: F401
        from importlib.metadata import version
    except ImportError as exc:  # pragma: no cover - depends on the environment
        return (f"openfisca-france is not importable ({exc}); install the test-only oracle with "
                f"`pip install 'openfisca-france=={VERSION}'` (extra `oracle`, AGPL, never used by product code; "
                "it pins pytest<9, so install it apart: docs/countries/fr.md, 'Checking against OpenFisca-France')")
    found = version("openfisca-france")
    if found != VERSION:
        return f"openfisca-france {found} installed, the oracle comparison is pinned to {VERSION}"
    return None


def load_system() -> Any:
    """The France tax-benefit system with AGS 0.25 % and the 1,820 h SMIC basis (the two known gaps fixed)."""
    from openfisca_france import FranceTaxBenefitSystem

    system = FranceTaxBenefitSystem()
    parameters = system.parameters
    # `cotsoc` is built by the package's preprocessing; its children are only reachable through `.children`.
    employer = parameters.cotsoc.cotisations_employeur.children
    for category in ("prive_non_cadre", "prive_cadre"):
        employer[category].children["ags"].brackets[0].rate.update(start=AGS_FROM, value=AGS_RATE)
    parameters.marche_travail.salaire_minimum.smic.nb_heures_travail_mensuel.update(start="2024-01-01", value=HOURS)
    system._parameters_at_instant_cache = {}  # nothing computed yet, but be explicit
    return system


def simulate(system: Any, period: str, gross: np.ndarray, headcount: int,
             at_rate: float = 0.0064) -> dict[str, np.ndarray]:
    """One vectorised simulation of full-time non-cadre payslips for the month `period` ("2026-01")."""
    from openfisca_core.simulation_builder import SimulationBuilder

    count = len(gross)
    sim = SimulationBuilder().build_default_simulation(system, count=count)
    sim.set_input("salaire_de_base", period, np.asarray(gross, dtype=float))
    sim.set_input("categorie_salarie", period, np.array(["prive_non_cadre"] * count))
    sim.set_input("contrat_de_travail", period, np.array(["temps_plein"] * count))
    sim.set_input("heures_remunerees_volume", period, np.full(count, HOURS))
    sim.set_input("effectif_entreprise", period, np.full(count, headcount))
    sim.set_input("taux_accident_travail", period, np.full(count, at_rate))
    sim.set_input("redevable_taxe_apprentissage", period, np.full(count, True))
    sim.set_input("allegement_general_mode_recouvrement", period, np.array(["anticipe"] * count))
    out = {key: sign * sim.calculate(name, period).astype(np.float64) for key, (name, sign) in OUTPUTS.items()}
    for name in EXTRA:
        out[name] = sim.calculate(name, period).astype(np.float64)
    lines = np.stack([-sim.calculate(name, period).astype(np.float64) for name in EMPLOYER_LINES])
    out["employer_lines_exact_sum"] = lines.sum(axis=0)
    out["employer_lines_rounded_cents"] = cents(lines).sum(axis=0)  # each line rounded, as on a payslip
    # after the reduction: before − RGDU − other exemptions (france.md 11.2)
    out["employer_contributions"] = (out["employer_contributions_before_reduction"]
                                     - out["general_reduction"] - out["exonerations"])
    return out


def cents(values: np.ndarray) -> np.ndarray:
    """OpenFisca's (unrounded, float32) amounts in integer cents, half up."""
    return np.floor(np.asarray(values, dtype=np.float64) * 100 + 0.5).astype(np.int64)
