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


class PoTranslations(gettext.NullTranslations):
    def __init__(self, messages: dict[str, str]) -> None:
        super().__init__()
        self._messages = messages

    def gettext(self, message: str) -> str:
        return self._messages.get(message) or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


@lru_cache(maxsize=None)
def translations(lang: str) -> PoTranslations:
    path = LOCALES / lang / "LC_MESSAGES" / "messages.po"
    if lang not in LANGUAGES or not path.exists():
        return PoTranslations({})
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return PoTranslations({m.id: m.string for m in catalog if m.id and isinstance(m.id, str)})


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
    return translations(lang).gettext(message)
