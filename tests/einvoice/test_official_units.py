"""Every official unit-test case (EN 16931 ``en16931/test``, Peppol ``peppol/unit-*``) meets its expectation.

About 2,000 cases run in ~15 s on 2 cores, so the full set runs by default. ``PARTAGE_EINVOICE_SAMPLE=N``
runs every N-th case only (deterministic), for a quicker loop.
"""
from __future__ import annotations

import os
import time

import pytest

from tests.corpora import absent_reason, require_at_collection
from tests.einvoice.conftest import TALLY
from tests.einvoice.official import cases, run_case


def _cases():
    root = require_at_collection("einvoice")
    if root is None:
        return []
    step = max(1, int(os.environ.get("PARTAGE_EINVOICE_SAMPLE", "1")))
    return cases(root)[::step]


CASES = _cases()


@pytest.mark.skipif(not CASES, reason=absent_reason("einvoice"))
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_official_case(case, compiled):
    start = time.perf_counter()
    problems = run_case(case)
    TALLY["seconds"] += time.perf_counter() - start
    TALLY["cases"] += 1
    TALLY["agree"] += not problems
    assert not problems, f"{case.name} ({case.configuration}): {problems}"


def test_the_official_sets_are_all_there(shared):
    """Guards against a partial copy of shared/: the counts of the pinned releases."""
    all_cases = cases(shared)
    assert len(all_cases) == 2003
    assert sum(c.configuration.startswith("peppol") for c in all_cases) == 863
