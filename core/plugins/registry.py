"""Discovery of country plugins through the `partage.countries` entry-point group.

First-party plugins (be, fr) are found exactly like a third-party
`partage-country-xx` package: nothing is hard-coded here.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
import importlib.metadata
from importlib.metadata import EntryPoint
from typing import Any, Iterable, NamedTuple

from partage.core.plugins.contract import CountryPlugin, capabilities, incomplete_capabilities
from partage.core.plugins.errors import PluginError, UnknownCountry

GROUP = "partage.countries"
_CODE = re.compile(r"[a-z]{2}")


class PluginInfo(NamedTuple):
    """One row of `partage plugins list`."""

    code: str
    name: str
    package: str
    capabilities: tuple[str, ...]


@dataclass(frozen=True)
class _Entry:
    plugin: Any
    info: PluginInfo
    source: str  # entry point value, e.g. "partage.plugins.be:plugin"


class PluginRegistry:
    """The installed country plugins, by code."""

    def __init__(self, entries: Iterable[_Entry] = ()) -> None:
        self._entries = {e.info.code: e for e in entries}

    def codes(self) -> tuple[str, ...]:
        """Known country codes, sorted."""
        return tuple(sorted(self._entries))

    def _entry(self, code: str) -> _Entry:
        entry = self._entries.get(code.lower() if isinstance(code, str) else code)
        if entry is None:
            raise UnknownCountry(code, self.codes())
        return entry

    def get(self, code: str) -> Any:
        """The plugin for `code`, or `UnknownCountry` listing the known codes."""
        return self._entry(code).plugin

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.lower() in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def all(self) -> tuple[Any, ...]:
        """Every plugin, sorted by code."""
        return tuple(self._entries[c].plugin for c in self.codes())

    def capabilities(self, code: str) -> tuple[str, ...]:
        """Capabilities of the plugin for `code`."""
        return self._entry(code).info.capabilities

    def describe(self) -> list[PluginInfo]:
        """Rows (code, name, package, capabilities), sorted by code."""
        return [self._entries[c].info for c in self.codes()]


def _package(ep: EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    return dist.name if dist is not None else ep.module


def _load_plugin(ep: EntryPoint) -> Any:
    try:
        return ep.load()
    except Exception as exc:
        raise PluginError(
            f"country plugin entry point {ep.name!r} ({ep.value}) failed to import: "
            f"{type(exc).__name__}: {exc}"
        ) from exc


def _check_identity(ep: EntryPoint, plugin: Any) -> None:
    where = f"country plugin entry point {ep.name!r} ({ep.value})"
    if not isinstance(plugin, CountryPlugin):
        raise PluginError(f"{where}: object lacks code, name or locales: {plugin!r}")
    code = plugin.code
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise PluginError(f"{where}: code {code!r} is not a lowercase ISO 3166 alpha-2 code")
    if ep.name != code:
        raise PluginError(f"{where}: entry point name must equal the plugin code {code!r}")
    if not isinstance(plugin.name, str) or not plugin.name:
        raise PluginError(f"{where}: name must be a non-empty string")
    locales = plugin.locales
    if not isinstance(locales, tuple) or not locales or not all(isinstance(x, str) for x in locales):
        raise PluginError(f"{where}: locales must be a non-empty tuple of strings")


def _check_complete(ep: EntryPoint, plugin: Any) -> None:
    broken = incomplete_capabilities(plugin)
    if broken:
        details = "; ".join(f"{attr} lacks {', '.join(missing)}" for attr, missing in broken.items())
        raise PluginError(
            f"country plugin entry point {ep.name!r} ({ep.value}) has incomplete capabilities: {details}"
        )


def _entry(ep: EntryPoint) -> _Entry:
    plugin = _load_plugin(ep)
    _check_identity(ep, plugin)
    _check_complete(ep, plugin)
    caps = capabilities(plugin)
    if not caps:
        raise PluginError(
            f"country plugin entry point {ep.name!r} ({ep.value}) satisfies no capability; "
            "expected at least one of identifiers, parameters, billing, payroll, declarations"
        )
    return _Entry(plugin, PluginInfo(plugin.code, plugin.name, _package(ep), caps), ep.value)


def load_registry(entry_points: Iterable[EntryPoint] | None = None) -> PluginRegistry:
    """Load and check every plugin; `entry_points` defaults to the installed ones."""
    eps = entry_points if entry_points is not None else importlib.metadata.entry_points(group=GROUP)
    entries: dict[str, _Entry] = {}
    for ep in eps:
        entry = _entry(ep)
        code = entry.info.code
        if code in entries:
            raise PluginError(
                f"duplicate country code {code!r}: provided by both "
                f"{entries[code].source} ({entries[code].info.package}) "
                f"and {entry.source} ({entry.info.package})"
            )
        entries[code] = entry
    return PluginRegistry(entries.values())


@functools.lru_cache(maxsize=1)
def registry() -> PluginRegistry:
    """The application's registry of installed plugins, loaded once per process."""
    return load_registry()
