"""Every form refuses bad input with the message next to the field, in the user's language
(French for smart-be, whose default is fr; Dutch for coop-lumen, whose default is nl; and a user's
own choice in their profile wins over the tenant's default)."""
from __future__ import annotations

import pytest

from tests.web.conftest import sign_in

MESSAGES = {
    "fr": {"required": "Ce champ est obligatoire", "country": "Saisissez un code pays de deux lettres, par ex. BE",
           "amount": "Saisissez un montant, par ex. 1200,00", "date": "Saisissez une date (AAAA-MM-JJ)",
           "choice": "Choisissez une des options", "period": "Saisissez un mois au format AAAA-MM, par ex. 2025-03",
           "colour": "Saisissez une couleur comme #1f4e79", "end": "La fin ne peut pas précéder le début",
           "login": "Organisation, e-mail ou mot de passe incorrect"},
    "nl": {"required": "Dit veld is verplicht", "country": "Geef een landcode van twee letters, bv. BE",
           "amount": "Geef een bedrag, bv. 1200,00", "date": "Geef een datum (JJJJ-MM-DD)",
           "choice": "Kies een van de opties", "period": "Geef een maand als JJJJ-MM, bv. 2025-03",
           "colour": "Geef een kleur zoals #1f4e79", "end": "Het einde mag niet voor het begin liggen",
           "login": "Verkeerde organisatie, e-mail of wachtwoord"},
}
TENANT = {"fr": "smart-be", "nl": "coop-lumen"}


def error_next_to(page, field: str) -> str:
    """The message in the same .field block as the input, which points at it (aria-describedby)."""
    page.wait_for_selector(f".field:has(#f-{field}) #e-{field}")
    assert page.get_attribute(f"#f-{field}", "aria-invalid") == "true"
    assert page.get_attribute(f"#f-{field}", "aria-describedby") == f"e-{field}"
    return page.inner_text(f".field:has(#f-{field}) #e-{field}")


def submit(page, form: str = "main form") -> None:
    page.click(f"{form} button[type=submit]")


def _login_form(context, lang):
    page = context.new_page()
    page.goto("/login")
    submit(page)
    assert error_next_to(page, "tenant") == MESSAGES[lang]["required"]
    page.fill("#f-tenant", TENANT[lang])
    page.fill("#f-email", "nobody@example.org")
    page.fill("#f-password", "wrong")
    submit(page)
    page.wait_for_selector("[data-field=_form]")
    assert page.inner_text("[data-field=_form]") == MESSAGES[lang]["login"]


def _member_forms(page, lang):
    m = MESSAGES[lang]
    page.goto("/app/clients")
    page.fill("#f-country", "B")
    submit(page)
    assert error_next_to(page, "name") == m["required"]
    assert error_next_to(page, "country") == m["country"]
    page.goto("/app/invoices/new")
    page.fill("#f-quantity", "deux")
    submit(page)
    assert error_next_to(page, "activity_id") == m["choice"]
    assert error_next_to(page, "quantity") == m["amount"]
    assert error_next_to(page, "description") == m["required"]
    page.goto("/app/performances/new")
    page.fill("#f-start", "2025-03-10")
    page.fill("#f-end", "2025-03-01")
    submit(page)
    assert error_next_to(page, "gross") == m["required"]
    assert error_next_to(page, "end") == m["end"]


def _admin_forms(page, lang):
    m = MESSAGES[lang]
    page.goto("/app/staff/payroll")
    page.fill("#f-period", "March")
    submit(page)
    assert error_next_to(page, "period") == m["period"]
    page.goto("/app/admin/settings")
    page.fill("#f-primary_color", "red")
    submit(page)
    assert error_next_to(page, "primary_color") == m["colour"]


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_forms_refuse_bad_input_in_the_users_language(new_context, world, lang):
    slug = TENANT[lang]
    _login_form(new_context(locale=f"{lang}-BE"), lang)
    _member_forms(sign_in(new_context(), slug, world.tenants[slug].member_email), lang)
    _admin_forms(sign_in(new_context(), slug, world.tenants[slug].admin_email), lang)


def test_the_users_choice_of_language_wins(new_context, world):
    page = sign_in(new_context(), "smart-be", world.tenants["smart-be"].member_email)
    assert page.locator("html").get_attribute("lang") == "fr"
    page.goto("/app/profile")
    page.select_option("#f-language", "nl")
    submit(page)
    page.wait_for_selector("html[lang=nl]")
    page.goto("/app/clients")
    submit(page)
    assert error_next_to(page, "name") == MESSAGES["nl"]["required"]
