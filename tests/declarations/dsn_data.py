"""A demo French month: two employees of a CAE, with URSSAF and non-URSSAF contributions."""
from __future__ import annotations

from datetime import date, datetime

from partage.core.declarations import Period
from partage.plugins.fr.declarations.inputs import (Contact, Contract, DsnMonth, Employee, FrEmployer,
                                            IndividualContribution as C, Person)

# SIREN/SIRET/NIR values checked in france.md 10.2 (Luhn / mod 97 keys)
EMPLOYER = FrEmployer("732829320", "00074", "Smart FR CAE", "10 rue des Coopératives", "75011", "Paris",
                      "7022Z", "1486", "78861779300013", 12, "742CB", "1.20")
CONTACT = Contact("Paie Smart", "paie@example.org", "0102030405")
NIR_1 = "186087512345672"
NIR_2 = "295022A12345627"  # Corsica: 2A counts as 19 in the key


def employee(nir, last, first, sex, number, gross, contributions):
    return Employee(Person(nir, last, first, sex, date(1986, 8, 1), "Paris", "75", number),
                    Contract(f"C{number}00", date(2026, 1, 5), "02", date(2026, 1, 30), reason="02"),
                    gross, max(gross - 45000, 0), max(gross - 47000, 0), "0.00", 0, date(2026, 1, 31), "151.67",
                    (("02", gross), ("03", gross), ("04", gross)), contributions)


def month() -> DsnMonth:
    one = employee(NIR_1, "Martin", "Paul", "01", "001", 250000, (
        C("076", "100", 250000, 17250, "6.90", "02"),
        C("075", "100", 250000, 1000, "0.40", "03"),
        C("072", "260", 250000, 23813, "9.50", "04", urssaf=True),
        C("131", "RET", 250000, 7875, "3.15", "03", urssaf=False),
    ))
    two = employee(NIR_2, "Durand", "Léa", "02", "002", 183333, (
        C("076", "100", 183333, 12650, "6.90", "02"),
        C("075", "100", 183333, 733, "0.40", "03"),
        C("072", "260", 183333, 17417, "9.50", "04"),
    ))
    return DsnMonth(EMPLOYER, CONTACT, Period.month(2026, 1), (one, two), datetime(2026, 2, 3, 8, 0))
