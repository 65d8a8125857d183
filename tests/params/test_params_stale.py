"""Values resolved more than 12 months after ``last_reviewed`` are flagged stale."""
from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def tree(load_tree):
    return load_tree({
        "index.yaml": "last_reviewed: 2024-03-15\n",
        "a.yaml": "reference: x\nvalues: {2020-01-01: 1}\n",
        "b.yaml": "reference: x\nlast_reviewed: 2024-02-29\nvalues: {2020-01-01: 2}\n",
        "c.yaml": """
            metadata: {last_reviewed: 2025-06-01}
            reference: x
            brackets:
              - {threshold: {2020-01-01: {value: 0}}, rate: {2020-01-01: {value: 0.1}}}
        """,
        "never/d.yaml": "reference: x\nvalues: {2020-01-01: 3}\n",
        "never/index.yaml": "description: inherits root review date\n",
    })


@pytest.mark.parametrize(("name", "last_ok"), [
    ("a", date(2025, 3, 15)),   # inherited from the root index.yaml
    ("b", date(2025, 2, 28)),   # parameter-level wins; 29 February + 12 months
    ("c", date(2026, 6, 1)),    # metadata.last_reviewed on a scale
    ("never.d", date(2025, 3, 15)),
])
def test_stale_after_exactly_twelve_months(tree, name, last_ok):
    item = tree.get(name)
    assert item.resolve(last_ok).stale is False
    assert item.resolve(date.fromordinal(last_ok.toordinal() + 1)).stale is True


def test_no_last_reviewed_is_never_stale(load_tree):
    tree = load_tree({"a.yaml": "reference: x\nvalues: {2000-01-01: 1}\n"})
    assert tree.get("a").resolve(date(2099, 1, 1)).stale is False


def test_snapshot_collects_stale_names(tree):
    snap = tree.at_date(date(2025, 3, 16))
    snap["a"], snap["b"], snap["a"]
    snap.scale("c")
    assert snap.stale == ("a", "b")
