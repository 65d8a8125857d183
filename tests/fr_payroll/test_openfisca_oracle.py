"""Our French payslip against OpenFisca-France 176.1.8 (test-only AGPL oracle) on a grid of salaries.

2,000 deterministic gross salaries from 1,200 to 20,000 EUR × {2026-01, 2026-07} × headcount {20, 60},
full-time non-cadre, AT/MP 0.64 %, taxe d'apprentissage due, RGDU "anticipé", OpenFisca's two known gaps
fixed (AGS 0.25 %, SMIC basis 1,820 h: see `openfisca_oracle.py`). One vectorised OpenFisca simulation per
(period, headcount); the tax-benefit system is loaded once per session.

Every compared output must be within 0.01 EUR of OpenFisca's value rounded to the cent. One named,
narrowly scoped exception, `LINE_ROUNDING` (for the four outputs that are sums of lines), is documented
below and checked against the oracle's own lines; the agreement figures are printed (`-s`).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.fr_payroll import openfisca_oracle as oracle

REASON = oracle.available()
pytestmark = pytest.mark.skipif(REASON is not None, reason=REASON or "")

if REASON is None:
    import numpy as np

from partage.plugins.fr.payroll import FrenchPayroll, FrPayslipInput  # noqa: E402
from partage.core.payroll.types import Side  # noqa: E402

N = 2000
LOW, HIGH = Decimal(1200), Decimal(20000)
PERIODS = ("2026-01", "2026-07")
HEADCOUNTS = (20, 60)
AT_RATE = Decimal("0.0064")
AMOUNTS = (
    "employee_contributions", "csg_deductible", "csg_non_deductible", "crds", "net", "net_taxable",
    "employer_contributions_before_reduction", "general_reduction", "employer_contributions", "labour_cost",
)
# LINE_ROUNDING — both sides round each printed line half up to the cent (table B requires it; the payslip
# shows each contribution's amount, art. R3243-1 C. trav.), but the totals are built differently:
# * employer side: we sum the exact amounts and round once (as URSSAF's modele-social does); OpenFisca
#   rounds 12 of its lines inside `apply_bareme` and leaves AT/MP and formation professionnelle unrounded,
#   so its total is a mix. Up to ~14 half cents apart: measured 2-3 cents on ~15 % of the grid.
# * net: OpenFisca subtracts the exact CSG/CRDS from the gross and computes in float32; e.g. at
#   10,501.25 EUR the employee vieillesse déplafonnée is 0.40 % × 10,501.25 = 42.005 exactly → 42.01 half
#   up, OpenFisca's float32 gives 42.00; its net 8,375.3652 then rounds to 8,375.37, ours is 8,375.35
#   (exact 8,375.3546).
# Where (and only where) the direct check fails for these outputs, our total rebuilt from our printed lines
# must instead agree with OpenFisca's total rebuilt from its lines each rounded to the cent, within one cent
# per line that can legitimately round differently:
# - lines printed differently: we print the taxe d'apprentissage as 0.59 % + 0.09 % (art. L6241-1 and
#   L6241-2 II C. trav.) and, above the ceiling, AGIRC-ARRCO and CEG as T1 + T2 lines (ANI du 17 novembre
#   2017: each tranche has its own rate); OpenFisca prints one line each;
# - exact half-cent ties (base × rate ending in 5 at the third decimal, e.g. FNAL 0.10 % × 4,005 = 4.005):
#   half up gives the upper cent, OpenFisca's float32 often lands just below (as in table B's xfails).
# The slack is counted per payslip from our own lines; it is never a fixed tolerance.
MAX_LINE_ROUNDING_GAP = 5  # cents; guard on the totals themselves under LINE_ROUNDING (measured max: 3)
LINE_ROUNDING = ("net", "employer_contributions_before_reduction", "employer_contributions", "labour_cost")


def grid() -> list[Decimal]:
    step = (HIGH - LOW) / (N - 1)
    return [(LOW + step * i).quantize(Decimal("0.01")) for i in range(N)]


def _cents(value: Decimal) -> int:
    return int((value * 100).to_integral_value())


@pytest.fixture(scope="session")
def of_system():
    return oracle.load_system()  # ~7-9 s, once


@pytest.fixture(scope="module")
def results(of_system, tree):
    salaries = grid()
    gross = np.array([float(s) for s in salaries])
    out = {}
    for period in PERIODS:
        year, month = (int(x) for x in period.split("-"))
        for headcount in HEADCOUNTS:
            of = oracle.simulate(of_system, period, gross, headcount, float(AT_RATE))
            slips = FrenchPayroll().compute_batch(
                [FrPayslipInput(date(year, month, 1), s, headcount, AT_RATE) for s in salaries], tree)
            ours = {k: np.array([_cents(s.totals[k]) for s in slips]) for k in AMOUNTS}
            ours["general_reduction_coefficient"] = np.array(
                [int(s.totals["general_reduction_coefficient"] * 10000) for s in slips])
            printed = {side: np.array([_cents(sum((l.amount for l in s.lines if l.side is side
                                                   and l.code not in ("general_reduction", "withholding_tax")),
                                                  Decimal(0))) for s in slips]) for side in Side}
            ours["printed_employer_lines"] = printed[Side.EMPLOYER]
            ours["printed_employee_lines"] = printed[Side.EMPLOYEE]  # incl. printed CSG/CRDS
            ours["slack_employer"] = np.array([1 + 2 * (s.gross > s.totals["ceiling"]) + _ties(s, Side.EMPLOYER)
                                               for s in slips])
            ours["slack_employee"] = np.array([2 * (s.gross > s.totals["ceiling"]) + _ties(s, Side.EMPLOYEE)
                                               for s in slips])
            out[period, headcount] = salaries, gross, ours, of
    return out


def _ties(slip, side) -> int:
    """Printed lines of `side` whose exact amount (base × rate) is a half-cent tie."""
    return sum(1 for l in slip.lines if l.side is side and l.base is not None and l.rate is not None
               and (l.base * l.rate * 200) % 2 == 1)


def _rebuilt(key: str, gross: np.ndarray, of: dict) -> np.ndarray:
    """OpenFisca's total rebuilt from its lines, each rounded to the cent."""
    lines = of["employer_lines_rounded_cents"]
    reduction = oracle.cents(of["general_reduction"]) + oracle.cents(of["exonerations"])
    if key == "employer_contributions_before_reduction":
        return lines
    if key == "employer_contributions":
        return lines - reduction
    if key == "labour_cost":
        return oracle.cents(gross) + lines - reduction
    assert key == "net"
    return oracle.cents(gross) - sum(oracle.cents(of[k]) for k in
                                     ("employee_contributions", "csg_deductible", "csg_non_deductible", "crds"))


