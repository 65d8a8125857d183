"""Contribution bases of one payslip: prorated ceiling, tranches, SMIC of the month."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from partage.plugins.fr.payroll.inputs import FrPayslipInput
from partage.plugins.fr.payroll.rates import FrRates

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Bases:
    """Bases in euros (exact, not rounded)."""

    gross: Decimal
    ceiling: Decimal        # PMSS prorated for part time and entry/exit
    t1: Decimal             # gross up to 1 ceiling
    t2: Decimal             # gross between 1 and t2_ceiling_pmss ceilings
    cap_unemployment: Decimal
    cet: Decimal            # gross up to 8 ceilings, only when gross > 1 ceiling
    apec: Decimal
    csg: Decimal            # CSG/CRDS base before the employer provident share
    smic_ratio: Decimal     # part of a full-time month (SMIC proration)


def prorated_ceiling(data: FrPayslipInput, rates: FrRates) -> Decimal:
    """PMSS x work-time ratio, x days/30 for an entry or exit during the month (art. R242-2 CSS)."""
    ceiling = rates["pmss"] * data.work_time_ratio
    if not data.whole_month:
        ceiling = ceiling * min(Decimal(data.employment_days), rates["proration_days"]) / rates["proration_days"]
    return ceiling


def smic_ratio(data: FrPayslipInput) -> Decimal:
    """Share of a full-time, full month used to prorate the SMIC of the general reduction."""
    ratio = data.work_time_ratio
    if not data.whole_month:
        ratio = ratio * Decimal(data.employment_days) / Decimal(data.days_in_month)
    return ratio


def csg_base(gross: Decimal, ceiling: Decimal, rates: FrRates) -> Decimal:
    """Gross minus the professional-expenses abatement on the part up to N ceilings."""
    capped = min(gross, rates["abatement_ceiling_pmss"] * ceiling)
    return gross - capped * rates["professional_expenses_abatement"]


def compute_bases(data: FrPayslipInput, rates: FrRates) -> Bases:
    """All bases of ``data`` under ``rates``."""
    gross = data.gross
    ceiling = prorated_ceiling(data, rates)
    t1 = min(gross, ceiling)
    t2 = min(max(gross - ceiling, ZERO), (rates["t2_ceiling_pmss"] - 1) * ceiling)
    cet = min(gross, rates["t2_ceiling_pmss"] * ceiling) if gross > ceiling else ZERO
    return Bases(
        gross=gross, ceiling=ceiling, t1=t1, t2=t2,
        cap_unemployment=min(gross, rates["unemployment_ceiling"] * ceiling), cet=cet,
        apec=min(gross, rates["apec_ceiling_pmss"] * ceiling), csg=csg_base(gross, ceiling, rates),
        smic_ratio=smic_ratio(data),
    )
