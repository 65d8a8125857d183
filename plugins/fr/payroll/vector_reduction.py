"""Column path: the general reduction coefficient of every row (RGDU from 2026, Fillon before), exact.

The coefficient is a power with a fractional exponent (RGDU) or a quotient (Fillon) of the SMIC over the
gross, rounded half up to ``coefficient_decimals``. It is estimated in binary floating point (a
coefficient, never an amount: its error is about 1e-12 of the last decimal); a row whose estimate lies
within NEAR of a rounding boundary is recomputed by the scalar `Decimal` function
(`reduction.reduction_coefficient`), so each coefficient is the scalar one. Rows out of the reduction's
range (gross 0, or from the exit threshold in SMIC) get the scalar's exact zero.
"""
from __future__ import annotations

from decimal import Decimal

import numpy as np

from partage.plugins.fr.payroll.rates import FrRates
from partage.plugins.fr.payroll.reduction import reduction_coefficient
from partage.core.payroll.columns import scaled
from partage.plugins.fr.payroll.vector_profiles import Profile, Table

NEAR = 1e-6  # float ok: distance to a rounding boundary, in units of the coefficient's last decimal
ZERO = Decimal(0)


def _estimate(rates: FrRates, gross: np.ndarray, smic: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Unrounded coefficient in float64 (same formulas as `reduction.rgdu_coefficient` / `fillon_coefficient`)."""
    p = rates.reduction
    multiple = float(p["smic_multiple"])  # float ok: estimate of a coefficient, checked below
    ratio = multiple * smic / gross - 1
    if rates.scheme == "rgdu":
        t_min, power = float(p["t_min"]), float(p["power"])  # float ok: estimate of a coefficient
        return np.minimum(t_min + t * (0.5 * ratio) ** power, t_min + t)
    return np.minimum(t / (multiple - 1) * ratio, t)


def _exact(rates: FrRates, cents: int, profile: Profile, decimals: int) -> int:
    coefficient = reduction_coefficient(scaled(cents, 2), profile.sample.headcount, profile.ratio, rates)
    return int(coefficient.scaleb(decimals))


def coefficients(rates: FrRates, gross: np.ndarray, profile_of: np.ndarray,
                 table: Table) -> tuple[np.ndarray, np.ndarray, int]:
    """(coefficient x 10**decimals, rows in the reduction's range, decimals) for gross cents ``gross``."""
    decimals = int(rates.reduction["coefficient_decimals"])
    in_range = (gross > 0) & (gross < table.by_profile["exit"][profile_of])
    rows = np.flatnonzero(in_range)
    owners = profile_of[rows]
    smic, t = table.by_profile["smic"][owners], table.by_profile["t"][owners]
    estimate = _estimate(rates, gross[rows] / 100, smic, t) * 10 ** decimals
    units = np.floor(estimate + 0.5).astype(np.int64)
    for k in np.flatnonzero(np.abs(estimate - np.floor(estimate) - 0.5) < NEAR):
        units[k] = _exact(rates, int(gross[rows[k]]), table.profiles[owners[k]], decimals)
    out = np.zeros(len(gross), dtype=np.int64)
    out[rows] = units
    return out, in_range, decimals


def coded(units: np.ndarray, in_range: np.ndarray, decimals: int) -> tuple[tuple[Decimal, ...], np.ndarray]:
    """Distinct coefficients as `Decimal` (the scalar's ZERO first) and each row's position in them."""
    values, inverse = np.unique(units[in_range], return_inverse=True)
    index = np.zeros(len(units), dtype=np.int64)
    index[in_range] = inverse + 1
    return (ZERO,) + tuple(scaled(v, decimals) for v in values.tolist()), index
