"""French payslip line codes (plugins/fr/payroll) -> DSN individual contributions (S21.G00.81).

Each entry: (S21.G00.81.001 contribution code, CTP of the URSSAF bordereau, S21.G00.78.001 base
code, part of the URSSAF bordereau). The contribution and base codes are taken from the P26V01
code lists (DSN_Ref_Code_Cotis, DSN_Code_Base_Assujettie; a test checks every one is listed):
076 vieillesse on the capped (02) and uncapped (03) gross, 075 maladie, 074 allocations
familiales, 068 CSA, 045 AT, 049 FNAL, 100 dialogue social, 040 assurance chômage and 048 AGS on
the unemployment base (07), 072 CSG (deductible and not: one code) and 079 CRDS on the CSG base
(04), 071 forfait social on its 8 % base (13), 018 réduction générale, 131 AGIRC-ARRCO (T1, T2,
CEG, CET), 132 APEC, 128 formation professionnelle, 130 taxe d'apprentissage, 059 prévoyance on
base 31 (with its component « 11 tranche A »).

The CTP codes are NOT in the DSN dictionary (an external referential, URSSAF's « Table CTP »,
not available here): 100, 236, 027, 772, 937, 671, 260, 437 are the usual ones and are TO VERIFY
against that table before a real (non-test) DSN is sent.
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
    "social_dialogue": ("100", "027", "03", True),
    "unemployment_employer": ("040", "772", "07", True),
    "unemployment_intermittent_employee": ("040", "772", "07", True),
    "unemployment_intermittent_employer": ("040", "772", "07", True),
    "unemployment_specific_employee": ("040", "772", "07", True),
    "unemployment_specific_employer": ("040", "772", "07", True),
    "unemployment_short_cdd_usage": ("041", "772", "07", True),
    "ags": ("048", "937", "07", True),
    "general_reduction": ("018", "671", "03", True),
    "csg_deductible": ("072", "260", "04", True),
    "csg_non_deductible": ("072", "260", "04", True),
    "crds": ("079", "260", "04", True),
    "forfait_social": ("071", "437", "13", True),
    "agirc_arrco_t1_employee": ("131", "", "03", False),
    "agirc_arrco_t1_employer": ("131", "", "03", False),
    "agirc_arrco_t2_employee": ("131", "", "03", False),
    "agirc_arrco_t2_employer": ("131", "", "03", False),
    "ceg_t1_employee": ("131", "", "03", False),
    "ceg_t1_employer": ("131", "", "03", False),
    "ceg_t2_employee": ("131", "", "03", False),
    "ceg_t2_employer": ("131", "", "03", False),
    "cet_employee": ("131", "", "03", False),
    "cet_employer": ("131", "", "03", False),
    "apec_employee": ("132", "", "03", False),
    "apec_employer": ("132", "", "03", False),
    "training": ("128", "", "03", False),
    "apprenticeship_tax_main": ("130", "", "03", False),
    "apprenticeship_tax_balance": ("130", "", "03", False),
    "provident_cadre": ("059", "", "31", False),
}
# Base 31 (prévoyance) needs a component S21.G00.79 of type 10-21, 23 or 24 (CCH S21.G00.79.001/CCH-11/12):
# the provident contribution's base is the tranche A (type 11).
COMPONENTS: dict[str, tuple[str, str]] = {"provident_cadre": ("31", "11")}
# Establishment contributions (S21.G00.82, under S21.G00.11): line code -> S21.G00.82.002 code
# (DSN_Code_Cotisation). The CSA (contribution supplémentaire à l'apprentissage, payroll line "csa") is
# 079 « Contribution supplémentaire à l'apprentissage (CSA) » in the P25V01 and P26V01 dictionaries
# (../shared/schemas/fr/dsn/csv-CT2025|csv-CT2026/Data_Types.csv; 079 is among the Urssaf values of
# S21.G00.82.002 in Fields.csv). It has no S21.G00.81 code: 003 there is an apprentice exemption (loi de
# 1992). Its CTP on the URSSAF bordereau (S21.G00.23) and the S21.G00.44 « assujettissement » (code taxe
# 003) are not generated yet: TO VERIFY before a real (non-test) DSN is sent.
ESTABLISHMENT: dict[str, str] = {"csa": "079"}
# Not individual contributions of the monthly DSN: the withholding tax goes to S21.G00.50; the
# construction effort (PEEC) is paid yearly to an organisation outside the DSN.
NOT_CONTRIBUTIONS = frozenset({"withholding_tax", "construction_effort"})
UNEMPLOYMENT = ("unemployment_employer", "unemployment_intermittent_employer", "unemployment_specific_employer")
RETIREMENT = ("agirc_arrco_t1_employee", "agirc_arrco_t1_employer")
