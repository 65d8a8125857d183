"""Realistic demo people: names, national numbers (valid check digits), IBANs built by schwifty."""
from __future__ import annotations

import random
from datetime import date, timedelta

from schwifty import IBAN

NAMES = {
    "be": (["Lotte", "Emma", "Lucas", "Noah", "Louise", "Arthur", "Olivia", "Jules", "Mila", "Victor",
            "Elise", "Wout", "Fien", "Mathis", "Nora", "Amir", "Yasmine", "Bram", "Hanne", "Sofiane"],
           ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
            "Wouters", "De Smet", "Dubois", "Lambert", "Dupont", "Martin", "Leroy", "El Amrani",
            "Vermeulen", "Van Damme", "Lemaire", "Declercq"]),
    "fr": (["Camille", "Léa", "Hugo", "Manon", "Louis", "Chloé", "Gabriel", "Inès", "Raphaël", "Jade",
            "Théo", "Zoé", "Nathan", "Sarah", "Karim", "Lina", "Mathilde", "Paul", "Anaïs", "Yanis"],
           ["Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
            "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "Fournier", "Girard", "Bonnet",
            "Mercier", "Benali"]),
}
BANKS = {"be": [("001", ""), ("310", ""), ("068", ""), ("363", "")],
         "fr": [("30004", "00001"), ("30003", "01234"), ("10278", "06000"), ("20041", "01005")]}
ACTIVITIES = ["Graphic design", "Stage lighting", "Translation", "Web development", "Photography",
              "Music lessons", "Video editing", "Illustration", "Sound engineering", "Workshops"]


def name(country: str, rng: random.Random) -> tuple[str, str]:
    first, last = NAMES.get(country, NAMES["be"])
    return rng.choice(first), rng.choice(last)


def birth_date(rng: random.Random) -> date:
    return date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45))


def be_national_number(born: date, rng: random.Random) -> str:
    """YYMMDD + serial + check digits (97 - n mod 97, with a leading 2 for births from 2000)."""
    body = f"{born:%y%m%d}{rng.randrange(1, 998):03d}"
    base = int(("2" if born.year >= 2000 else "") + body)
    return f"{body}{97 - base % 97:02d}"


# Communes of birth of the French demo people: INSEE code (department + commune) and name.
BIRTHPLACES = {"33063": "Bordeaux", "31555": "Toulouse", "59350": "Lille", "44109": "Nantes",
               "67482": "Strasbourg", "35238": "Rennes", "34172": "Montpellier", "06088": "Nice"}


def fr_nir(born: date, rng: random.Random) -> str:
    """Sex, year, month, department and commune of birth (one of BIRTHPLACES), order, then the key
    97 - n mod 97 (the random draws are those of any department and commune, so seeds keep their data)."""
    dept = rng.choice([d for d in range(1, 96) if d != 20])
    sex, _ = rng.choice((1, 2)), rng.randrange(1, 990)
    place = sorted(BIRTHPLACES)[dept % len(BIRTHPLACES)]
    body = f"{sex}{born:%y%m}{place}{rng.randrange(1, 999):03d}"
    return f"{body}{97 - int(body) % 97:02d}"


HOMES = {"be": [("Rue Haute 112", "1000", "Bruxelles"), ("Kouter 15", "9000", "Gent"), ("Meir 30", "2000", "Antwerpen"),
                ("Rue Neuve 8", "4000", "Liège"), ("Place du Marché 3", "5000", "Namur")],
         "fr": [("12 rue Oberkampf", "75011", "Paris"), ("3 cours Julien", "13006", "Marseille"),
                ("40 quai des Chartrons", "33000", "Bordeaux"), ("7 rue de la République", "69002", "Lyon")]}


def home(country: str, last_name: str) -> dict[str, str]:
    """A demo home address (no random draw: seeds keep their data), picked by the last name."""
    street, postcode, city = HOMES.get(country, HOMES["be"])[sum(map(ord, last_name)) % len(HOMES.get(country, HOMES["be"]))]
    return {"street": street, "postcode": postcode, "city": city, "country": country.upper()}


def birthplace(nir: str) -> str:
    """The commune of birth of a demo NIR (its INSEE code is characters 6 to 10)."""
    return BIRTHPLACES.get(nir[5:10], "")


def national_number(country: str, born: date, rng: random.Random) -> str:
    return fr_nir(born, rng) if country == "fr" else be_national_number(born, rng)


def iban(country: str, rng: random.Random) -> tuple[str, str | None]:
    """A valid IBAN (and its BIC when schwifty's bank registry knows it)."""
    bank, branch = rng.choice(BANKS.get(country, BANKS["be"]))
    digits = 11 if country == "fr" else 7
    account = f"{rng.randrange(10 ** (digits - 1), 10 ** digits)}"
    value = IBAN.generate(country.upper(), bank_code=bank, branch_code=branch, account_code=account)
    bic = value.bic
    return value.compact, str(bic) if bic else None
