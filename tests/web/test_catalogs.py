"""The translation catalogs cover every UI string, and the language follows the user (no browser)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from partage.api.web import i18n
from partage.api.web.render import text_on

WEB = Path(i18n.__file__).parent
CALL = re.compile(r"""_\(\s*(?:"([^"]+)"|'([^']+)')\s*\)""")
ADDED = re.compile(r"""errors\.add\(\s*[\w"]+,\s*"([^"]+)"\)""")


def ui_strings() -> set[str]:
    found = set()
    for template in (WEB / "templates").rglob("*.*"):
        found.update(a or b for a, b in CALL.findall(template.read_text()))
    for module in WEB.glob("*.py"):
        found.update(ADDED.findall(module.read_text()))
    return found


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_every_ui_string_is_translated(lang):
    strings = ui_strings()
    assert len(strings) > 100
    missing = sorted(s for s in strings if not i18n.translations(lang)._messages.get(s))
    assert missing == []


def test_language_follows_the_user_then_the_tenant_then_the_browser():
    assert i18n.choose("nl", ["fr", "en"], "en-GB") == "nl"
    assert i18n.choose(None, ["fr", "en"], "nl-BE") == "fr"
    assert i18n.choose(None, None, "de-DE,nl;q=0.8,en;q=0.5") == "nl"
    assert i18n.choose("xx", None, "de") == "en"


def test_brand_text_colour_keeps_contrast():
    assert text_on("#fbbf24") == "#000000"
    assert text_on("#1d1d1b") == "#ffffff"
