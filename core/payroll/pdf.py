"""Payslip PDFs with reportlab, PDF/A-3B (``core.pdf``: embedded subset fonts, sRGB OutputIntent, XMP),
fast enough for bulk runs (a few milliseconds a page), branded with the tenant's colours (only where
their contrast passes WCAG AA), logo and footer, and worded in the payslip's language (French, Dutch,
German or English labels and number format; each line's label from the country plugin's
``payroll/payslip_labels.yaml``, else the label stored with the line).

Belgian payslips: employer (ONSS number, company number, joint committee), worker (national number,
function, days and hours, account, payment date), gross pay, the worker's deductions, net to pay,
the employer's contributions for information, and the year-to-date totals. French payslips follow the
legal layout (Code du travail art. R3243-1, arrêté du 25 février 2016): blocks by risk with the
employee and employer parts of a contribution on one row, "net à payer avant impôt sur le revenu",
the income tax withheld, "net à payer", "montant net social"; the worker's number is the NIR.
The totals (gross, net, withholding, net to pay, employer cost) are read from the payslip result.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any, Sequence

import yaml
from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from partage.core import pdf as pdfa
from partage.core.billing.rules import base_language
from partage.core.payroll.lines import stored_line
from partage.core.pdf.graphics import DARK, draw_logo, logo as load_logo, readable

rl_config.useA85 = 0  # binary streams: smaller and faster than ASCII85

W, H = A4
MARGIN = 40
RIGHT = W - MARGIN
FONT, BOLD = pdfa.FONT, pdfa.FONT_BOLD
LABELS = {
    "fr": {"payslip": "Fiche de paie", "payslip_FR": "Bulletin de paie", "correction": "correction",
           "national_number": "Numéro national", "national_number_FR": "N° de sécurité sociale (NIR)",
           "period": "Période", "employer": "Employeur", "worker": "Travailleur", "worker_FR": "Salarié",
           "function": "Fonction", "function_FR": "Emploi", "days_hours": "Jours / heures",
           "payment_date": "Date de paiement", "account": "Compte", "onss": "N° ONSS",
           "company": "N° d'entreprise", "joint_committee": "Commission paritaire", "siret": "SIRET",
           "naf": "Code NAF", "urssaf": "URSSAF", "convention": "Convention collective (IDCC)",
           "item": "Rubrique", "base": "Base", "rate": "Taux", "amount": "Montant",
           "employee_rate": "Taux sal.", "employee_part": "Part salariale", "employer_rate": "Taux pat.",
           "employer_part": "Part patronale", "gross": "Rémunération brute", "gross_FR": "Salaire brut",
           "deductions": "Retenues du travailleur", "employer_contributions": "Cotisations patronales (pour information)",
           "net_to_pay": "Net à payer", "net_before_tax": "Net à payer avant impôt sur le revenu",
           "net_social": "Montant net social", "withholding": "Impôt sur le revenu prélevé à la source",
           "total_contributions": "Total des cotisations et contributions", "employer_cost": "Coût employeur",
           "ytd": "Cumuls de l'année", "days": "jours", "hours": "heures", "other": "Autres",
           "employee": "travailleur", "employer_side": "employeur", "info": "info"},
    "nl": {"payslip": "Loonbrief", "correction": "correctie", "national_number": "Rijksregisternummer",
           "national_number_FR": "Sociaalzekerheidsnummer (NIR)", "period": "Periode",
           "employer": "Werkgever", "worker": "Werknemer", "function": "Functie",
           "days_hours": "Dagen / uren", "payment_date": "Betaaldatum", "account": "Rekening",
           "onss": "RSZ-nummer", "company": "Ondernemingsnummer", "joint_committee": "Paritair comité",
           "siret": "SIRET", "naf": "NAF-code", "urssaf": "URSSAF", "convention": "Cao (IDCC)",
           "item": "Rubriek", "base": "Basis", "rate": "Percentage", "amount": "Bedrag",
           "employee_rate": "% wn.", "employee_part": "Werknemer", "employer_rate": "% wg.",
           "employer_part": "Werkgever", "gross": "Brutoloon", "deductions": "Inhoudingen werknemer",
           "employer_contributions": "Werkgeversbijdragen (ter informatie)", "net_to_pay": "Netto te betalen",
           "net_before_tax": "Netto te betalen vóór inkomstenbelasting", "net_social": "Sociaal nettobedrag",
           "withholding": "Ingehouden inkomstenbelasting", "total_contributions": "Totaal bijdragen",
           "employer_cost": "Werkgeverskost", "ytd": "Cumul van het jaar", "days": "dagen", "hours": "uren",
           "other": "Andere", "employee": "werknemer", "employer_side": "werkgever", "info": "info"},
    "de": {"payslip": "Lohnabrechnung", "correction": "Korrektur", "national_number": "Nationalregisternummer",
           "national_number_FR": "Sozialversicherungsnummer (NIR)", "period": "Zeitraum",
           "employer": "Arbeitgeber", "worker": "Arbeitnehmer", "function": "Funktion",
           "days_hours": "Tage / Stunden", "payment_date": "Zahlungsdatum", "account": "Konto",
           "onss": "LSS-Nummer", "company": "Unternehmensnummer", "joint_committee": "Paritätische Kommission",
           "siret": "SIRET", "naf": "NAF-Code", "urssaf": "URSSAF", "convention": "Tarifvertrag (IDCC)",
           "item": "Posten", "base": "Basis", "rate": "Satz", "amount": "Betrag",
           "employee_rate": "Satz AN", "employee_part": "Anteil AN", "employer_rate": "Satz AG",
           "employer_part": "Anteil AG", "gross": "Bruttolohn", "deductions": "Abzüge Arbeitnehmer",
           "employer_contributions": "Arbeitgeberbeiträge (zur Information)",
           "net_to_pay": "Auszuzahlender Betrag", "net_before_tax": "Netto vor Einkommensteuer",
           "net_social": "Sozialer Nettobetrag", "withholding": "Einbehaltene Einkommensteuer",
           "total_contributions": "Summe der Beiträge", "employer_cost": "Arbeitgeberkosten",
           "ytd": "Jahressummen", "days": "Tage", "hours": "Stunden", "other": "Sonstige",
           "employee": "Arbeitnehmer", "employer_side": "Arbeitgeber", "info": "Info"},
    "en": {"payslip": "Payslip", "correction": "correction", "national_number": "National number",
           "national_number_FR": "Social security number (NIR)", "period": "Period",
           "employer": "Employer", "worker": "Employee", "function": "Function",
           "days_hours": "Days / hours", "payment_date": "Payment date", "account": "Account",
           "onss": "ONSS number", "company": "Company number", "joint_committee": "Joint committee",
           "siret": "SIRET", "naf": "NAF code", "urssaf": "URSSAF", "convention": "Collective agreement (IDCC)",
           "item": "Item", "base": "Base", "rate": "Rate", "amount": "Amount",
           "employee_rate": "Empl. rate", "employee_part": "Employee", "employer_rate": "Empr. rate",
           "employer_part": "Employer", "gross": "Gross pay", "deductions": "Employee deductions",
           "employer_contributions": "Employer contributions (for information)", "net_to_pay": "Net to pay",
           "net_before_tax": "Net to pay before income tax", "net_social": "Net social amount",
           "withholding": "Income tax withheld at source", "total_contributions": "Total contributions",
           "employer_cost": "Employer cost", "ytd": "Year to date", "days": "days", "hours": "hours",
           "other": "Other", "employee": "employee", "employer_side": "employer", "info": "info"},
}


@dataclass(frozen=True, slots=True)
class Brand:
    legal_name: str
    primary: str = "#333333"
    secondary: str = "#777777"
    footer: str = ""
    logo: Any = None  # ImageReader or svglib Drawing
    language: str = "en"  # the tenant's first locale: labels and number format, unless the member has one
    country: str = "BE"
    company_number: str = ""
    employer: tuple[tuple[str, str], ...] = ()  # employer facts (payroll settings): onss_number, siret...


@dataclass(frozen=True, slots=True)
class SlipView:
    """What a payslip page shows (amounts as Decimal euros)."""

    member_name: str
    national_number: str
    iban: str
    period: str
    function: str
    gross: Decimal
    net_to_pay: Decimal
    employer_cost: Decimal
    lines: Sequence[Sequence[Any]]  # [code, label, amount, side, base, rate]
    correction: int = 0  # > 0: the payslip of a correction run (differences only)
    language: str | None = None  # the member's own; None: the brand's (tenant's)
    net: Decimal | None = None  # before the income tax withheld
    withholding: Decimal | None = None
    days: int | None = None
    hours: Decimal | None = None
    payment_date: date | None = None
    year_to_date: tuple[Decimal, Decimal, Decimal] | None = None  # gross, withholding, net to pay


@dataclass(frozen=True, slots=True)
class Words:
    """A payslip's labels and number format, in one language (and the employer's country)."""

    language: str
    country: str = "BE"

    @property
    def labels(self) -> dict[str, str]:
        return LABELS[self.language]

    def label(self, key: str) -> str:
        """The country's own wording when there is one (``payslip_FR``), else the common one."""
        labels = LABELS[self.language]
        return labels.get(f"{key}_{self.country}", labels[key])

    def number(self, value: Decimal | None, grouped: bool = True) -> str:
        """``value`` with two decimals as the language writes it (bases are amounts too)."""
        if value is None:
            return ""
        return pdfa.number(value, self.language, country=self.country)

    def rate(self, value: Decimal | None) -> str:
        if value is None:
            return ""
        text = format((value * 100).normalize(), "f")
        if "." in text:
            text = text.replace(".", "." if self.language == "en" else ",")
        return f"{text} %"


