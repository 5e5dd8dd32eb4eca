"""Progress of a target at the as-of date: actual, expected trajectory, status.

Two kinds of KPI behave differently:
- *cumulative* KPIs (aggregation `sum`: sales, revenue) add up over the objective's window; the
  trajectory grows from 0 to the target (the baseline is the previous period's figure, shown
  for comparison);
- *level* KPIs (`mean`, `last`: satisfaction, cost per lead) are compared as they stand; the
  trajectory moves from the baseline to the target.
The trajectory follows `phasing` when given, else grows evenly over the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..model import Kpi, Measure, Period
from ..model.units import in_points
from .series import Point, Scope, combine, series
from .verdicts import Status, Thresholds, closed_status, its_way, move, target_status, worst

__all__ = ["Progress", "Status", "Thresholds", "assess", "elapsed", "expected_value", "worst"]


@dataclass(frozen=True)
class Progress:
    """Where a target stands at the as-of date."""

    kpi: Kpi
    target: float | None
    baseline: float | None
    window: Period
    actual: float | None
    expected: float | None
    ratio: float | None
    progress: float | None
    status: Status
    points: tuple[Point, ...] = ()
    phasing: dict[Period, float] | None = None
    last_year: float | None = None
    """The same periods a year earlier, rolled up the same way (None unless results hold every
    one of them): 95 vehicles from January to June 2024 beside 103 in 2025."""

    @property
    def year_over_year(self) -> float | None:
        """The actual against last year's same periods: points for rates, else relative."""
        return move(self.kpi, self.last_year, self.actual)

    @property
    def year_over_year_is_good(self) -> bool | None:
        return its_way(self.kpi, self.year_over_year)

    @property
    def cumulative(self) -> bool:
        return self.kpi.aggregation == "sum"

    @property
    def target_change(self) -> float | None:
        """How far the target is from the baseline: relative (240 on 200: +0.2), in points for
        rates and scores (90 % on 84 %: +6)."""
        if self.target is None or self.baseline is None:
            return None
        if in_points(self.kpi.unit):
            return self.target - self.baseline
        return self.target / self.baseline - 1 if self.baseline else None

    @property
    def gap(self) -> float | None:
        """Actual minus expected by now (−440 100 € behind, +12 ahead); None when unknown."""
        if self.actual is None or self.expected is None:
            return None
        return self.actual - self.expected

    def expected_at(self, day: date) -> float | None:
        """Where the trajectory stands at `day` (None before the window or without a target)."""
        if self.target is None or day < self.window.first:
            return None
        return expected_value(self.kpi, self.target, self.baseline, self.window, self.phasing, day)


def elapsed(window: Period, as_of: date) -> float:
    """Share of the window's days gone by at `as_of` (inclusive), between 0 and 1."""
    if as_of < window.first:
        return 0.0
    if as_of >= window.last:
        return 1.0
    return ((as_of - window.first).days + 1) / window.days


def expected_value(
    kpi: Kpi,
    target: float,
    baseline: float | None,
    window: Period,
    phasing: dict[Period, float] | None,
    as_of: date,
) -> float:
    if kpi.aggregation == "sum":
        if phasing:
            return sum(v * elapsed(p, as_of) for p, v in phasing.items())
        return target * elapsed(window, as_of)
    start = baseline if baseline is not None else target
    if phasing:
        # Piecewise linear between the phase targets, reached at the end of each phase.
        previous_value, previous_day = start, window.first
        for period in sorted(phasing):
            value = phasing[period]
            if as_of <= period.last:
                span = Period(previous_day, period.last)
                return previous_value + (value - previous_value) * elapsed(span, as_of)
            previous_value, previous_day = value, period.last
        return previous_value
    return start + (target - start) * elapsed(window, as_of)


def _toward_target(kpi: Kpi, actual: float, target: float, baseline: float | None) -> float:
    if kpi.aggregation != "sum" and baseline is not None and baseline != target:
        share = (actual - baseline) / (target - baseline)
    elif kpi.direction == "decrease":
        share = target / actual if actual > 0 else 1.0
    else:
        share = actual / target if target else 1.0
    return min(max(share, 0.0), 1.0)


def _ratio(kpi: Kpi, actual: float, expected: float) -> float | None:
    if kpi.direction == "decrease":
        return expected / actual if actual > 0 else None
    return actual / expected if expected > 0 else None


def assess(
    kpi: Kpi,
    target: float | None,
    baseline: float | None,
    window: Period,
    measures: Sequence[Measure],
    as_of: date,
    *,
    scope: Scope = Scope(),
    phasing: dict[Period, float] | None = None,
    thresholds: Thresholds = Thresholds(),
) -> Progress:
    """Progress of `target` on `kpi` over `window`, judged at `as_of`."""
    # Results are counted from the start of the cadence period holding the window's first day.
    since = Period.containing(window.first, kpi.cadence).first
    until = min(as_of, window.last)
    points = tuple(series(measures, kpi, scope, until=until, since=since))
    actual = combine([p.value for p in points], kpi.aggregation) if points else None
    last_year = _last_year(measures, kpi, scope, points)

    def result(
        status: Status,
        expected: float | None = None,
        ratio: float | None = None,
        share: float | None = None,
    ) -> Progress:
        return Progress(
            kpi,
            target,
            baseline,
            window,
            actual,
            expected,
            ratio,
            share,
            status,
            points,
            phasing,
            last_year,
        )

    if as_of < window.first:
        return result("not_started")
    if actual is None or target is None:
        return result("no_data")
    expected = expected_value(kpi, target, baseline, window, phasing, as_of)
    share = _toward_target(kpi, actual, target, baseline)
    reached = actual <= target if kpi.direction == "decrease" else actual >= target
    if reached and (kpi.aggregation == "sum" or as_of >= window.last):
        return result("achieved", expected, _ratio(kpi, actual, expected), 1.0)
    ratio = _ratio(kpi, actual, expected)
    if as_of >= window.last:  # the window has ended below the target
        return result(closed_status(reached), expected, ratio, share)
    if ratio is None:
        return result("no_data", expected, None, share)
    return result(target_status(ratio, thresholds), expected, ratio, share)


def _last_year(
    measures: Sequence[Measure], kpi: Kpi, scope: Scope, points: Sequence[Point]
) -> float | None:
    """`points`' periods a year earlier, rolled up with the KPI's aggregation; None unless the
    results hold every one of them (a partial year would read as a fall)."""
    if not points:
        return None
    wanted = [p.period.years_later(-1) for p in points]
    earlier = series(measures, kpi, scope, since=wanted[0].first, until=wanted[-1].last)
    by_period = {p.period: p.value for p in earlier}
    if any(period not in by_period for period in wanted):
        return None
    return combine([by_period[period] for period in wanted], kpi.aggregation)
