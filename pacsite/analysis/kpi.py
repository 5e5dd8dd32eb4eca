"""A KPI: its series (for the plan or a segment), the figures its chart and tile show, what
targets it, and its drop alerts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta

from ..model import Kpi, Measure, Period, Plan, Segment
from .context import Context
from .progress import Progress
from .rules import Alert, Where, drop_reference, drop_threshold, kpi_drop
from .series import MeasureIndex, Point, Scope, series
from .verdicts import Status, its_way, move, worst

__all__ = ["KpiState", "kpi_state", "segment_kpis"]


@dataclass(frozen=True)
class KpiState:
    """A KPI's series (for the plan, or a segment), its latest value and change, what targets it,
    and the figures its chart shows: the trajectory and the running total per period."""

    kpi: Kpi
    points: list[Point]
    targets: list[Progress] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    title: str | None = None
    """A chart title other than the KPI's name (a segment's series)."""
    last_year: list[float | None] = field(default_factory=list)
    """The value of the same period a year earlier, for each point (None where unknown)."""

    @property
    def year_over_year(self) -> float | None:
        """The latest period against the same period last year: points for rates and scores,
        else a relative change."""
        if not self.points or not self.last_year or self.last_year[-1] is None:
            return None
        return move(self.kpi, self.last_year[-1], self.points[-1].value)

    @property
    def headline(self) -> Progress | None:
        """The target the KPI's tile and chart show: the first one with a figure."""
        return next((t for t in self.targets if t.target is not None), None)

    @property
    def trajectory(self) -> list[float | None]:
        """Where the headline target's trajectory stands at the end of each period."""
        target = self.headline
        if target is None:
            return [None] * len(self.points)
        return [target.expected_at(p.period.last) for p in self.points]

    @property
    def target_per_period(self) -> list[float | None]:
        """What each period should bring: for a summed KPI, the trajectory from the period's
        first day to its last (a month with no result before it does not swell the next one's);
        else the trajectory itself."""
        trajectory = self.trajectory
        target = self.headline
        if self.kpi.aggregation != "sum" or target is None:
            return trajectory
        out: list[float | None] = []
        for p, end in zip(self.points, trajectory, strict=True):
            start = target.expected_at(p.period.first - timedelta(days=1))
            out.append(None if end is None else end - (start or 0.0))
        return out

    @property
    def cumulative(self) -> list[float]:
        """The running total of the periods' values (a summed KPI's year to date)."""
        out, running = [], 0.0
        for p in self.points:
            running += p.value
            out.append(running)
        return out

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def change(self) -> float | None:
        """The latest period against the previous one: a difference in points for rates and
        scores, else a relative change."""
        if len(self.points) < 2:
            return None
        return move(self.kpi, self.points[-2].value, self.points[-1].value)

    @property
    def year_over_year_is_good(self) -> bool | None:
        """Whether the latest period beats the same period last year, the KPI's way."""
        return its_way(self.kpi, self.year_over_year)

    @property
    def change_is_good(self) -> bool | None:
        """Whether the latest change goes the KPI's way (up for `increase`, down for `decrease`)."""
        return its_way(self.kpi, self.change)

    @property
    def status(self) -> Status:
        return worst([t.status for t in self.targets])


def kpi_state(ctx: Context, kpi: Kpi, targets: list[Progress]) -> KpiState:
    """The plan's series of a KPI over the plan's own periods (earlier results are last year's
    figures beside them), the targets that bear on it, and its drop alerts."""
    start = Period.containing(ctx.plan.period.first, kpi.cadence).first
    points = series(ctx.measures, kpi, until=ctx.as_of, since=start)
    last_year = _last_year(ctx.measures, kpi, points, Scope())
    state = KpiState(kpi, points, targets, last_year=last_year)
    return replace(state, alerts=_drop_alerts(ctx.plan, state, ctx.measures.by_kpi.get(kpi.id, [])))


def _drop_alerts(plan: Plan, state: KpiState, measures: Sequence[Measure]) -> list[Alert]:
    """A drop alert for each period where the KPI went the wrong way beyond the threshold,
    against what that period was expected to bring (the plan's phasing, else last year's same
    period, else the previous period); placed on the segment or axis when every row of the KPI
    is about one."""
    kpi, points = state.kpi, state.points
    segments = {m.segment for m in measures}
    axes = {m.axis for m in measures}
    where = Where(
        kpi.id,
        next(iter(segments)) if len(segments) == 1 else None,
        next(iter(axes)) if len(axes) == 1 else None,
    )
    threshold = drop_threshold(plan, kpi)
    target = state.headline
    planned = state.target_per_period if target is not None and target.phasing else []
    alerts = []
    for i, point in enumerate(points):
        previous = points[i - 1].value if i else None
        last_year = state.last_year[i] if i < len(state.last_year) else None
        expected = planned[i] if i < len(planned) else None
        reference = drop_reference(previous, last_year, expected)
        alerts.append(kpi_drop(kpi, point, reference, threshold, where))
    return [a for a in alerts if a is not None]


def _last_year(
    measures: MeasureIndex, kpi: Kpi, points: Sequence[Point], scope: Scope
) -> list[float | None]:
    """For each point, the value of the same period a year before (same scope)."""
    if not points:
        return []
    first, last = points[0].period.years_later(-1), points[-1].period.years_later(-1)
    earlier = series(measures, kpi, scope, since=first.first, until=last.last)
    by_period = {p.period: p.value for p in earlier}
    return [by_period.get(p.period.years_later(-1)) for p in points]


def segment_kpis(ctx: Context, segment: Segment, kpis: dict[str, KpiState]) -> list[KpiState]:
    """The segment's own series of each KPI its axes follow (objective KPI first)."""
    measures, day = ctx.measures, ctx.as_of
    ids: list[str] = []
    for axis in segment.axes:
        objective = axis.objective
        own = [objective.kpi] if objective and objective.kpi else []
        for kpi_id in [*own, *axis.kpis]:  # an axis may list its objective's KPI again
            if kpi_id not in ids:
                ids.append(kpi_id)
    out = []
    for kpi_id in ids:
        state = kpis.get(kpi_id)
        if state is None:
            continue
        scope = Scope(segment.id)
        start = state.points[0].period.first if state.points else None
        points = series(measures, state.kpi, scope, until=day, since=start)
        if points:
            title = f"{state.kpi.name} — {segment.name}"
            last_year = _last_year(measures, state.kpi, points, scope)
            out.append(KpiState(state.kpi, points, title=title, last_year=last_year))
    return out
