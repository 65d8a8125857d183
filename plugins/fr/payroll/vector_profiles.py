"""Column path, step 1: read the inputs into arrays and resolve, once per *profile*, what does not
depend on the gross (a profile: rows equal in every input but the gross, the PAS rate and the employee id).

Everything here is `Decimal`, computed by the scalar functions themselves (or by the very expression of
`bases.py` / `reduction.py`, noted where), so the column path meets the scalar path's values exactly.
A threshold the scalar path compares the gross with becomes integer cents (floor or ceiling, exact).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Callable, Mapping, Sequence

import numpy as np

from partage.core.params import Brackets
from partage.plugins.fr.payroll.bases import prorated_ceiling, smic_ratio
from partage.plugins.fr.payroll.contributions import round_cent
from partage.plugins.fr.payroll.inputs import FrPayslipInput, PayrollInputError
from partage.plugins.fr.payroll.rates import FrRates
from partage.plugins.fr.payroll.reduction import monthly_smic
from partage.core.payroll.columns import scale_of
from partage.plugins.fr.payroll.withholding import withholding_rate

PROFILE = attrgetter("period", "headcount", "at_rate", "cadre", "region", "work_time_ratio",
                     "employment_days", "apprenticeship_tax_liable", "entertainment", "short_cdd_usage",
                     "work_study_share")
PAS_RATE = attrgetter("pas_rate")
HUNDRED = Decimal(100)
MAX_SCALE = 8          # decimals of a ceiling, AT/MP or PAS rate beyond which rows take the scalar path
LIMITS = ("ceiling", "t2", "cet", "unemployment", "apec", "abatement")
Resolve = Callable[[Sequence[date]], Mapping[date, "FrRates | PayrollInputError"]]


@dataclass(frozen=True)
class Profile:
    """What the rows of one profile share; ``scale`` None sends them to the scalar path."""

    sample: FrPayslipInput
    rates: FrRates
    scale: int | None            # decimals of the bases (>= 2)
    gross_cap: int               # highest gross (cents) the column path computes; above: the scalar path
    limits: tuple[Decimal, ...]  # see LIMITS: the ceiling and the caps of the bases built on it
    ratio: Decimal               # SMIC proration (bases.smic_ratio)
    health_cents: int            # the reduced maladie rate applies while gross <= this (-1: never)
    family_cents: int            # the same for allocations familiales
    exit_cents: int              # the general reduction is 0 from this gross
    smic: Decimal                # SMIC of the month of the general reduction
    t: Decimal                   # Tdelta (RGDU) or T (Fillon) of the headcount
    forfait: bool                # headcount liable to the forfait social on the provident share
    grid: bool                   # the region's neutral PAS grid is one the column path reads
    warnings: tuple[str, ...]    # of a row on the neutral grid
    given_warnings: tuple[str, ...]  # of a row with a personalised PAS rate
    ceiling_cents: int


@dataclass(frozen=True)
class Table:
    """The batch as arrays: gross cents and profile id by input position (failed rows in ``errors``), and
    the profiles' values as arrays indexed by profile id (neutral values for a profile of no row)."""

    gross: np.ndarray
    profile: np.ndarray          # -1 for a failed row
    profiles: list[Profile | None]  # None: the period is not covered (rows in ``errors``)
    errors: dict[int, str]
    pas: np.ndarray              # position of the row's PAS rate in ``pas_rates``
    pas_rates: list[Decimal | None]  # the distinct PAS rates of the batch (None: neutral grid)
    on_grid: np.ndarray          # the row takes the neutral grid of its region (no personalised rate)
    by_profile: dict[str, np.ndarray]
    cached_caps: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    def caps(self, scale: int, profile_of: np.ndarray) -> np.ndarray:
        """LIMITS x 10**scale of each row's profile (``scale``: at least the profiles' own)."""
        count = len(self.profiles)
        empty = (np.zeros((count, len(LIMITS)), dtype=np.int64), np.zeros(count, dtype=bool))
        caps, done = self.cached_caps.setdefault(scale, empty)
        needed = np.unique(profile_of)
        for k in needed[~done[needed]].tolist():
            caps[k] = [math.floor(v.scaleb(scale)) for v in self.profiles[k].limits]  # exact, or see `_scale`
            done[k] = True
        return caps[profile_of]


