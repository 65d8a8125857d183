"""Scales, checked against external Belgian tables (shared/reference/belgium.md, sections 1.3, 1.4, 4)."""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from partage.core.params import Bracket, Brackets, ParameterNotDefined

CENT = Decimal("0.01")

# Annex III AR/CIR 92 base scale, section 1.4 step 4 (2023 / 2024 / 2025 thresholds, same rates).
BASE_SCALE = """
description: Withholding tax base scale (annual net taxable)
reference: Annex III AR/CIR 92 (key formula)
brackets:
  - threshold: {2023-01-01: {value: 0}}
    rate: {2023-01-01: {value: 0.2675}}
  - threshold: {2023-01-01: {value: 15170}, 2024-01-01: {value: 15830}, 2025-01-01: {value: 16310}}
    rate: {2023-01-01: {value: 0.428}}
  - threshold: {2023-01-01: {value: 24260}, 2024-01-01: {value: 27940}, 2025-01-01: {value: 28790}}
    rate: {2023-01-01: {value: 0.4815}}
  - threshold: {2023-01-01: {value: 46340}, 2024-01-01: {value: 48350}, 2025-01-01: {value: 49820}}
    rate: {2023-01-01: {value: 0.535}}
"""

# Exceptional allowances ("other exceptional %"), 2025, section 1.4 table.
EXCEPTIONAL = [("0", "0"), ("10415.01", "0.2322"), ("13330.01", "0.2523"), ("16960.01", "0.3028"),
               ("20340.01", "0.3533"), ("23020.01", "0.3836"), ("25710.01", "0.4038"),
               ("31070.01", "0.4341"), ("33810.01", "0.4644"), ("44770.01", "0.5148"), ("58460.01", "0.535")]

# Special social security contribution, joint taxation with spouse income, fixed part (section 1.3).
CSSS_FIXED = """
reference: Loi-programme 30 décembre 1988 (CSSS)
brackets:
  - threshold: {2022-04-01: {value: 0}}
    amount: {2022-04-01: {value: 0}}
  - threshold: {2022-04-01: {value: 1095.10}}
    amount: {2022-04-01: {value: 5.15}}
"""


def _exceptional_yaml() -> str:
    lines = ["reference: Annex III AR/CIR 92 points 53-55", "brackets:"]
    for threshold, rate in EXCEPTIONAL:
        lines += [f"  - threshold: {{2025-01-01: {{value: {threshold}}}}}", f"    rate: {{2025-01-01: {{value: {rate}}}}}"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def tree(load_tree):
    return load_tree({"pp/base.yaml": BASE_SCALE, "pp/exceptional.yaml": _exceptional_yaml(),
                      "csss/joint_fixed.yaml": CSSS_FIXED})


def test_base_tax_2025_matches_reference_example(tree):
    # Section 4.B: net annual 33,188.44 -> base tax 11,822.21 (2025 parameters).
    base = tree.at("pp.base", date(2025, 1, 1)).marginal(Decimal("33188.44"))
    assert base.quantize(CENT, ROUND_HALF_UP) == Decimal("11822.21")


def test_base_tax_2023_matches_reference_example(tree):
    # Section 4.C case 5: 15,170 x 0.2675 + (22,568.39 - 15,170) x 0.428 = 7,224.49.
    base = tree.at("pp.base", date(2023, 12, 31)).marginal(Decimal("22568.39"))
    assert base.quantize(CENT, ROUND_HALF_UP) == Decimal("7224.49")


def test_marginal_is_exact_and_unrounded(tree):
    brackets = tree.at("pp.base", date(2025, 1, 1))
    assert brackets.marginal(Decimal("16310")) == Decimal("4362.925")  # 16,310 x 26.75 %
    assert brackets.marginal(Decimal(0)) == 0 and brackets.marginal(Decimal(-5)) == 0


def test_scale_threshold_change_at_boundary(tree):
    scale = tree.get("pp.base")
    assert scale.at(date(2024, 12, 31))[1].threshold == Decimal(15830)
    assert scale.at(date(2025, 1, 1))[1] == Bracket(Decimal(16310), Decimal("0.428"), None)
    assert scale.resolve(date(2025, 1, 1)).start == date(2025, 1, 1)
    with pytest.raises(ParameterNotDefined, match=r"pp\.base.*2023-01-01"):
        scale.at(date(2022, 12, 31))


@pytest.mark.parametrize(("annual", "rate"), [
    ("10415.00", "0"), ("10415.01", "0.2322"), ("26079", "0.4038"), ("58460.00", "0.5148"),
    ("58460.01", "0.535"), ("1000000", "0.535"),
])
def test_rate_for_exceptional_allowances_2025(tree, annual, rate):
    snap = tree.at_date(date(2025, 6, 1))
    assert snap.scale("pp.exceptional").rate_for(Decimal(annual)) == Decimal(rate)


@pytest.mark.parametrize(("monthly", "amount"), [("1095.09", "0"), ("1095.10", "5.15"), ("1945.38", "5.15")])
def test_single_amount_csss_joint(tree, monthly, amount):
    assert tree.at("csss.joint_fixed", date(2025, 1, 1)).single_amount(Decimal(monthly)) == Decimal(amount)


def test_null_threshold_removes_bracket(load_tree):
    tree = load_tree({"s.yaml": """
        reference: x
        brackets:
          - {threshold: {2020-01-01: {value: 0}}, rate: {2020-01-01: {value: 0.1}}}
          - {threshold: {2020-01-01: {value: 100}, 2022-01-01: {value: null}}, rate: {2020-01-01: {value: 0.5}}}
    """})
    assert tree.at("s", date(2021, 12, 31)).marginal(Decimal(200)) == Decimal("60.0")
    assert tree.at("s", date(2022, 1, 1)) == Brackets([Bracket(Decimal(0), Decimal("0.1"))])
