"""`PluginParameters`: the standard `ParameterSource` for a plugin's YAML directory."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from partage.core.params import ParameterTree


class PluginParameters:
    """Parameters stored as YAML files under `path` (OpenFisca format, dated values)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def tree(self) -> "ParameterTree":
        """The parameter tree under `path` (`core.params` loads it lazily and caches it)."""
        from partage.core.params import load_parameters

        return load_parameters(self.path)

    def __repr__(self) -> str:
        return f"PluginParameters({str(self.path)!r})"
