"""Fixtures: write small YAML parameter trees into ``tmp_path``."""
from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Callable

import pytest

from partage.core.params import ParameterTree, load_parameters


@pytest.fixture
def write_tree(tmp_path: Path) -> Callable[..., Path]:
    """Write ``{relative path: yaml text}`` under a fresh directory and return it."""
    counter = iter(range(1000))

    def write(files: dict[str, str]) -> Path:
        root = tmp_path / f"tree{next(counter)}"
        for relative, text in files.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return write


@pytest.fixture
def load_tree(write_tree: Callable[..., Path]) -> Callable[..., ParameterTree]:
    """Write files (see ``write_tree``) and load them."""

    def load(files: dict[str, str]) -> ParameterTree:
        return load_parameters(write_tree(files))

    return load
