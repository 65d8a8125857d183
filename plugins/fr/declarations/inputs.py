"""Typed inputs of the French declarations: stored data as plain dataclasses, amounts in cents."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from partage.core.declarations import Period


@dataclass(frozen=True, slots=True)
class FrEmployer:
    siren: str
    nic: str                  # establishment (SIRET = SIREN + NIC)
    name: str
    street: str
    postcode: str
    city: str
    naf: str                  # APE/NAF code, e.g. 7022Z
    idcc: str = "9999"        # collective agreement; 9999 = none
    urssaf_id: str = ""       # identifier of the URSSAF (organisme de protection sociale)
    headcount: int = 0
    at_risk_code: str = ""    # code risque accident du travail (S21.G00.40.040)
    at_rate: str = ""         # taux AT in percent, "1.20" (S21.G00.40.043)
    payment_mode: str = "05"  # S21.G00.20.010: 05 prélèvement SEPA


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    email: str
    phone: str


@dataclass(frozen=True, slots=True)
class Person:
    nir: str | None           # 15 characters with key, or 13 without; None if unknown (DPAE only)
    last_name: str
    first_names: str
    sex: str                  # "01" man, "02" woman (DSN coding)
    birthdate: date
    birthplace: str
    birth_department: str = ""   # "75", "2A"; "99" born abroad
    employee_number: str = ""    # matricule (S21.G00.30.019), distinct per person in the company
    birth_country: str = "FR"    # ISO 3166-1 alpha-2 (S21.G00.30.015)
    eu_code: str = "01"          # codification UE (S21.G00.30.013): 01 France, 02 EU, 03 EEA, 04 other


@dataclass(frozen=True, slots=True)
class Contract:
    number: str
    start: date
    nature: str = "02"           # 01 CDI, 02 CDD (DSN S21.G00.40.007)
    end: date | None = None      # planned end (CDD)
    job_title: str = "Entrepreneur salarié"
    pcs: str = "389a"            # PCS-ESE
    cadre: bool = False
    hours_per_month: str = "151.67"   # quotité du contrat (unit: hours)
    reason: str = ""             # motif de recours of a CDD (S21.G00.40.021)
    status: str = "06"           # statut conventionnel (S21.G00.40.002): 04 cadre, 06 employé, 07 ouvrier
    retirement: str = "RUAA"     # régime de retraite complémentaire (S21.G00.71.002)


@dataclass(frozen=True, slots=True)
class IndividualContribution:
    code: str                 # S21.G00.81.001, e.g. "076" vieillesse plafonnée
    ctp: str                  # code type de personnel for the URSSAF bordereau, e.g. "100"
    base: int                 # cents
    amount: int               # cents
    rate: str = ""            # "6.90" (percent) if a rate applies
    base_code: str = "03"     # S21.G00.78.001 the contribution attaches to ("02" plafonnée, "03" déplafonnée...)
    urssaf: bool = True       # part of the URSSAF bordereau (S21.G00.22/23)


@dataclass(frozen=True, slots=True)
class Employee:
    person: Person
    contract: Contract
    gross: int                          # cents, rémunération brute non plafonnée
    net_taxable: int                    # cents, rémunération nette fiscale
    net_paid: int                       # cents, montant net versé
    pas_rate: str                       # "0.00" percent
    pas_amount: int                     # cents
    paid_on: date
    hours: str = "151.67"
    bases: tuple[tuple[str, int], ...] = ()    # (S21.G00.78.001 code, cents)
    contributions: tuple[IndividualContribution, ...] = ()
    unemployment_gross: int | None = None      # S21.G00.51 type 002 (None: the gross)
    pas_type: str = "13"                       # S21.G00.50.007: 01 rate from the DGFiP, 13 monthly grid
    components: tuple[tuple[str, str, int], ...] = ()   # (base code, S21.G00.79.001 type, cents)


@dataclass(frozen=True, slots=True)
class DsnMonth:
    employer: FrEmployer
    contact: Contact
    month: Period
    employees: tuple[Employee, ...]
    created_at: datetime
    test: bool = True                    # S10.G00.00.005: 01 test, 02 real
    open_runs: tuple[str, ...] = ()
    establishment: tuple[tuple[str, int], ...] = ()  # S21.G00.82: (code, amount in cents)


@dataclass(frozen=True, slots=True)
class Hiring:
    """A work performance about to start (DPAE)."""

    employer: FrEmployer
    person: Person
    contract: Contract
    starts_at: datetime                  # date and time of hiring
    trial_days: int
    created_at: datetime
    health_service: str = ""             # identifier of the occupational health service (S21.G00.30.030)
    contact: Contact = Contact("", "", "")
    test: bool = True                    # S10.G00.00.005: 01 test, 02 real
