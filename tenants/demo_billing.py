"""Demo billing data: members and activities, business clients with valid company/VAT numbers
(checked by the country plugin), consumers, quotes, issued invoices over the last months, payments
(full, partial, none: some invoices are overdue), a credit note and a bad debt written off; clients
in Flanders are invoiced in Dutch, in Wallonia in French, the Berlin client in German. Everything goes through the
billing services (VAT, numbering, mentions, ledger, audit), deterministic for a seed and a date.

``seed_billing(db, "smart-be", members=20, console=console)``; a tenant that already has invoices is
left alone (the demo can run twice).
"""
from __future__ import annotations

import random
from itertools import groupby
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from rich.console import Console
from sqlalchemy import func, select
from stdnum import luhn
from stdnum.fr import siren

from partage.core.billing import (accept_quote, create_activity, create_client, create_credit_note,
                          create_invoices, create_member, create_quote, decline_quote, issue_invoices,
                          record_payment, send_quote, update_settings, write_off)
from partage.core.billing.context import tenant_settings
from partage.core.billing.models import Activity, Invoice, Member
from partage.core.db import Database
from partage.core.tenancy import bind_tenant
from partage.tenants import demo_people as people
from partage.tenants.provisioning import tenant_by_slug

ACTOR = "demo"
COMPANIES = {
    "be": ["Brasserie Het Anker", "Atelier Lumière", "Théâtre de la Balsamine", "Studio Kanaal",
           "Festival Dranouter", "Boekhandel Passa Porta", "Maison de la Culture de Namur",
           "Gentse Feesten", "Les Ateliers Claus", "Concertgebouw Brugge"],
    "fr": ["Compagnie du Soleil", "Librairie des Abbesses", "Studio Belleville", "Festival d'Avignon Off",
           "Atelier Canopé", "La Gaîté Lyrique", "Maison des Métallos", "Théâtre du Rond-Point",
           "Agence Nuage", "Radio Grenouille"],
}
STREETS = {"be": ["Rue Haute", "Kouter", "Rue Neuve", "Meir", "Place du Marché"],
           "fr": ["Rue Oberkampf", "Rue de la République", "Cours Julien", "Quai des Chartrons"]}
FORMS = {"be": ["SRL", "BV", "ASBL", "SA"], "fr": ["SARL", "SAS", "Association", "SA"]}
CITIES = {"be": [("1000", "Bruxelles"), ("9000", "Gent"), ("4000", "Liège"), ("2000", "Antwerpen")],
          "fr": [("75011", "Paris"), ("69002", "Lyon"), ("13001", "Marseille"), ("33000", "Bordeaux")]}
FOREIGN = [{"kind": "business", "name": "Kulturbüro Kreuzberg GmbH", "country": "DE",
            "vat_number": "DE136695976", "street": "Oranienstraße 25", "postal_code": "10999",
            "city": "Berlin", "language": "de"}]
# Clients in Flanders get their invoices in Dutch, in Wallonia in French; elsewhere the tenant's.
CITY_LANGUAGE = {"Gent": "nl", "Antwerpen": "nl", "Liège": "fr"}
WORK = [("day", "DAY", (350, 650), (1, 5)), ("hours", "HUR", (45, 90), (2, 24)),
        ("preparation", "C62", (150, 600), (1, 1)), ("travel", "C62", (30, 120), (1, 1))]
# line descriptions in the invoice's language (the activity and member are printed above the lines)
WORK_WORDS = {
    "fr": {"day": "Journée de travail", "hours": "Heures de travail", "preparation": "Préparation",
           "travel": "Frais de déplacement"},
    "nl": {"day": "Werkdag", "hours": "Werkuren", "preparation": "Voorbereiding", "travel": "Verplaatsingskosten"},
    "de": {"day": "Arbeitstag", "hours": "Arbeitsstunden", "preparation": "Vorbereitung", "travel": "Reisekosten"},
    "en": {"day": "Day of work", "hours": "Hours of work", "preparation": "Preparation", "travel": "Travel costs"},
}
REDUCED = {"fr": "Prestation réduite après livraison", "nl": "Opdracht ingekort na levering",
           "de": "Leistungsumfang nach Lieferung reduziert", "en": "Scope reduced after delivery"}
# the seller block of the demo tenants' invoices (registered office, register city)
SELLER = {"smart-be": {"street": "Coupure Rechts 88", "postal_code": "9000", "city": "Gent",
                       "register_city": "Gent"},
          "smart-fr": {"street": "10 rue des Coopératives", "postal_code": "75011", "city": "Paris",
                       "register_city": "Paris"},
          "coop-lumen": {"street": "Rue de la Lumière 12", "postal_code": "1000", "city": "Bruxelles",
                         "register_city": "Bruxelles"}}
OTHER_RATES = {"be": ("intermediate", "reduced"), "fr": ("intermediate", "reduced")}


