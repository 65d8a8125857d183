"""Loading, naming, dated lookups and Decimal exactness."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from partage.core.params import Parameter, ParameterNotDefined, load_parameters

RATE = """
description: Employee social security contribution rate
reference: Loi du 29 juin 1981, art. 38 §2
unit: /1
values:
  2021-01-01:
    value: 0.1307
  2026-07-01:
    value: 0.1308
    reference: hypothetical amending law
  2027-01-01:
    value: null
"""


def test_decimal_built_from_yaml_text(load_tree):
    tree = load_tree({"ss/employee/rate.yaml": RATE})
    value = tree.at("ss.employee.rate", date(2025, 1, 1))
    assert type(value) is Decimal
    assert value.as_tuple() == Decimal("0.1307").as_tuple()  # exact digits, not a float approximation
    assert str(value) == "0.1307"


def test_ints_and_sums_are_exact(load_tree):
    tree = load_tree({"n.yaml": """
        reference: test
        a: {values: {2020-01-01: {value: 0.1}}}
        b: {values: {2020-01-01: {value: 0.2}}}
        c: {values: {2020-01-01: {value: 1_000}}}
    """})
    d = date(2021, 1, 1)
    assert tree.at("n.a", d) + tree.at("n.b", d) == Decimal("0.3")
    assert tree.at("n.c", d) == Decimal(1000) and type(tree.at("n.c", d)) is Decimal


def test_names_from_dirs_files_and_node_keys(load_tree):
    tree = load_tree({
        "index.yaml": "reference: root ref\n",
        "ss/employee/rate.yaml": RATE,
        "tax/node.yaml": """
            description: a node file
            child: {values: {2020-01-01: {value: 1}}}
            sub:
              leaf: {values: {2020-01-01: {value: 2}}}
        """,
        "README.md": "not a parameter",
    })
    assert tree.names() == ["ss.employee.rate", "tax.node.child", "tax.node.sub.leaf"]
    assert isinstance(tree.get("tax.node.sub.leaf"), Parameter)
    assert tree.get("tax.node.child").resolve(date(2020, 1, 1)).reference == "root ref"


@pytest.mark.parametrize(("day", "expected"), [
    (date(2021, 1, 1), "0.1307"),
    (date(2026, 6, 30), "0.1307"),
    (date(2026, 7, 1), "0.1308"),
    (date(2026, 12, 31), "0.1308"),
])
def test_boundary_dates(load_tree, day, expected):
    tree = load_tree({"ss/employee/rate.yaml": RATE})
    assert tree.at("ss.employee.rate", day) == Decimal(expected)


def test_before_first_date_names_parameter_and_first_date(load_tree):
    tree = load_tree({"ss/employee/rate.yaml": RATE})
    with pytest.raises(ParameterNotDefined, match=r"ss\.employee\.rate.*2021-01-01"):
        tree.at("ss.employee.rate", date(2021, 1, 1) - timedelta(days=1))


def test_null_value_means_not_defined_from_that_date(load_tree):
    tree = load_tree({"ss/employee/rate.yaml": RATE})
    assert tree.at("ss.employee.rate", date(2026, 12, 31)) == Decimal("0.1308")
    with pytest.raises(ParameterNotDefined, match=r"ss\.employee\.rate.*null from 2027-01-01"):
        tree.at("ss.employee.rate", date(2027, 1, 1))


def test_resolve_gives_start_and_value_reference(load_tree):
    tree = load_tree({"ss/employee/rate.yaml": RATE})
    first = tree.get("ss.employee.rate").resolve(date(2025, 5, 5))
    assert (first.name, first.start, first.reference, first.stale) == (
        "ss.employee.rate", date(2021, 1, 1), "Loi du 29 juin 1981, art. 38 §2", False)
    later = tree.get("ss.employee.rate").resolve(date(2026, 7, 1))
    assert (later.start, later.reference) == (date(2026, 7, 1), "hypothetical amending law")


def test_text_bool_metadata_reference_and_shorthand(load_tree):
    tree = load_tree({"p.yaml": """
        metadata:
          reference: {title: Code, href: "https://example.org/code"}
        label_text: {values: {2020-01-01: {value: CP 200}}}
        flag: {values: {2020-01-01: true, 2022-01-01: false}}
    """})
    assert tree.at("p.label_text", date(2020, 1, 1)) == "CP 200"
    assert tree.at("p.flag", date(2021, 12, 31)) is True
    assert tree.at("p.flag", date(2022, 1, 1)) is False
    assert tree.get("p.flag").resolve(date(2020, 1, 1)).reference == "Code https://example.org/code"


def test_unknown_name(load_tree):
    tree = load_tree({"ss/employee/rate.yaml": RATE})
    with pytest.raises(ParameterNotDefined, match="ss.employee.rat'.*did you mean ss.employee.rate"):
        tree.get("ss.employee.rat")


def test_loading_is_cached_per_directory(write_tree):
    root = write_tree({"ss/employee/rate.yaml": RATE})
    other = write_tree({"ss/employee/rate.yaml": RATE})
    assert load_parameters(root) is load_parameters(str(root))
    assert load_parameters(other) is not load_parameters(root)


def test_snapshot_values_and_memo(load_tree):
    tree = load_tree({"ss/employee/rate.yaml": RATE})
    snap = tree.at_date(date(2026, 7, 1))
    assert snap["ss.employee.rate"] == Decimal("0.1308")
    assert snap.resolved("ss.employee.rate").start == date(2026, 7, 1)
    assert snap["ss.employee.rate"] is snap["ss.employee.rate"]
    assert snap.stale == ()


def test_openfisca_dated_reference_list(load_tree):
    tree = load_tree({"p.yaml": """
        metadata:
          reference:
            2020-01-01:
              - {title: Law A, href: "https://a"}
            2022-01-01: Law B
        values: {2020-01-01: {value: 1}}
    """})
    assert tree.get("p").resolve(date(2020, 1, 1)).reference == "Law A https://a; Law B"


def test_snapshot_scale_on_single_value_is_an_error(load_tree):
    from partage.core.params import ParameterError

    snap = load_tree({"ss/employee/rate.yaml": RATE}).at_date(date(2025, 1, 1))
    with pytest.raises(ParameterError, match="not a scale"):
        snap.scale("ss.employee.rate")
