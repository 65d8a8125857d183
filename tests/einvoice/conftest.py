"""E-invoice fixtures: the official test corpora (../shared/einvoice: examples, unit tests) and the
packaged Schematron compiled once."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from partage.core.einvoice import engine, paths
from tests.corpora import corpus

ALL_SCHEMATRON = (paths.UBL_EN16931, paths.CII_EN16931, *paths.UBL_PEPPOL, *paths.CII_PEPPOL)
TALLY = {"cases": 0, "agree": 0, "seconds": 0.0, "compile": 0.0}


@pytest.fixture(scope="session")
def shared() -> Path:
    """The official e-invoice corpora (skip without ../shared, fail in CI)."""
    return corpus("einvoice")


@pytest.fixture(scope="session")
def compiled() -> dict[str, object]:
    """Every official Schematron compiled once for the session (later calls reuse the executables)."""
    start = time.perf_counter()
    executables = {sch: engine.schematron_executable(paths.artifact(sch)) for sch in ALL_SCHEMATRON}
    TALLY["compile"] = time.perf_counter() - start
    return executables


def pytest_terminal_summary(terminalreporter) -> None:
    if TALLY["cases"]:
        terminalreporter.write_line(
            f"einvoice: official unit-test cases as expected: {TALLY['agree']} of {TALLY['cases']} "
            f"({TALLY['seconds']:.1f} s running them; {TALLY['compile']:.1f} s compiling the Schematron)")
