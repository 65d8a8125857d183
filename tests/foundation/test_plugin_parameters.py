"""Every shipped country parameter tree loads: dates valid, no duplicate, a reference everywhere."""
from __future__ import annotations

from datetime import date

import pytest

from partage.core.plugins import registry


@pytest.mark.parametrize("code", registry().codes())
def test_parameter_tree_loads_and_every_value_has_a_reference(code):
    tree = registry().get(code).parameters.tree()
    for name in tree.names():
        param = tree.get(name)
        resolve = getattr(param, "resolve", None)
        if resolve is None:
            continue
        try:
            resolved = resolve(date(2025, 6, 1))
        except LookupError:
            continue  # not defined on that date (e.g. starts in 2026)
        assert resolved.reference.strip(), f"{code}:{name} has no reference"
