"""Country billing rules read from a plugin's dated parameters, and what the engine asks them.

A plugin's `billing` capability usually subclasses :class:`ParameterBillingRules`: VAT rates live in
``billing/vat.yaml`` (``billing.vat.<code>``) and mention texts in ``billing/mentions.yaml``
(``billing.mentions.<name>``), both dated with legal references; the subclass adds what is not data
(payment references, identifiers a business client needs, country-specific mentions).

A mention is one text (``billing.mentions.<name>``) or one text per language
(``billing.mentions.<name>.<language>``, e.g. ``.fr``, ``.nl``). The document's language
(:func:`document_language`, the language its PDF is rendered in) picks the text; when the mention
has no wording in that language, the plugin's ``fallback_languages`` are tried in order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Mapping

from partage.core.billing.errors import InvalidInput
from partage.core.billing.vat import VatTreatment
from partage.core.params import ParameterNotDefined
from partage.core.plugins.contract import ParameterSource

OPERATIONS = ("goods", "services", "mixed")
# EN 16931 VAT category (UNCL5305) of each standard VAT code. Codelist, not law.
CATEGORIES: Mapping[str, str] = {
    "standard": "S", "intermediate": "S", "reduced": "S", "super_reduced": "S", "zero": "Z",
    "reverse_charge": "AE", "intra_community": "K", "export": "G", "exempt": "E", "franchise": "E",
}


@dataclass(frozen=True, slots=True)
class MentionContext:
    """What decides the mentions of one document."""

    document: str  # "invoice" | "credit_note"
    issue_date: date
    vat_codes: frozenset[str]
    operation: str = "services"
    client_business: bool = True
    client_company_number: str | None = None
    supplier_company_number: str | None = None
    vat_on_debits: bool = False
    extra: Mapping[str, str] = field(default_factory=dict)
    # ISO 639-1 code of the document's language ("fr", "nl", "de", "en"); None: the plugin's first
    # fallback language (what every document got before mentions had languages).
    language: str | None = None


def base_language(code: str | None) -> str | None:
    """``"nl-BE"``, ``"NL"``, ``"nl_BE"`` -> ``"nl"``; empty or None -> None."""
    if not code:
        return None
    return str(code).replace("_", "-").split("-", 1)[0].strip().lower() or None


LANGUAGES = ("fr", "nl", "de", "en")  # a document's languages: Belgium's three, and English


def document_language(tenant, document=None) -> str:
    """The language of ``document``: its own (set when drafted: given, else its client's, else
    the tenant's), else the tenant's first locale (``"en"`` without any).

    The PDF labels (``core.billing.pdf``) and the frozen legal mentions (``core.billing.issuing``)
    both come from here, so one document speaks one language.
    """
    own = base_language(getattr(document, "language", None))
    if own:
        return own
    locales = getattr(tenant, "locales", None) or ()
    return base_language(locales[0] if locales else None) or "en"


def language_of(value: object, field: str = "language") -> str | None:
    """A document or client language given as input (``"nl-BE"`` -> ``"nl"``), or None; an
    unknown one raises `InvalidInput` naming ``field``."""
    if value is None or value == "":
        return None
    code = base_language(value) if isinstance(value, str) else None
    if code not in LANGUAGES:
        raise InvalidInput(field, f"unknown language {value!r} (known: {', '.join(LANGUAGES)})")
    return code


class ParameterBillingRules:
    """`BillingRules` over ``billing.vat.*`` and ``billing.mentions.*`` parameters."""

    einvoice_format = "en16931-ubl"
    codes: tuple[str, ...] = tuple(CATEGORIES)
    # Languages tried, in order, when a per-language mention has no text in the document's language.
    fallback_languages: tuple[str, ...] = ()

    def __init__(self, parameters: ParameterSource) -> None:
        self.parameters = parameters
        self._snapshots: dict[date, object] = {}
        self._worded_tree: object | None = None
        self._worded_names: frozenset[str] = frozenset()

    def _snapshot(self, on: date):
        """The parameters on ``on`` (memoised per date: a batch of invoices resolves them once)."""
        snap = self._snapshots.get(on)
        if snap is None:
            if len(self._snapshots) > 64:
                self._snapshots.clear()
            snap = self._snapshots[on] = self.parameters.tree().at_date(on)
        return snap

    def vat_rates(self, on: date) -> Mapping[str, Decimal]:
        snap = self._snapshot(on)
        return {code: snap[f"billing.vat.{code}"] for code in self.codes}

    def vat_category(self, code: str) -> str:
        return CATEGORIES[code]

    def treatments(self, on: date) -> dict[str, VatTreatment]:
        """Every VAT code with its category and the rate in force on ``on``."""
        return {code: VatTreatment(code, self.vat_category(code), rate)
                for code, rate in self.vat_rates(on).items()}

    def _worded(self, tree) -> frozenset[str]:
        """Full names of the mentions worded per language (``billing.mentions.<name>.<language>``),
        read once per parameter tree."""
        if self._worded_tree is not tree:
            self._worded_names = frozenset(
                name.rsplit(".", 1)[0] for name in tree.names()
                if name.startswith("billing.mentions.") and name.count(".") == 3)
            self._worded_tree = tree
        return self._worded_names

    def mention_languages(self, language: str | None) -> tuple[str, ...]:
        """The languages tried for a mention: the document's, then the plugin's fallbacks."""
        wanted = base_language(language)
        order = ((wanted,) if wanted else ()) + self.fallback_languages
        return tuple(dict.fromkeys(order))

    def mention(self, name: str, on: date, language: str | None = None) -> str | None:
        """The text of mention ``name`` on ``on`` in ``language`` (or a fallback language).

        ``billing.mentions.<name>`` is language-neutral (a single-language plugin such as France);
        ``billing.mentions.<name>.<language>`` holds one text per language. None: no such mention.
        A per-language mention with no text in the document's language nor in a fallback language
        raises ``ParameterNotDefined`` rather than leave a legal mention off the document.
        """
        full, snap = f"billing.mentions.{name}", self._snapshot(on)
        if full in snap.tree:
            return snap[full]
        tried = self.mention_languages(language)
        for lang in tried:
            if f"{full}.{lang}" in snap.tree:
                try:
                    return snap[f"{full}.{lang}"]
                except ParameterNotDefined:  # not worded in this language on that date
                    continue
        if full in self._worded(snap.tree):
            raise ParameterNotDefined(f"{full}: no text on {on.isoformat()} in "
                                      f"{', '.join(tried) or 'any language'} (add one, or a fallback "
                                      f"language to {type(self).__name__}.fallback_languages)")
        return None

    def vat_mentions(self, context: MentionContext) -> list[str]:
        """One mention per VAT code used that has one (franchise, reverse charge, exemptions)."""
        found = (self.mention(code, context.issue_date, context.language)
                 for code in sorted(context.vat_codes))
        return [text for text in found if text]

    def mentions(self, context: MentionContext) -> list[str]:
        return self.vat_mentions(context)

    def payment_reference(self, fiscal_year: int, sequence: int) -> str | None:
        return None

    def parse_payment_reference(self, text: str) -> str | None:
        return None

    def business_client_identifiers(self, country: str) -> tuple[str, ...]:
        return ("vat_number",)
