"""Contribution supplémentaire à l'apprentissage (CSA) and the PAS grid in force in January-April 2025.

CSA: art. L6242-1 Code du travail (employers of 250 or more liable to the taxe d'apprentissage; 0.40 %
of the pay under a 1 % share of work-study contracts, 0.60 % from 2,000 employees; 0.20 %, 0.10 %,
0.05 % from 1 %, 2 %, 3 %; nothing from 5 %), checked by hand and against OpenFisca-France's
`contribution_supplementaire_apprentissage` (test-only oracle) on the same inputs.
PAS: the 2024 neutral grid is the legal grid until 30 April 2025 (Loi n° 2025-127 du 14 février 2025).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from click.testing import CliRunner

from partage.plugins.fr.payroll import FrenchPayroll, PayrollInputError
from partage.plugins.fr.payroll.command import simulate
from tests.fr_payroll import openfisca_oracle as oracle
from tests.fr_payroll.helpers import slip_input

PAYROLL = FrenchPayroll()


def csa(gross: str, **kw) -> D | None:
    slip = PAYROLL.compute_batch([slip_input(gross, **kw)])[0]
    found = [line.amount for line in slip.lines if line.code == "csa"]
    return found[0] if found else None


@pytest.mark.parametrize("headcount, share, expected", [
    (249, None, None),                  # below 250: not due
    (250, None, D("12.00")),            # share not given: due at 0.40 % (3,000 x 0.40 %)
    (250, D("0.009"), D("12.00")),
    (250, D("0.01"), D("6.00")),        # 0.20 %
    (1999, D("0.025"), D("3.00")),      # 0.10 %
    (300, D("0.03"), D("1.50")),        # 0.05 %
    (300, D("0.0499"), D("1.50")),
    (300, D("0.05"), None),             # 5 % or more: exempt
    (2000, None, D("18.00")),           # 0.60 % from 2,000 employees
    (2000, D("0.015"), D("6.00")),      # the higher rate is for a share under 1 % only
])
def test_csa_rate_by_headcount_and_work_study_share(headcount, share, expected):
    assert csa("3000.00", headcount=headcount, work_study_share=share) == expected


def test_csa_not_due_without_apprenticeship_tax():
    assert csa("3000.00", headcount=500, apprenticeship_tax_liable=False) is None


def test_csa_columns_equal_scalar(tree):
    inputs = [slip_input(g, headcount=h, work_study_share=s) for g in ("1900.00", "3000.00", "12345.67")
              for h in (249, 250, 2000) for s in (None, D("0.005"), D("0.015"), D("0.035"), D("0.06"))]
    assert PAYROLL.compute_columns(inputs, tree).payslips() == PAYROLL.compute_batch(inputs, tree)


def test_work_study_share_is_a_fraction():
    with pytest.raises(PayrollInputError) as info:
        slip_input("3000.00", work_study_share=D("3"))
    assert info.value.field == "work_study_share"


def test_cli_lists_and_takes_the_work_study_share():
    runner = CliRunner()
    assert "--work-study-share" in runner.invoke(simulate, ["--help"]).output
    args = ["--period", "2026-01", "--gross", "3000", "--headcount", "300", "--at-rate", "0.0064", "--json"]
    due = runner.invoke(simulate, args)
    exempt = runner.invoke(simulate, args + ["--work-study-share", "0.06"])
    assert due.exit_code == exempt.exit_code == 0
    assert '"employer_contributions_before_reduction"' in due.output
    before = lambda out: D(out.split('"employer_contributions_before_reduction": "')[1].split('"')[0])  # noqa: E731
    assert before(due.output) - before(exempt.output) == D("12.00")
    bad = runner.invoke(simulate, args + ["--work-study-share", "2"])
    assert bad.exit_code == 2 and "--work-study-share" in bad.output


@pytest.mark.skipif(oracle.available() is not None, reason=oracle.available() or "")
@pytest.mark.parametrize("headcount, share", [(250, 0.0), (300, 0.015), (600, 0.025), (800, 0.035),
                                              (1000, 0.06), (2500, 0.0), (2500, 0.012)])
def test_csa_agrees_with_openfisca(headcount, share):
    import numpy as np
    from openfisca_core.simulation_builder import SimulationBuilder

    system = oracle.load_system()
    salaries = ["1900.00", "3000.00", "7777.77"]
    sim = SimulationBuilder().build_default_simulation(system, count=len(salaries))
    period = "2026-01"
    sim.set_input("salaire_de_base", period, np.array([float(s) for s in salaries]))
    sim.set_input("categorie_salarie", period, np.array(["prive_non_cadre"] * len(salaries)))
    sim.set_input("effectif_entreprise", period, np.full(len(salaries), headcount))
    sim.set_input("redevable_taxe_apprentissage", period, np.full(len(salaries), True))
    sim.set_input("ratio_alternants", period, np.full(len(salaries), share))
    theirs = -sim.calculate("contribution_supplementaire_apprentissage", period)
    for gross, value in zip(salaries, theirs):
        ours = csa(gross, headcount=headcount, work_study_share=D(str(share))) or D(0)
        assert abs(ours - D(str(round(float(value), 2)))) <= D("0.01"), (gross, headcount, share, ours, value)


@pytest.mark.parametrize("month", [1, 2, 3, 4])
def test_2024_grid_in_force_january_to_april_2025_without_warning(month):
    slip = PAYROLL.compute_batch([slip_input("3000.00", date(2025, month, 1))])[0]
    assert not any("pas_grid_outdated" in w for w in slip.warnings)
    december = PAYROLL.compute_batch([slip_input("3000.00", date(2024, 12, 1))])[0]
    rate = lambda s: next(line.rate for line in s.lines if line.code == "withholding_tax")  # noqa: E731
    assert rate(slip) == rate(december)   # the 2024 grid, same bracket for the same pay


def test_2025_grid_from_may_2025():
    may = PAYROLL.compute_batch([slip_input("3000.00", date(2025, 5, 1))])[0]
    assert not any("pas_grid_outdated" in w for w in may.warnings)