def language_code(language: str | None, default: str = "en") -> str:
    """``"fr-BE"`` -> ``"fr"``; a language without labels (or none) -> ``default``."""
    code = base_language(language)
    return code if code in LABELS else default


def words_for(brand: Brand, slip: SlipView) -> Words:
    return Words(language_code(slip.language, brand.language), brand.country)


def brand_of(legal_name: str, branding: dict, language: str = "en", *, country: str = "BE",
             company_number: str | None = None, employer: dict | None = None) -> Brand:
    """A `Brand` from a tenant's branding dict (primary_color, secondary_color, logo_data_uri,
    document_footer), language (``"fr-BE"`` reads ``"fr"``; unknown: English), country and the
    employer facts of its payroll settings."""
    facts = tuple(sorted((str(k), str(v)) for k, v in (employer or {}).items() if v not in (None, "")))
    return Brand(legal_name, branding.get("primary_color") or "#333333",
                 branding.get("secondary_color") or "#777777", branding.get("document_footer") or "",
                 load_logo(branding.get("logo_data_uri")), language_code(language), country.upper(),
                 company_number or "", facts)


@lru_cache(maxsize=8)
def line_labels(country: str) -> dict:
    """The country plugin's ``payroll/payslip_labels.yaml`` (found through the plugin registry)."""
    try:
        from partage.core.plugins import registry

        package = type(registry().get(country.lower())).__module__.rsplit(".", 1)[0]
        text = resources.files(package).joinpath("payroll", "payslip_labels.yaml").read_text("utf-8")
    except Exception:  # noqa: BLE001 - no plugin or no file: the stored labels are printed
        return {"lines": {}}
    return yaml.safe_load(text) or {"lines": {}}


