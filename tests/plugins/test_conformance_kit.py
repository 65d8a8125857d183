"""The conformance kit accepts our plugins and catches a broken one."""
from __future__ import annotations

import pytest

from partage.core.plugins import registry
from partage.core.plugins.conformance import check_plugin


@pytest.mark.parametrize("code", registry().codes())
def test_first_party_plugins_conform(code):
    assert check_plugin(registry().get(code)) == []


class _LaxIdentifiers:
    kinds = ("id",)
    person_kind = company_kind = "id"
    vat_kind = "vat"

    def validate(self, kind: str, value: str) -> str:
        return value


class _BrokenPlugin:
    code, name, locales = "XX", "", ("english",)
    identifiers = _LaxIdentifiers()


def test_kit_reports_each_problem_of_a_broken_plugin():
    problems = " | ".join(check_plugin(_BrokenPlugin()))
    for expected in ("code 'XX'", "name is empty", "locales", "vat_kind = 'vat'",
                     "accepted 'not-a-number'"):
        assert expected in problems