def _by_profile(profiles: list[Profile | None]) -> dict[str, np.ndarray]:
    """Per-profile values as arrays, for the rows to index; the float columns only estimate the coefficient."""
    known = [p if p is not None and p.scale is not None else None for p in profiles]
    warnings: dict[tuple, int] = {}

    def column(get, dtype, default=0) -> np.ndarray:
        return np.array([get(p) if p else default for p in known] + [default], dtype=dtype)  # [-1]: failed row
    return {
        "covered": column(lambda p: True, bool, False), "gross_cap": column(lambda p: p.gross_cap, np.int64, -1),
        "exit": column(lambda p: p.exit_cents, np.int64),
        "smic": column(lambda p: float(p.smic), np.float64),  # float ok: estimate of a coefficient
        "t": column(lambda p: float(p.t), np.float64),  # float ok: estimate of a coefficient
        "health": column(lambda p: p.health_cents, np.int64, -1),
        "family": column(lambda p: p.family_cents, np.int64, -1),
        "forfait": column(lambda p: p.forfait, bool, False), "ceiling": column(lambda p: p.ceiling_cents, np.int64),
        "grid": column(lambda p: p.grid, bool, False),
        "warnings": column(lambda p: warnings.setdefault(p.warnings, len(warnings)), np.int64),
        "given_warnings": column(lambda p: warnings.setdefault(p.given_warnings, len(warnings)), np.int64),
    }


def limits(ceiling: Decimal, rates: FrRates) -> tuple[Decimal, ...]:
    """The ceiling and the caps `bases.compute_bases` derives from it (same expressions)."""
    return (ceiling, (rates["t2_ceiling_pmss"] - 1) * ceiling, rates["t2_ceiling_pmss"] * ceiling,
            rates["unemployment_ceiling"] * ceiling, rates["apec_ceiling_pmss"] * ceiling,
            rates["abatement_ceiling_pmss"] * ceiling)


def _reduced_rate_limits(rates: FrRates, ratio: Decimal) -> tuple[int, int]:
    """Highest gross cents keeping the reduced maladie / AF rates (`reduction.health_and_family_rates`)."""
    rr = rates.reduced_rates
    if not rr["applies"]:
        return -1, -1
    smic = monthly_smic(max(rates["smic_hourly"], rr["smic_hourly_floor"]), rates, ratio)
    return (math.floor((rr["health_smic_multiple"] * smic).scaleb(2)),
            math.floor((rr["family_smic_multiple"] * smic).scaleb(2)))


def _reduction(sample: FrPayslipInput, rates: FrRates, ratio: Decimal) -> tuple[Decimal, Decimal, int]:
    """(SMIC of the month, Tdelta or T, exit cents) of the general reduction (`reduction.py`)."""
    p = rates.reduction
    if rates.scheme == "rgdu":
        smic, t = monthly_smic(p["smic_hourly_reference"], rates, ratio), p["t_delta"]
    else:
        smic, t = monthly_smic(rates["smic_hourly"], rates, ratio), p["t_max"]
    return smic, t.single_amount(Decimal(sample.headcount)), math.ceil((p["smic_multiple"] * smic).scaleb(2))


def _grid_ok(sample: FrPayslipInput, rates: FrRates) -> bool:
    grid: Brackets | None = rates.pas_grids.get(sample.region)
    return grid is not None and all(b.rate is not None and scale_of(b.rate) <= MAX_SCALE for b in grid)


def _scale(sample: FrPayslipInput, rates: FrRates, caps: tuple[Decimal, ...]) -> tuple[int | None, int]:
    """(decimals of the bases or None when the column path does not cover the profile, highest gross).

    A ceiling prorated by days/30 may not be a finite decimal (3,925 x 13 / 30): the scalar path then
    carries a 28-digit `Decimal` into the bases above the ceiling. The column path keeps the rows at or
    under the ceiling (their bases are the gross; the ceiling only compares, exactly, with it); the rows
    above it take the scalar path.
    """
    if sample.entertainment is not None or rates.scheme not in ("rgdu", "fillon"):
        return None, -1
    if scale_of(sample.at_rate) > MAX_SCALE:
        return None, -1
    scale = max(scale_of(cap) for cap in caps)
    if scale > MAX_SCALE:
        return 2, math.floor(caps[0].scaleb(2))
    return max(scale, 2), 2 ** 62


