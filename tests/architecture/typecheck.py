"""mypy over the product code, against a per-file baseline of the errors that predate the check.

``python -m tests.architecture.typecheck`` rewrites the baseline from a fresh run (do it only when a
file's count went down, or at a merge that re-counted the tree).
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASELINE = Path(__file__).with_name("mypy_baseline.json")
ERROR = re.compile(r"^(?P<path>[^:\s]+\.py):\d+(?::\d+)?: error: ")


def run_mypy(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """mypy with the project's configuration (``pyproject.toml``) unless ``args`` say otherwise."""
    result = subprocess.run([sys.executable, "-m", "mypy", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode not in (0, 1):  # 2: mypy itself failed (bad config, crash)
        raise RuntimeError(f"mypy did not run: {result.stderr or result.stdout}")
    return result


def errors_per_file(output: str) -> Counter[str]:
    return Counter(m["path"] for line in output.splitlines() if (m := ERROR.match(line)))


def baseline() -> dict[str, int]:
    counts: dict[str, int] = json.loads(BASELINE.read_text(encoding="utf-8"))
    return counts


def above_baseline(counts: Counter[str], allowed: dict[str, int]) -> dict[str, tuple[int, int]]:
    """Files with more errors than the baseline allows: ``{path: (found, allowed)}``."""
    return {path: (n, allowed.get(path, 0)) for path, n in sorted(counts.items()) if n > allowed.get(path, 0)}


def main() -> None:
    counts = errors_per_file(run_mypy().stdout)
    BASELINE.write_text(json.dumps(dict(sorted(counts.items())), indent=1) + "\n", encoding="utf-8")
    print(f"{sum(counts.values())} errors in {len(counts)} files written to {BASELINE}")


if __name__ == "__main__":
    main()
