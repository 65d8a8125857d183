"""Translations: the .po catalogs are read directly at startup (no compile step), and the language
follows the user: their choice (profile, kept in a cookie), else the tenant's default, else the
browser's Accept-Language."""
from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

LANGUAGES = ("fr", "nl", "en")
LANG_COOKIE = "partage_lang"
LOCALES = Path(__file__).parent / "locales"
# A country's own vocabulary over a language's catalog, e.g. France's "HT" and "NIR" where the
# Belgian French catalog says "HTVA" and "numéro national" (``locales/fr_FR``).
DIALECTS = {("fr", "fr"): "fr_FR"}
# Tests set this to a set: every message a page asks for in FR or NL without a translation lands in it.
MISSING: set | None = None


class PoTranslations(gettext.NullTranslations):
    def __init__(self, messages: dict[str, str]) -> None:
        super().__init__()
        self._messages = messages

    def gettext(self, message: str) -> str:
        return self._messages.get(message) or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def _read(name: str) -> dict[str, str]:
    path = LOCALES / name / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=name)
    return {m.id: m.string for m in catalog if m.id and isinstance(m.id, str) and m.string}


@lru_cache(maxsize=None)
def translations(lang: str) -> PoTranslations:
    """``lang``'s catalog; a dialect (``fr_FR``) is its language's catalog with its own words over it."""
    base = lang.split("_")[0]
    if base not in LANGUAGES:
        return PoTranslations({})
    messages = _read(base)
    if lang != base:
        messages = {**messages, **_read(lang)}
    return PoTranslations(messages)


def dialect(lang: str, country: str | None) -> str:
    """The catalog for ``lang`` in a tenant of ``country`` (``fr`` in France: ``fr_FR``)."""
    return DIALECTS.get((lang, (country or "").lower()), lang)


def from_accept_language(header: str) -> str | None:
    """The first supported language of an Accept-Language header (by quality)."""
    ranked = []
    for index, part in enumerate(header.split(",")):
        tag, _, q = part.strip().partition(";q=")
        try:
            ranked.append((-float(q or 1), index, tag.split("-")[0].lower()))
        except ValueError:
            continue
    return next((lang for _, _, lang in sorted(ranked) if lang in LANGUAGES), None)


def choose(chosen: str | None, tenant_locales: list[str] | None, accept: str) -> str:
    if chosen in LANGUAGES:
        return chosen
    for lang in tenant_locales or ():
        if lang in LANGUAGES:
            return lang
    return from_accept_language(accept) or "en"


def translate(lang: str, message: str) -> str:
    found = translations(lang)._messages.get(message)
    if found:
        return found
    if MISSING is not None and lang.split("_")[0] != "en":
        MISSING.add((lang.split("_")[0], message))
    return message
