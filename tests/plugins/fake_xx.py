"""A stand-in third-party country plugin ("partage-country-xx"), for registry tests."""
from __future__ import annotations

from partage.core.plugins import IdentifierTable


def _digits(value: str) -> str:
    if not value.isdigit():
        raise ValueError("digits only")
    return value


class _Plugin:
    def __init__(self, code: str, *, with_identifiers: bool = True) -> None:
        self.code = code
        self.name = f"Testland {code}"
        self.locales = ("en",)
        if with_identifiers:
            self.identifiers = IdentifierTable(
                {"pid": _digits}, person_kind="pid", company_kind="pid", vat_kind="pid"
            )


class _HalfPayroll:
    def compute_batch(self, inputs, params):  # simulate_command() is missing
        return []

    def input_from(self, facts):
        return facts


plugin = _Plugin("xx")
twin = _Plugin("xx")  # a second package claiming the same country code
bare = _Plugin("yy", with_identifiers=False)  # offers no capability at all
shouty = _Plugin("XX")  # not a lowercase ISO 3166 alpha-2 code
nameless = object()  # not a country plugin
halfway = _Plugin("xx")
halfway.payroll = _HalfPayroll()  # type: ignore[attr-defined]