@dataclass
class Seeded:
    members: int = 0
    clients: int = 0
    quotes: int = 0
    invoices: int = 0
    payments: int = 0
    credit_notes: int = 0
    bad_debts: int = 0

    def line(self, slug: str) -> str:
        return (f"  billing [bold]{slug}[/]: {self.members} members, {self.clients} clients, "
                f"{self.quotes} quotes, {self.invoices} issued invoices, {self.payments} payments, "
                f"{self.credit_notes} credit note, {self.bad_debts} bad debt written off")


def company_number(country: str, rng: random.Random) -> dict[str, str]:
    """A valid enterprise number (BE: mod 97) or SIREN (FR: Luhn) with its VAT number."""
    if country == "fr":
        body = f"{rng.randrange(10_000_000, 99_999_999)}"
        number = body + luhn.calc_check_digit(body)
        return {"company_number": number, "vat_number": "FR" + siren.to_tva(number)}
    body = f"0{rng.randrange(2_000_000, 9_999_999)}"
    number = f"{body}{97 - int(body) % 97:02d}"
    return {"company_number": number, "vat_number": "BE" + number}


def _clients(session, country: str, rng: random.Random) -> list:
    made = []
    for name in COMPANIES[country]:
        postal, city = rng.choice(CITIES[country])
        street = f"{rng.choice(STREETS[country])} {rng.randrange(1, 180)}"
        data = {"kind": "business", "name": f"{name} {rng.choice(FORMS[country])}",
                "country": country.upper(), "street": street, "postal_code": postal, "city": city,
                "email": f"compta@{name.lower().split()[0]}.example", "language": CITY_LANGUAGE.get(city),
                **company_number(country, rng)}
        made.append(create_client(session, data, actor=ACTOR))
    made += [create_client(session, data, actor=ACTOR) for data in FOREIGN]
    for _ in range(2):
        first, last = people.name(country, rng)
        made.append(create_client(session, {"kind": "consumer", "name": f"{first} {last}",
                                            "country": country.upper()}, actor=ACTOR))
    return made


def _activities(session, country: str, members: int, rng: random.Random, seeded: Seeded) -> list:
    """Existing members first (e.g. the payroll demo's), then new ones, each with an activity."""
    found = list(session.scalars(select(Member).order_by(Member.created_at, Member.id).limit(members)))
    while len(found) < members:
        first, last = people.name(country, rng)
        email = f"{first}.{last}.{len(found)}@example.org".lower().replace(" ", "")
        found.append(create_member(session, {"first_name": first, "last_name": last, "email": email},
                                   actor=ACTOR))
    seeded.members = len(found)
    own = {}
    for activity in session.scalars(select(Activity).order_by(Activity.created_at, Activity.id)):
        own.setdefault(activity.member_id, activity)
    return [own.get(member.id) or create_activity(session, member.id, rng.choice(people.ACTIVITIES),
                                                  actor=ACTOR) for member in found]


def _lines(country: str, activity, client, rng: random.Random, language: str = "en") -> list[dict]:
    words = WORK_WORDS.get(client.language or language, WORK_WORDS["en"])
    lines = []
    for label, unit, (low, high), (qmin, qmax) in rng.sample(WORK, rng.randint(1, 3)):
        code = "standard"
        if client.country != country.upper() and client.is_business:
            code = "reverse_charge"
        elif rng.random() < 0.15:
            code = rng.choice(OTHER_RATES[country])
        lines.append({"description": words[label], "unit_code": unit,
                      "quantity": str(rng.randint(qmin, qmax)),
                      "unit_price": f"{rng.randint(low, high)}.00",
                      "vat_code": code, "discount_percent": rng.choice(["0", "0", "0", "5", "10"])})
    return lines


