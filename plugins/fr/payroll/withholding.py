"""Prélèvement à la source (PAS): personalised rate, or the neutral grid of the region."""
from __future__ import annotations

from decimal import Decimal

from partage.plugins.fr.payroll.inputs import FrPayslipInput
from partage.plugins.fr.payroll.rates import FrRates


def withholding_rate(data: FrPayslipInput, net_taxable: Decimal, rates: FrRates) -> tuple[Decimal, tuple[str, ...]]:
    """Rate applied to the net taxable pay, and warnings (e.g. a neutral grid older than the year)."""
    if data.pas_rate is not None:
        return data.pas_rate, ()
    grid_year = rates.pas_grid_years[data.region]
    warnings = ()
    if grid_year < data.period.year:
        warnings = (f"pas_grid_outdated: the {data.region} neutral grid of {grid_year} is applied in {data.period.year}",)
    return rates.pas_grids[data.region].rate_for(net_taxable), warnings