def _row_key(code: str) -> str:
    for suffix in ("_employee", "_employer"):
        if code.endswith(suffix):
            return code[: -len(suffix)]
    return code


def _fit(c: Canvas, x: float, y: float, text: str, width: float, font: str = FONT,  # float ok: points
         size: float = 8) -> None:  # float ok: font size in points
    """``text`` drawn whole within ``width``: the font shrinks (down to 5.5 pt) rather than cut it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while size > 5.5 and stringWidth(text, font, size) > width:
        size -= 0.5
    c.setFont(font, size)
    c.drawString(x, y, text)


def _line_label(words: Words, code: str, stored: str) -> tuple[str, str | None]:
    """(label in the payslip's language, block) of a line; the stored label when none is known."""
    table = line_labels(words.country).get("lines", {})
    entry = table.get(code) or table.get(_row_key(code)) or {}
    return entry.get(words.language) or entry.get("en") or stored, entry.get("block")


def _logo_form(c: Canvas, brand: Brand) -> str | None:
    """The logo drawn once per document as a form XObject, reused by every page."""
    if brand.logo is None:
        return None
    c.beginForm("logo")
    draw_logo(c, brand.logo, MARGIN, H - MARGIN - 38, 120, 38)
    c.endForm()
    return "logo"


def _title(words: Words, slip: SlipView) -> str:
    title = f"{words.label('payslip')} {slip.period}"
    return f"{title} ({words.labels['correction']} {slip.correction})" if slip.correction else title


EMPLOYER_FACTS = {"BE": (("onss_number", "onss"), ("joint_committee", "joint_committee")),
                  "FR": (("siret", "siret"), ("naf", "naf"), ("urssaf_id", "urssaf"), ("idcc", "convention"))}


def _employer_rows(brand: Brand, words: Words) -> list[str]:
    facts = dict(brand.employer)
    rows = []
    if brand.country == "FR" and "siret" not in facts and brand.company_number and facts.get("nic"):
        facts["siret"] = brand.company_number.replace(" ", "") + facts["nic"]
    address = " ".join(x for x in (facts.get("street"), facts.get("postcode"), facts.get("city")) if x)
    if address:
        rows.append(address)
    if brand.company_number and brand.country == "BE":
        rows.append(f"{words.labels['company']} {brand.company_number}")
    for key, label in EMPLOYER_FACTS.get(brand.country, ()):
        if facts.get(key):
            rows.append(f"{words.labels[label]} {facts[key]}")
    return rows


def _worker_rows(slip: SlipView, words: Words) -> list[tuple[str, str]]:
    labels = words.labels
    rows = [(words.label("national_number"), slip.national_number), (words.label("function"), slip.function)]
    if slip.days is not None or slip.hours is not None:
        parts = [f"{slip.days} {labels['days']}" if slip.days is not None else "",
                 f"{words.number(slip.hours)} {labels['hours']}" if slip.hours is not None else ""]
        rows.append((labels["days_hours"], " / ".join(p for p in parts if p)))
    rows.append((labels["account"], slip.iban))
    if slip.payment_date:
        rows.append((labels["payment_date"], slip.payment_date.strftime("%d/%m/%Y")))
    return rows


def _header(c: Canvas, brand: Brand, slip: SlipView, words: Words, logo: str | None) -> float:  # float ok: points
    c.setFillColor(HexColor(brand.primary))
    c.rect(0, H - 8, W, 8, stroke=0, fill=1)
    if logo:
        c.doForm(logo)
    c.setFillColor(HexColor(readable(brand.primary, large=True)))
    c.setFont(BOLD, 14)
    c.drawRightString(RIGHT, H - MARGIN - 12, _title(words, slip))
    c.setFillColor(HexColor(DARK))
    y = H - MARGIN - 58
    c.setFont(FONT, 7.5)
    c.drawString(MARGIN, y + 12, words.labels["employer"].upper())
    c.drawString(310, y + 12, words.label("worker").upper())
    c.setFont(BOLD, 9)
    c.drawString(MARGIN, y, brand.legal_name)
    c.drawString(310, y, slip.member_name)
    left, right = y, y
    for row in _employer_rows(brand, words):
        left -= 10.5
        _fit(c, MARGIN, left, row, 260)
    for label, value in _worker_rows(slip, words):
        right -= 10.5
        _fit(c, 310, right, f"{label}: {value}", RIGHT - 310)
    return min(left, right) - 16


def _band(c: Canvas, brand: Brand, y: float, texts: Sequence[tuple[float, str, bool]]) -> None:  # float ok: points
    """A header row: white text on the tenant colour where it passes AA, else dark on light grey."""
    dark_text = readable(brand.primary, "#ffffff") != brand.primary
    c.setFillColor(HexColor("#e5e7eb" if dark_text else brand.primary))
    c.rect(MARGIN - 4, y - 4, RIGHT - MARGIN + 8, 14, stroke=0, fill=1)
    c.setFillColor(HexColor(DARK if dark_text else "#ffffff"))
    c.setFont(BOLD, 7.5)
    for x, text, right in texts:
        (c.drawRightString if right else c.drawString)(x, y, text)
    c.setFillColor(HexColor(DARK))


def _section(c: Canvas, title: str, y: float) -> float:  # float ok: points
    c.setFont(BOLD, 8)
    c.drawString(MARGIN, y, title)
    return y - 11


def _be_table(c: Canvas, brand: Brand, slip: SlipView, words: Words, y: float) -> float:  # float ok: points
    labels = words.labels
    _band(c, brand, y, ((MARGIN, labels["item"], False), (390, labels["base"], True),
                        (460, labels["rate"], True), (RIGHT, labels["amount"], True)))
    y -= 16
    c.setFont(BOLD, 8)
    c.drawString(MARGIN, y, words.label("gross"))
    c.drawRightString(RIGHT, y, words.number(slip.gross))
    y -= 14
    lines = [stored_line(raw) for raw in slip.lines]
    for title, sides in ((labels["deductions"], ("employee", "info")),
                         (labels["employer_contributions"], ("employer",))):
        chosen = [line for line in lines if line.side in sides]
        if not chosen:
            continue
        y = _section(c, title, y)
        c.setFont(FONT, 8)
        for code, label, amount, side, base, rate in chosen:
            if y < 150:
                break
            text, _ = _line_label(words, code, label)
            # a subtotal (taxable pay) in bold, not a deduction
            _fit(c, MARGIN + 8, y, text, 290, BOLD if side == "info" else FONT)
            c.setFont(FONT, 8)
            c.drawRightString(390, y, words.number(base))
            c.drawRightString(460, y, words.rate(rate))
            c.drawRightString(RIGHT, y, words.number(amount))
            y -= 11
        y -= 5
    return y


def _fr_rows(slip: SlipView, words: Words) -> tuple[dict, list]:
    """Rows by block: {block: {row: [label, base, employee rate, employee, employer rate, employer]}}."""
    blocks: dict[str, dict[str, list]] = {}
    other = []
    for code, label, amount, side, base, rate in map(stored_line, slip.lines):
        text, block = _line_label(words, code, label)
        if side == "info" or block is None:
            other.append((code, text, amount, side, base, rate))
            continue
        row = blocks.setdefault(block, {}).setdefault(_row_key(code), [text, base, None, None, None, None])
        at = 2 if side == "employee" else 4
        row[at], row[at + 1] = rate, (row[at + 1] or 0) + amount
        row[1] = row[1] if row[1] is not None else base
    return blocks, other


def _fr_table(c: Canvas, brand: Brand, slip: SlipView, words: Words, y: float) -> float:  # float ok: points
    labels = words.labels
    columns = ((300, "base"), (350, "employee_rate"), (412, "employee_part"), (462, "employer_rate"),
               (RIGHT, "employer_part"))
    _band(c, brand, y, ((MARGIN, labels["item"], False), *((x, labels[k], True) for x, k in columns)))
    y -= 16
    c.setFont(BOLD, 8)
    c.drawString(MARGIN, y, words.label("gross"))
    c.drawRightString(412, y, words.number(slip.gross))
    y -= 14
    blocks, _ = _fr_rows(slip, words)
    names = line_labels(words.country).get("block_labels", {})
    totals = [Decimal(0), Decimal(0)]
    for block in line_labels(words.country).get("blocks", []):
        if block not in blocks:
            continue
        title = names.get(block, {})
        y = _section(c, (title.get(words.language) or title.get("en") or block).upper(), y)
        c.setFont(FONT, 7.5)
        for text, base, e_rate, e_amount, r_rate, r_amount in blocks[block].values():
            if y < 170:
                break
            _fit(c, MARGIN + 8, y, text, 215, FONT, 7.5)
            c.setFont(FONT, 7.5)
            values = (words.number(base), words.rate(e_rate), words.number(e_amount),
                      words.rate(r_rate), words.number(r_amount))
            for (x, _), value in zip(columns, values):
                c.drawRightString(x, y, value)
            totals[0] += e_amount or 0
            totals[1] += r_amount or 0
            y -= 10
        y -= 3
    c.setFont(BOLD, 8)
    c.drawString(MARGIN, y, labels["total_contributions"])
    c.drawRightString(412, y, words.number(totals[0]))
    c.drawRightString(RIGHT, y, words.number(totals[1]))
    return y - 16


def _fr_totals(c: Canvas, slip: SlipView, words: Words, y: float) -> float:  # float ok: points
    labels = words.labels
    net = slip.net if slip.net is not None else slip.net_to_pay + (slip.withholding or 0)
    social = [line for line in map(stored_line, slip.lines)
              if line.side == "employee" and line.code != "withholding_tax"]
    net_social = slip.gross - sum((line.amount for line in social), Decimal(0))
    withholding = [line for line in map(stored_line, slip.lines) if line.code == "withholding_tax"]
    rows = [(labels["net_before_tax"], net, True)]
    if withholding:
        line = withholding[0]
        rows.append((f"{labels['withholding']} ({words.number(line.base)} × {words.rate(line.rate)})",
                     -line.amount, False))
    elif slip.withholding:
        rows.append((labels["withholding"], -slip.withholding, False))
    rows += [(labels["net_to_pay"], slip.net_to_pay, True), (labels["net_social"], net_social, False),
             (labels["employer_cost"], slip.employer_cost, False)]
    return _total_rows(c, words, rows, y)


def _be_totals(c: Canvas, slip: SlipView, words: Words, y: float) -> float:  # float ok: points
    labels = words.labels
    rows = [(labels["net_to_pay"], slip.net_to_pay, True), (labels["employer_cost"], slip.employer_cost, False)]
    return _total_rows(c, words, rows, y)


def _total_rows(c: Canvas, words: Words, rows, y: float) -> float:  # float ok: points
    c.setStrokeColor(HexColor(DARK))
    c.line(MARGIN, y + 10, RIGHT, y + 10)
    for label, amount, bold in rows:
        c.setFont(BOLD if bold else FONT, 9.5 if bold else 8.5)
        c.drawString(MARGIN, y, label)
        c.drawRightString(RIGHT, y, f"{words.number(amount)} EUR")
        y -= 13
    return y


def _year_to_date(c: Canvas, slip: SlipView, words: Words, y: float) -> None:  # float ok: points
    """The year's totals: a label row and an amount row, three columns."""
    if slip.year_to_date is None:
        return
    labels = words.labels
    gross, withholding, net_to_pay = slip.year_to_date
    tax = labels["withholding"] if words.country == "FR" else _line_label(words, "withholding_tax", labels["withholding"])[0]
    c.setFont(BOLD, 8)
    c.drawString(MARGIN, y - 6, labels["ytd"])
    for i, (label, value) in enumerate(((words.label("gross"), gross), (tax, withholding),
                                        (labels["net_to_pay"], net_to_pay))):
        x = MARGIN + 180 * i
        c.setFont(FONT, 7.5)
        c.drawString(x, y - 18, label)
        c.setFont(BOLD, 8.5)
        c.drawString(x, y - 29, f"{words.number(value)} EUR")


def _footer(c: Canvas, brand: Brand) -> None:
    c.setFillColor(HexColor(readable(brand.secondary, fallback="#4b5563")))
    _fit(c, MARGIN, 28, brand.footer, RIGHT - MARGIN, FONT, 7)
    c.setFillColor(HexColor(DARK))


def _page(c: Canvas, brand: Brand, slip: SlipView, words: Words, logo: str | None) -> None:
    y = _header(c, brand, slip, words, logo)
    if brand.country == "FR":
        y = _fr_totals(c, slip, words, _fr_table(c, brand, slip, words, y))
    else:
        y = _be_totals(c, slip, words, _be_table(c, brand, slip, words, y) - 8)
    _year_to_date(c, slip, words, y)
    _footer(c, brand)


def _document(brand: Brand, slips: Sequence[SlipView], title: str, language: str) -> bytes:
    buffer = io.BytesIO()
    meta = pdfa.Metadata(title=title, author=brand.legal_name, subject=title, lang=language)
    c = pdfa.canvas(buffer, meta, pagesize=A4, pageCompression=1)
    logo = _logo_form(c, brand)
    for slip in slips:
        _page(c, brand, slip, words_for(brand, slip), logo)
        c.showPage()
    c.save()
    return buffer.getvalue()


def render_payslip(brand: Brand, slip: SlipView) -> bytes:
    """One payslip as a one-page PDF/A-3B (what a member downloads)."""
    words = words_for(brand, slip)
    return _document(brand, [slip], f"{_title(words, slip)} {slip.member_name}", words.language)


def render_batch(brand: Brand, slips: Sequence[SlipView], title: str = "Payslips") -> bytes:
    """Many payslips in one PDF/A-3B, a page each; fonts and logo are embedded once (bulk archive)."""
    return _document(brand, slips, title, brand.language)


__all__ = ["Brand", "LABELS", "SlipView", "Words", "brand_of", "language_code", "line_labels",
           "render_batch", "render_payslip", "words_for"]
