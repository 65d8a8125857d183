"""The large official test corpora (examples, unit tests, reference schemas) kept in ``../shared``
beside the repository for development and CI; the product never reads them (it ships what it runs
with, ``core/resources``, ``plugins/<cc>/resources``).

``corpus("einvoice")`` is the folder, or a skip with the reason on a clone without it, and a failure
in CI (``PARTAGE_REQUIRE_SERVICES=1`` or ``CI=true``), where the corpora must be there.
``PARTAGE_SHARED_DIR`` (tests only) points at another copy.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shared_root() -> Path:
    return Path(os.environ.get("PARTAGE_SHARED_DIR") or ROOT.parent / "shared")


def in_ci() -> bool:
    return os.environ.get("PARTAGE_REQUIRE_SERVICES") == "1" or os.environ.get("CI", "").lower() == "true"


def find(*parts: str) -> Path | None:
    """The corpus folder or file, or None when this checkout has no ../shared."""
    path = shared_root().joinpath(*parts)
    return path if path.exists() else None


def absent_reason(*parts: str) -> str:
    return (f"official corpus {'/'.join(parts)} not found under {shared_root()} "
            "(../shared beside the repository, or PARTAGE_SHARED_DIR)")


def corpus(*parts: str) -> Path:
    """The folder (or file), else skip (a clone without ../shared) or fail (CI)."""
    path = find(*parts)
    if path is None:
        if in_ci():
            pytest.fail(f"required in CI: {absent_reason(*parts)}")
        pytest.skip(absent_reason(*parts))
    return path


def require_at_collection(*parts: str) -> Path | None:
    """For parametrised tests built at import time: the path, or None (tests then skip with
    ``absent_reason``); in CI a missing corpus is an error at collection."""
    path = find(*parts)
    if path is None and in_ci():
        raise RuntimeError(f"required in CI: {absent_reason(*parts)}")
    return path