def _quotes(session, country, activities, clients, today, rng, seeded: Seeded, language: str = "en") -> None:
    for i, activity in enumerate(activities[: max(1, len(activities) // 4)]):
        client = rng.choice(clients)
        quote = create_quote(session, {"activity_id": activity.id, "client_id": client.id,
                                       "valid_until": today + timedelta(days=30),
                                       "lines": _lines(country, activity, client, rng, language)}, actor=ACTOR)
        seeded.quotes += 1
        if i % 3 == 2:
            continue                                  # still a draft
        send_quote(session, quote.id, actor=ACTOR, on=today - timedelta(days=max(0, 20 - i)))  # in order
        if i % 3 == 0:
            accept_quote(session, quote.id, actor=ACTOR)   # a draft invoice waiting to be issued
        elif rng.random() < 0.5:
            decline_quote(session, quote.id, actor=ACTOR)


def _invoices(session, country, activities, clients, today, rng, seeded: Seeded,
              advance=None, language: str = "en") -> list[Invoice]:
    """Two to four invoices per activity over the last four months: drafted in bulk, then issued
    day by day in date order (one batch per day: consecutive numbers, one audit event)."""
    planned = []
    for activity in activities:
        for _ in range(rng.randint(2, 4)):
            client = rng.choice(clients)
            planned.append((today - timedelta(days=rng.randint(3, 120)), activity, client))
    planned.sort(key=lambda p: (p[0], str(p[1].id)))
    if advance:
        advance(0, extend=2 * len(planned))     # each invoice issued, then looked at for payment
    issued = []
    for on, day in groupby(planned, key=lambda p: p[0]):
        day = list(day)
        drafts = create_invoices(session, [{"activity_id": activity.id, "client_id": client.id,
                                            "lines": _lines(country, activity, client, rng, language)}
                                           for _, activity, client in day], actor=ACTOR)
        issued += issue_invoices(session, [d.id for d in drafts], actor=ACTOR, on=on)
        if advance:
            advance(len(day))
    seeded.invoices = len(issued)
    return issued


def _payments(session, invoices: list[Invoice], today: date, rng: random.Random, seeded: Seeded,
              advance=None) -> None:
    """Most invoices paid (by structured communication or number), some in part, some overdue."""
    for i, invoice in enumerate(invoices):
        if advance and i % 50 == 49:
            advance(50)
        roll = rng.random()
        if roll < 0.25:
            continue
        half = (invoice.total_gross / 2).quantize(Decimal("0.01"))
        amount = invoice.total_gross if roll < 0.85 else half
        received = min(today, invoice.issue_date + timedelta(days=rng.randint(5, 40)))
        record_payment(session, {"amount": amount, "received_on": received, "invoice_id": invoice.id,
                                 "communication": invoice.payment_reference,
                                 "payer_name": f"client {invoice.client_id.hex[:6]}"}, actor=ACTOR)
        seeded.payments += 1
    if advance:
        advance(len(invoices) % 50)


def _credit_note(session, invoices: list[Invoice], today: date, seeded: Seeded) -> None:
    """A partial credit note (half of its first line) on the latest unpaid invoice, else the latest."""
    if not invoices:
        return
    invoice = ([i for i in invoices if i.status == "issued"] or invoices)[-1]
    first = invoice.lines[0]
    reason = REDUCED.get(invoice.language or "en", REDUCED["en"])  # in the invoice's language
    create_credit_note(session, invoice.id, {"reason": reason, "lines": [{
        "description": first.description, "quantity": str(first.quantity / 2),
        "unit_price": str(first.unit_price), "vat_code": first.vat_code,
        "unit_code": first.unit_code, "discount_percent": str(first.discount_percent)}]},
        actor=ACTOR, on=max(today, invoice.issue_date))
    seeded.credit_notes = 1


def _bad_debt(session, invoices: list[Invoice], today: date, seeded: Seeded) -> None:
    """The oldest invoice nobody paid written off (its client went bankrupt), when another unpaid
    one stays open: the guarantee fund absorbs what the member cannot."""
    unpaid = sorted((i for i in invoices if i.status == "issued"), key=lambda i: (i.issue_date, i.number))
    if len(unpaid) < 2:
        return
    invoice = unpaid[0]
    write_off(session, invoice.id, {"reason": "Client declared bankrupt; no dividend expected"},
              actor=ACTOR, on=max(today, invoice.issue_date))
    seeded.bad_debts = 1


def seed_billing(db: Database, tenant_slug: str, members: int, console: Console | None = None, *,
                 seed: int = 2026, today: date | None = None, advance=None) -> Seeded:
    """Members, activities, clients, quotes, issued invoices, payments, a credit note and a bad debt."""
    tenant = tenant_by_slug(db, tenant_slug)
    country, today = tenant.country, today or date.today()
    rng, seeded = random.Random(f"{seed}:{tenant_slug}"), Seeded()
    with bind_tenant(tenant.id), db.session() as session:
        if session.scalar(select(func.count()).select_from(Invoice)):
            if console:
                console.print(f"  billing [bold]{tenant_slug}[/]: invoices already there, left alone")
            return seeded
        if not tenant_settings(session).bank_account:
            update_settings(session, {"bank_account": people.iban(country, rng)[0]}, actor=ACTOR)
        if tenant_slug in SELLER and not tenant_settings(session).street:
            update_settings(session, SELLER[tenant_slug], actor=ACTOR)
        activities = _activities(session, country, members, rng, seeded)
        clients = _clients(session, country, rng)
        seeded.clients = len(clients)
        language = (tenant.locales or ["en"])[0]
        _quotes(session, country, activities, clients, today, rng, seeded, language)
        invoices = _invoices(session, country, activities, clients, today, rng, seeded, advance, language)
        _payments(session, invoices, today, rng, seeded, advance)
        _credit_note(session, invoices, today, seeded)
        _bad_debt(session, invoices, today, seeded)
    if console:
        console.print(seeded.line(tenant_slug), highlight=False)
    return seeded
