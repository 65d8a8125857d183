"""Grid check against URSSAF's modele-social 11.1.0 (MIT, second oracle of the reference): 1,000 salaries
from 1,200 to 20,000 EUR x {2026-01, 2026-07} x headcount {20, 60}.

The values were produced by `oracle/modele_social_grid.mjs` (external, not our output). Tolerances:
- CSG/CRDS lines and the reduction: 0.01 EUR;
- every total (employee contributions, net, net taxable, employer contributions before and after the
  reduction, labour cost): half a cent per printed line it sums plus one final rounding, because our
  totals are the sums of the printed lines, each rounded half up to the cent (docs/countries/fr.md,
  "Rounding"), and modele-social keeps the amounts unrounded;
- 2026-07: modele-social 11.1.0 computes the RGDU with the June SMIC (12.31 EUR); the law keeps 12.02 EUR
  for all of 2026 (art. D241-7 CSS as amended by décret n° 2026-509 du 12 juin 2026), so the reduction
  and the amounts after it are not compared for July.
"""
from __future__ import annotations

import csv
import gzip
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from partage.plugins.fr.payroll.payslip import compute_payslip
from tests.fr_payroll.helpers import slip_input

GRID = Path(__file__).parent / "cases" / "modele_social_grid.csv.gz"
TOLERANCE = Decimal("0.01")
HALF_CENT = Decimal("0.005")
PER_LINE = ("employee_contributions", "net", "net_taxable")
CENT_FIELDS = ("csg_deductible", "csg_non_deductible", "crds")
EMPLOYER_TOTALS = ("employer_contributions_before_reduction",)
AFTER_REDUCTION = ("general_reduction", "employer_contributions", "labour_cost")
SMIC_KEPT_FROM = date(2026, 6, 1)  # modele-social 11.1.0 uses the revalued SMIC for the RGDU from here


def load_rows() -> list[dict[str, str]]:
    with gzip.open(GRID, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected(row: dict[str, str]) -> dict[str, Decimal]:
    value = {key: Decimal(text) for key, text in row.items() if key not in ("period", "headcount")}
    value["employee_contributions"] = (value["employee_total"] - value["csg_deductible"]
                                       - value["csg_non_deductible"] - value["crds"])
    value["employer_contributions_before_reduction"] = value["employer_contributions"] + value["general_reduction"]
    return value


def differences(row: dict[str, str], rates_at) -> list[str]:
    year, month = (int(x) for x in row["period"].split("-"))
    period = date(year, month, 1)
    slip = compute_payslip(slip_input(row["gross"], period, headcount=int(row["headcount"])), rates_at(period))
    totals, want = slip.totals, expected(row)
    lines = sum(1 for line in slip.lines if line.code.endswith("_employee")) + len(CENT_FIELDS)
    employer = sum(1 for line in slip.lines if line.side.value == "employer" and line.code != "general_reduction")
    limits = ({key: TOLERANCE for key in CENT_FIELDS} | {key: HALF_CENT * (lines + 1) for key in PER_LINE}
              | {key: HALF_CENT * (employer + 1) for key in EMPLOYER_TOTALS})
    if period < SMIC_KEPT_FROM:
        limits |= {"general_reduction": TOLERANCE} | {key: HALF_CENT * (employer + 2) for key in AFTER_REDUCTION[1:]}
    out = [f"{row['period']} hc={row['headcount']} {row['gross']} {key}: ours {totals[key]} oracle {want[key]}"
           for key, limit in limits.items() if abs(totals[key] - want[key]) > limit]
    if period < SMIC_KEPT_FROM and totals["general_reduction_coefficient"] != want["coefficient"]:
        out.append(f"{row['period']} {row['gross']} coefficient: ours {totals['general_reduction_coefficient']} "
                   f"oracle {want['coefficient']}")
    return out


@pytest.mark.parametrize("period, headcount", [("2026-01", "20"), ("2026-01", "60"), ("2026-07", "20"), ("2026-07", "60")])
def test_grid_within_a_cent(rates_at, period, headcount):
    rows = [row for row in load_rows() if row["period"] == period and row["headcount"] == headcount]
    assert len(rows) == 1000
    problems = [problem for row in rows for problem in differences(row, rates_at)]
    assert not problems, f"{len(problems)} differences, first: " + "; ".join(problems[:5])
