"""ruff and mypy run in ``make test`` and fail it: on the tree, and on a scratch module with a defect."""
from __future__ import annotations

import subprocess
import sys

from tests.architecture.layers import ROOT
from tests.architecture.typecheck import above_baseline, baseline, errors_per_file, run_mypy

LINTED = ["cli.py", "api", "core", "plugins", "tenants", "tests", "benchmarks"]


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
                           "--config", str(ROOT / "pyproject.toml"), *args],
                          cwd=ROOT, capture_output=True, text=True)


def test_ruff_passes_on_the_tree():
    result = _ruff(*LINTED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_flags_real_defects(tmp_path):
    scratch = tmp_path / "scratch.py"
    scratch.write_text("import os\n\n\ndef f(items=[]):\n    return undefined_name + items\n", encoding="utf-8")
    result = _ruff(str(scratch))
    assert result.returncode == 1
    for code in ("F401", "F821", "B006"):  # unused import, undefined name, mutable default
        assert "scratch.py:" in result.stdout and code in result.stdout, result.stdout


def test_mypy_finds_no_error_beyond_the_baseline():
    counts = errors_per_file(run_mypy().stdout)
    assert sum(counts.values()) > 0 or baseline() == {}  # the run was parsed, not silently empty
    assert above_baseline(counts, baseline()) == {}


def test_mypy_strict_flags_a_scratch_module_the_baseline_does_not_know(tmp_path):
    scratch = tmp_path / "core" / "scratch.py"
    scratch.parent.mkdir()
    scratch.write_text("def total(amounts):\n    return sum(amounts)\n\n\ndef label(n: int) -> str:\n    return n\n",
                       encoding="utf-8")
    result = run_mypy("--strict", "--no-incremental", "--config-file", "/dev/null", "core/scratch.py", cwd=tmp_path)
    counts = errors_per_file(result.stdout)
    assert counts == {"core/scratch.py": 2}, result.stdout  # untyped def, int returned as str
    assert above_baseline(counts, baseline()) == {"core/scratch.py": (2, 0)}