def _grid_warnings(sample: FrPayslipInput, rates: FrRates, known: dict) -> tuple[str, ...]:
    """Warnings of a row on its region's neutral grid (`withholding.withholding_rate`), once per region."""
    key = (sample.period, sample.region)
    if key not in known:
        on_grid = sample if sample.pas_rate is None else replace(sample, pas_rate=None)
        known[key] = withholding_rate(on_grid, Decimal(0), rates)[1]
    return known[key]


def profile(sample: FrPayslipInput, rates: FrRates, known: dict) -> Profile:
    """Resolve one profile (``sample``: any of its inputs; ``known``: grid warnings found so far)."""
    ceiling = prorated_ceiling(sample, rates)
    caps = limits(ceiling, rates)
    ratio = smic_ratio(sample)
    health, family = _reduced_rate_limits(rates, ratio)
    smic, t, exit_cents = _reduction(sample, rates, ratio)
    stale = tuple(f"stale_parameter: {n}" for n in rates.stale)
    warnings = _grid_warnings(sample, rates, known) + stale
    return Profile(sample, rates, *_scale(sample, rates, caps), caps, ratio, health, family, exit_cents, smic, t,
                   sample.headcount >= rates["forfait_social_headcount"], _grid_ok(sample, rates), warnings, stale,
                   int(round_cent(ceiling).scaleb(2)))


def _gross_cents(inputs: Sequence, valid: list[bool]) -> np.ndarray:
    """Gross in cents (-1 where the row failed or the amount is too large for int64)."""
    cents = [int(item.gross * HUNDRED) if ok else -1 for item, ok in zip(inputs, valid)]
    try:
        return np.array(cents, dtype=np.int64)
    except OverflowError:
        return np.array([c if c < 2 ** 62 else -1 for c in cents], dtype=np.int64)


def _ids(inputs: Sequence) -> tuple[list[int], list[int], list[Decimal | None], dict[int, str]]:
    """(profile id, PAS rate id) of each row (-1 for a failed row), the distinct PAS rates, the errors."""
    profiles: dict[tuple, int] = {}
    rates: dict[Decimal | None, int] = {}
    if all(type(item) is FrPayslipInput for item in inputs):  # the bulk case, in C loops
        profile_of = [profiles.setdefault(key, len(profiles)) for key in map(PROFILE, inputs)]
        pas_of = [rates.setdefault(rate, len(rates)) for rate in map(PAS_RATE, inputs)]
        return profile_of, pas_of, list(rates), {}
    profile_of, pas_of, errors = [], [], {}
    for i, item in enumerate(inputs):
        if isinstance(item, FrPayslipInput):
            profile_of.append(profiles.setdefault(PROFILE(item), len(profiles)))
            pas_of.append(rates.setdefault(item.pas_rate, len(rates)))
        else:
            profile_of.append(-1)
            pas_of.append(-1)
            errors[i] = str(PayrollInputError(f"inputs[{i}]", f"expected FrPayslipInput, got {type(item).__name__}"))
    return profile_of, pas_of, list(rates), errors


def _profiles(samples: list[FrPayslipInput], resolve: Resolve) -> tuple[list[Profile | None], dict[int, str]]:
    """The profiles of ``samples``; a profile whose period is not covered is None, with its error."""
    by_period = resolve(sorted({s.period for s in samples}))
    profiles, failed, known = [], {}, {}
    for k, sample in enumerate(samples):
        rates = by_period[sample.period]
        if isinstance(rates, PayrollInputError):
            profiles.append(None)
            failed[k] = str(rates)
        else:
            profiles.append(profile(sample, rates, known))
    return profiles, failed


def read_inputs(inputs: Sequence, resolve: Resolve) -> Table:
    """The batch as a `Table`; parameters are resolved once per period (``resolve``)."""
    ids, pas_of, pas_rates, errors = _ids(inputs)
    profile_of = np.array(ids, dtype=np.int64)
    found, first = np.unique(profile_of, return_index=True)  # first position of each profile
    profiles, failed = _profiles([inputs[int(i)] for i in first[found >= 0]], resolve)
    if failed:
        uncovered = np.isin(profile_of, list(failed))
        for i in np.flatnonzero(uncovered).tolist():
            errors[i] = failed[ids[i]]
        profile_of[uncovered] = -1
    pas = np.array(pas_of, dtype=np.int64)
    on_grid = np.array([rate is None for rate in pas_rates] + [False], dtype=bool)[pas]
    return Table(_gross_cents(inputs, (profile_of >= 0).tolist()), profile_of, profiles, errors, pas, pas_rates,
                 on_grid, _by_profile(profiles))