def _ours_rebuilt(key: str, gross: np.ndarray, ours: dict) -> np.ndarray:
    """Our total rebuilt from our printed lines (same construction as `_rebuilt`)."""
    lines = ours["printed_employer_lines"]
    if key == "employer_contributions_before_reduction":
        return lines
    if key == "employer_contributions":
        return lines - ours["general_reduction"]
    if key == "labour_cost":
        return oracle.cents(gross) + lines - ours["general_reduction"]
    return oracle.cents(gross) - ours["printed_employee_lines"]


def compare(key: str, gross: np.ndarray, ours: dict, of: dict) -> tuple[np.ndarray, np.ndarray]:
    """(direct agreement within 0.01, agreement accepted under LINE_ROUNDING) masks."""
    direct = np.abs(ours[key] - oracle.cents(of[key])) <= 1
    by_lines = np.zeros_like(direct)
    if key in LINE_ROUNDING:
        slack = ours["slack_employee"] if key == "net" else ours["slack_employer"]
        by_lines = (~direct & (np.abs(_ours_rebuilt(key, gross, ours) - _rebuilt(key, gross, of)) <= slack)
                    & (np.abs(ours[key] - oracle.cents(of[key])) <= MAX_LINE_ROUNDING_GAP))
    return direct, by_lines


