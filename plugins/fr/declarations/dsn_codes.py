"""French payslip line codes (plugins/fr/payroll) -> DSN individual contributions (S21.G00.81).

Each entry: (S21.G00.81.001 contribution code, CTP of the URSSAF bordereau, S21.G00.78.001 base
code, part of the URSSAF bordereau). Only '018' (réduction générale, URSSAF part) and '106'
(AGIRC-ARRCO part) are confirmed by ../shared/reference/france.md 3.1 / 5.3; the other codes and
CTPs follow the DSN cahier technique code lists as remembered and are TO VERIFY against
the P26V01 lists before a real (non-test) DSN is sent. Lines absent here (withholding tax, which
goes to S21.G00.50) are not individual contributions.
"""
from __future__ import annotations

# line code: (contribution code, CTP, base code, URSSAF)
CODES: dict[str, tuple[str, str, str, bool]] = {
    "old_age_capped_employee": ("076", "100", "02", True),
    "old_age_capped_employer": ("076", "100", "02", True),
    "old_age_uncapped_employee": ("076", "100", "03", True),
    "old_age_uncapped_employer": ("076", "100", "03", True),
    "health_employer": ("075", "100", "03", True),
    "family_employer": ("074", "100", "03", True),
    "autonomy_solidarity": ("068", "100", "03", True),
    "work_accident": ("045", "100", "03", True),
    "fnal": ("049", "236", "03", True),
    "social_dialogue": ("027", "027", "03", True),
    "unemployment_employer": ("040", "772", "07", True),
    "ags": ("048", "937", "07", True),
    "general_reduction": ("018", "671", "03", True),
    "csg_deductible": ("072", "260", "04", True),
    "csg_non_deductible": ("073", "260", "04", True),
    "crds": ("079", "260", "04", True),
    "agirc_arrco_t1_employee": ("131", "RET", "03", False),
    "agirc_arrco_t1_employer": ("131", "RET", "03", False),
    "agirc_arrco_t2_employee": ("132", "RET", "03", False),
    "agirc_arrco_t2_employer": ("132", "RET", "03", False),
    "ceg_t1_employee": ("133", "RET", "03", False),
    "ceg_t1_employer": ("133", "RET", "03", False),
    "ceg_t2_employee": ("134", "RET", "03", False),
    "ceg_t2_employer": ("134", "RET", "03", False),
    "cet_employee": ("135", "RET", "03", False),
    "cet_employer": ("135", "RET", "03", False),
    "training": ("128", "TRN", "03", False),
    "apprenticeship_tax_main": ("130", "TRN", "03", False),
    "apprenticeship_tax_balance": ("129", "TRN", "03", False),
    "construction_effort": ("136", "PEE", "03", False),
    "apec_employee": ("137", "RET", "03", False),
    "apec_employer": ("137", "RET", "03", False),
    "provident_cadre": ("059", "PRV", "02", False),
    "unemployment_intermittent_employee": ("040", "772", "07", True),
    "unemployment_intermittent_employer": ("040", "772", "07", True),
    "unemployment_short_cdd_usage": ("040", "772", "07", True),
    "unemployment_specific_employee": ("040", "772", "07", True),
    "unemployment_specific_employer": ("040", "772", "07", True),
    "forfait_social": ("044", "437", "03", True),
}
NOT_CONTRIBUTIONS = frozenset({"withholding_tax"})
