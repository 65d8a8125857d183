"""General reduction of employer contributions: RGDU (2026-) and Fillon (2024-2025), and the
2024-2025 reduced maladie / allocations familiales rates."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from partage.plugins.fr.payroll.rates import FrRates

ZERO = Decimal(0)
HALF = Decimal("0.5")
ONE = Decimal(1)


def monthly_smic(hourly: Decimal, rates: FrRates, ratio: Decimal) -> Decimal:
    """SMIC of the month: hourly x annual hours / 12, prorated (exact)."""
    return hourly * rates["annual_hours"] / 12 * ratio


def power(x: Decimal, exponent: Decimal) -> Decimal:
    """``x ** exponent`` for x > 0; quarter exponents (1.75 = 7/4) use two square roots (10x faster)."""
    quarters = exponent * 4
    if quarters == quarters.to_integral_value():
        return (x ** int(quarters)).sqrt().sqrt()
    return x ** exponent


def _round_coefficient(value: Decimal, decimals: Decimal) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-int(decimals)), rounding=ROUND_HALF_UP)


def rgdu_coefficient(gross: Decimal, headcount: int, ratio: Decimal, rates: FrRates) -> Decimal:
    """RGDU coefficient: Tmin + Tdelta x [1/2 (3 SMIC / R - 1)]^P, capped at Tmin + Tdelta (art. D241-7 CSS)."""
    p = rates.reduction
    smic = monthly_smic(p["smic_hourly_reference"], rates, ratio)
    if gross <= 0 or gross >= p["smic_multiple"] * smic:
        return ZERO
    t_delta = p["t_delta"].single_amount(Decimal(headcount))
    base = HALF * (p["smic_multiple"] * smic / gross - ONE)
    value = min(p["t_min"] + t_delta * power(base, p["power"]), p["t_min"] + t_delta)
    return _round_coefficient(value, p["coefficient_decimals"])


def fillon_coefficient(gross: Decimal, headcount: int, ratio: Decimal, rates: FrRates) -> Decimal:
    """Fillon coefficient: T / (1.6 - 1) x (1.6 SMIC / R - 1), capped at T (art. D241-7 CSS, 2024-2025)."""
    p = rates.reduction
    smic = monthly_smic(rates["smic_hourly"], rates, ratio)
    multiple = p["smic_multiple"]
    if gross <= 0 or gross >= multiple * smic:
        return ZERO
    t_max = p["t_max"].single_amount(Decimal(headcount))
    value = min(t_max / (multiple - ONE) * (multiple * smic / gross - ONE), t_max)
    return _round_coefficient(value, p["coefficient_decimals"])


def reduction_coefficient(gross: Decimal, headcount: int, ratio: Decimal, rates: FrRates) -> Decimal:
    """Coefficient of the scheme in force."""
    if rates.scheme == "rgdu":
        return rgdu_coefficient(gross, headcount, ratio, rates)
    return fillon_coefficient(gross, headcount, ratio, rates)


def health_and_family_rates(gross: Decimal, ratio: Decimal, rates: FrRates) -> tuple[Decimal, Decimal]:
    """Employer maladie and AF rates: reduced below their SMIC multiple while the bandeaux apply."""
    health, family = rates["health_employer"], rates["family_employer"]
    rr = rates.reduced_rates
    if not rr["applies"]:
        return health, family
    smic = monthly_smic(max(rates["smic_hourly"], rr["smic_hourly_floor"]), rates, ratio)
    if gross <= rr["health_smic_multiple"] * smic:
        health = rates["health_employer_reduced"]
    if gross <= rr["family_smic_multiple"] * smic:
        family = rates["family_employer_reduced"]
    return health, family