def test_grid_is_deterministic_and_wide():
    salaries = grid()
    assert len(set(salaries)) == N >= 1000 and salaries[0] == LOW and salaries[-1] == HIGH
    assert grid() == salaries


@pytest.mark.parametrize("headcount", HEADCOUNTS)
@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("key", AMOUNTS)
def test_output_agrees_within_a_cent(results, key, period, headcount):
    salaries, gross, ours, of = results[period, headcount]
    direct, by_lines = compare(key, gross, ours, of)
    bad = np.nonzero(~(direct | by_lines))[0]
    assert not len(bad), [(str(salaries[i]), ours[key][i] / 100, float(of[key][i])) for i in bad[:10]]
    if key not in LINE_ROUNDING:
        assert not by_lines.any()


@pytest.mark.parametrize("headcount", HEADCOUNTS)
@pytest.mark.parametrize("period", PERIODS)
def test_reduction_coefficient_is_identical(results, period, headcount):
    salaries, _, ours, of = results[period, headcount]
    theirs = np.rint(of["general_reduction_coefficient"] * 10000).astype(np.int64)
    bad = np.nonzero(ours["general_reduction_coefficient"] != theirs)[0]
    assert not len(bad), [(str(salaries[i]), ours["general_reduction_coefficient"][i], theirs[i]) for i in bad[:10]]


def test_oracle_employer_line_list_is_complete(results):
    """LINE_ROUNDING rebuilds OpenFisca's employer total from EMPLOYER_LINES: they must add up to it."""
    for _, _, _, of in results.values():
        assert np.abs(of["employer_lines_exact_sum"] - of["employer_contributions_before_reduction"]).max() < 0.01
        assert np.abs(of["exonerations"]).max() == 0  # nothing but the RGDU between before and after
        assert np.abs(of["labour_cost"] - of["salaire_super_brut"]).max() < 0.01  # no deferred aid


def test_july_reduction_keeps_the_12_02_smic(results):
    """Décret 2026-509: the RGDU keeps SMIC 12.02 EUR all 2026; OpenFisca's `smic_proratise` follows 12.31."""
    january, july = results["2026-01", 20], results["2026-07", 20]
    assert np.allclose(july[3]["smic_proratise"], 12.31 * oracle.HOURS, atol=0.01)
    assert np.allclose(january[3]["smic_proratise"], 12.02 * oracle.HOURS, atol=0.01)
    assert (july[3]["general_reduction_coefficient"] == january[3]["general_reduction_coefficient"]).all()
    assert (july[2]["general_reduction_coefficient"] == january[2]["general_reduction_coefficient"]).all()


def test_agreement_summary(results, capsys):
    """N of M values within 0.01 EUR (printed with `-s`); LINE_ROUNDING must stay an exception."""
    total = direct_ok = by_lines_ok = 0
    per_key: dict[str, int] = {}
    for salaries, gross, ours, of in results.values():
        for key in AMOUNTS:
            direct, by_lines = compare(key, gross, ours, of)
            total += len(salaries)
            direct_ok += int(direct.sum())
            by_lines_ok += int(by_lines.sum())
            per_key[key] = per_key.get(key, 0) + int(by_lines.sum())
    with capsys.disabled():
        print(f"\nOpenFisca-France {oracle.VERSION} grid: {direct_ok} of {total} values within 0.01 EUR of "
              f"OpenFisca's outputs; {by_lines_ok} more agree with OpenFisca's lines rounded one by one, "
              f"within one cent per differently printed line or half-cent tie (LINE_ROUNDING: {', '.join(f'{k} {v}' for k, v in per_key.items() if v)}); "
              f"{total - direct_ok - by_lines_ok} outside.")
    assert direct_ok + by_lines_ok == total
    assert by_lines_ok < total * 0.05
