"""Analyse a plan at its as-of date: objectives, axes, segments, KPIs, actions, budget, alerts."""

from __future__ import annotations

import calendar
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from ..model import Axis, Kpi, Measure, Objective, Period, Plan, Segment
from ..model.plan import Target
from ..model.units import in_points
from .budget import BudgetState, budget_state
from .progress import Progress, Status, Thresholds, assess
from .reviews import Decided, decided, decisions_at
from .rollup import ActionState, Rollup, action_state, is_monetary, roi, rollup
from .rules import (
    Alert,
    Where,
    drop_reference,
    drop_threshold,
    its_way,
    kpi_drop,
    move,
    objective_off_track,
    over_budget,
    overdue,
    roi_low,
    roi_rule,
    running,
    worst,
)
from .series import MeasureIndex, Point, Scope, series
from .stale import Freshness, Stale, stale_items

__all__ = [
    "AxisState",
    "KpiState",
    "ObjectiveState",
    "PlanAnalysis",
    "Reference",
    "SegmentState",
    "analyse",
    "build_date",
]

AsOfSource = Literal["option", "plan", "results", "build"]


def build_date() -> date:
    """Today, or the day of `SOURCE_DATE_EPOCH` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


@dataclass
class ObjectiveState:
    """An objective, its key results' progress, and their mean."""

    objective: Objective
    results: list[Progress]
    progress: float | None
    status: Status


@dataclass
class AxisState:
    """A development axis: objective progress, actions, cost and ROI."""

    axis: Axis
    segment: Segment
    window: Period
    progress: Progress | None
    actions: list[ActionState]
    rollup: Rollup
    revenue: float | None
    """What the axis's money KPI brought in its window so far (its scope's results)."""
    cost: float | None
    roi: float | None
    """Incremental: `extra` revenue for one unit of cost (None without a reference)."""
    reference: Reference | None = None
    """What the same scope brought without the axis: the same window last year, else the
    objective's baseline pro rata."""
    measured_on: Literal["axis", "segment"] = "segment"
    """Whose results measure the axis: rows naming the axis, else its segment's rows (then
    its figures are the segment's, not the plan-wide objective's)."""
    unmeasured: RoiGap | None = None
    """Why `roi` is None: no money KPI, not started, no results for its scope yet, nothing to
    compare with (no last year, no baseline), or no cost."""

    @property
    def extra(self) -> float | None:
        """Revenue beyond the reference: what the axis added."""
        if self.revenue is None or self.reference is None:
            return None
        return self.revenue - self.reference.value

    @property
    def expected_roi(self) -> float | None:
        return self.axis.expected_roi

    @property
    def budget(self) -> float | None:
        """The axis's own budget, else its actions' budgets."""
        return self.axis.budget if self.axis.budget is not None else self.rollup.budget

    @property
    def consumed(self) -> float | None:
        """Share of the axis's budget spent."""
        return self.rollup.spent / self.budget if self.budget else None


RoiGap = Literal["no_money_kpi", "not_started", "no_results", "no_reference", "no_cost"]


def roi_unmeasured(
    has_money_kpi: bool,
    not_started: bool,
    revenue: float | None,
    reference: Reference | None,
    cost: float | None,
) -> RoiGap | None:
    """Why an axis's ROI cannot be measured yet (None when it can): no data is never a zero."""
    if not has_money_kpi:
        return "no_money_kpi"
    if not_started:
        return "not_started"
    if revenue is None:
        return "no_results"
    if reference is None:
        return "no_reference"
    if not cost:
        return "no_cost"
    return None


@dataclass(frozen=True)
class Reference:
    """What revenue would have been without an axis, and where that figure comes from."""

    value: float
    source: Literal["last_year", "baseline", "attributed"]
    window: Period
    """The period the reference was measured over (last year's dates for `last_year`)."""


@dataclass
class SegmentState:
    """A segment with its axes and the roll-up of its actions."""

    segment: Segment
    axes: list[AxisState]
    actions: list[ActionState]
    rollup: Rollup
    kpis: list[KpiState] = field(default_factory=list)
    """The segment's own series of each KPI its axes follow."""
    actual_share: float | None = None
    """Its part of the plan's money KPI so far, among the segments (None without results)."""
    ended: bool = False
    """Whether its period (its own, else the plan's) is over at the as-of date."""

    @property
    def status(self) -> Status:
        """The segment's verdict: the most worrying of its active axes' (a suspended or
        dropped axis no longer counts); missed only once its period is over."""
        return running(
            worst(
                [a.progress.status for a in self.axes if a.progress is not None and a.axis.counts]
            ),
            self.ended,
        )


@dataclass
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
    def change_in_points(self) -> bool:
        """A rate or a score changes in points (31 % → 24 %: −7 points), not in per cent."""
        return in_points(self.kpi.unit)

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


@dataclass
class PlanAnalysis:
    """Everything computed about a plan; what the site and `pacsite status` show."""

    plan: Plan
    as_of: date
    as_of_source: AsOfSource
    objectives: list[ObjectiveState]
    segments: list[SegmentState]
    kpis: list[KpiState]
    actions: list[ActionState]
    rollup: Rollup
    alerts: list[Alert]
    measures: Sequence[Measure]
    budget: BudgetState
    stale: list[Stale] = field(default_factory=list)
    """Data the meeting cannot trust at the as-of date (see `stale.py`)."""
    decisions: dict[str, Decided] = field(default_factory=dict)
    """The latest review decision up to the as-of date, by axis id."""

    @property
    def progress(self) -> float | None:
        """Mean progress of the plan's objectives (the headline figure)."""
        values = [o.progress for o in self.objectives if o.progress is not None]
        return sum(values) / len(values) if values else None

    @property
    def status(self) -> Status:
        """The plan's verdict: the most worrying of its objectives' and its segments' (an
        active axis off track makes the plan so too: the dashboard never reads better than a
        segment page)."""
        segments = [s.status for s in self.segments]
        overall = worst([o.status for o in self.objectives] + segments)
        return running(overall, self.as_of >= self.plan.period.last)

    @property
    def current_alerts(self) -> list[Alert]:
        """Alerts that still hold: a KPI drop only for the KPI's latest period."""
        latest = {k.kpi.id: k.latest.period for k in self.kpis if k.latest}
        return [
            a
            for a in self.alerts
            if a.kind != "kpi_drop" or (a.kpi and latest.get(a.kpi) == a.period)
        ]

    @property
    def alert_counts(self) -> dict[str, int]:
        """How many current alerts of each kind, the kinds of critical alerts first."""
        counts: dict[str, int] = {}
        for alert in self.current_alerts:  # already critical first
            counts[alert.kind] = counts.get(alert.kind, 0) + 1
        return counts

    @property
    def overdue(self) -> list[ActionState]:
        return [s for s in self.actions if s.overdue]

    def kpi_state(self, kpi_id: str) -> KpiState | None:
        return next((k for k in self.kpis if k.kpi.id == kpi_id), None)

    def action_state(self, action_id: str) -> ActionState | None:
        return next((s for s in self.actions if s.action.id == action_id), None)


def _resolve_as_of(
    plan: Plan, measures: Sequence[Measure], override: date | None
) -> tuple[date, AsOfSource]:
    if override is not None:
        return override, "option"
    if plan.as_of is not None:
        return plan.as_of.last, "plan"
    if measures:
        return max(m.period.last for m in measures), "results"
    return build_date(), "build"


def _months_before(day: date, months: int) -> date:
    """The day after the same day `months` months earlier: the start of a window ending on `day`."""
    year, month = divmod(day.month - 1 - months, 12)
    year, month = day.year + year, month + 1
    start = date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return start + timedelta(days=1)


class _Analyser:
    def __init__(self, plan: Plan, measures: MeasureIndex, as_of: date, thresholds: Thresholds):
        self.plan = plan
        self.measures = measures
        self.as_of = as_of
        self.thresholds = thresholds
        self.alerts: list[Alert] = []
        self.targets: dict[str, list[Progress]] = {}

    def kpi(self, kpi_id: str | None) -> Kpi | None:
        return self.plan.kpi(kpi_id) if kpi_id else None

    def assess(
        self,
        kpi: Kpi,
        target: float | None,
        baseline: float | None,
        window: Period,
        scope: Scope = Scope(),
        phasing: dict[Period, float] | None = None,
    ) -> Progress:
        progress = assess(
            kpi,
            target,
            baseline,
            window,
            self.measures,
            self.as_of,
            scope=scope,
            phasing=phasing,
            thresholds=self.thresholds,
        )
        self.targets.setdefault(kpi.id, []).append(progress)
        return progress

    def alert(self, alert: Alert | None) -> None:
        if alert is not None:
            self.alerts.append(alert)

    def objective(self, objective: Objective) -> ObjectiveState:
        plan_window = self.plan.period
        targets: list[Target] = [*objective.key_results] or ([objective] if objective.kpi else [])
        results = []
        for t in targets:
            kpi = self.kpi(t.kpi)
            if kpi is None:
                continue
            window = Period(plan_window.first, t.due.last if t.due else plan_window.last)
            p = self.assess(kpi, t.target, t.baseline, window, phasing=t.phasing)
            results.append(p)
            self.alert(objective_off_track(p, self.as_of, Where(objective=objective.id)))
        shares = [p.progress for p in results if p.progress is not None]
        return ObjectiveState(
            objective,
            results,
            sum(shares) / len(shares) if shares else None,
            worst([p.status for p in results]),
        )

    def axis_scope(self, segment: Segment, axis: Axis, kpi: Kpi) -> Scope:
        """Rows for the axis itself (axis column, no action) measure it; else its segment's rows do."""
        own = (kpi.id, axis.id) in self.measures.axis_rows
        return Scope(segment.id, axis.id if own else None)

    def axis(self, segment: Segment, axis: Axis, actions: list[ActionState]) -> AxisState:
        plan = self.plan
        # The axis is judged from the start of its season (segment period), else of its first action.
        starts = [s.action.start.first for s in actions if s.action.start]
        if segment.period is not None:
            first = segment.period.first
        else:
            first = min(starts) if starts else plan.period.first
        objective = axis.objective
        last = (
            objective.due.last
            if objective and objective.due
            else (segment.period or plan.period).last
        )
        window = Period(min(first, last), last)
        progress = None
        kpi = self.kpi(objective.kpi) if objective else None
        if objective and kpi:
            scope = self.axis_scope(segment, axis, kpi)
            progress = self.assess(
                kpi, objective.target, objective.baseline, window, scope, objective.phasing
            )
            if axis.counts:
                self.alert(
                    objective_off_track(progress, self.as_of, Where(None, segment.id, axis.id))
                )
        r = rollup(actions)
        cost = r.cost or axis.budget
        money = (
            kpi
            if kpi is not None and is_monetary(kpi.unit)
            else next(
                (k for k in map(self.kpi, axis.kpis) if k is not None and is_monetary(k.unit)), None
            )
        )
        revenue = reference = None
        if money is not None:
            scope = self.axis_scope(segment, axis, money)
            if progress is not None and money is kpi:
                revenue = progress.actual
            else:
                points = series(self.measures, money, scope, until=self.as_of, since=window.first)
                revenue = sum(p.value for p in points) if points else None
            baseline = objective.baseline if objective and money is kpi else None
            so_far = Period(window.first, max(window.first, min(self.as_of, window.last)))
            reference = self.reference(money, scope, so_far, window, baseline)
            if axis.status in {"active", "priority"}:
                self._roi_alert(
                    money, scope, window, cost, baseline, segment=segment.id, axis=axis.id
                )
        # one alert per cause: what the axis's actions overspent on their own budgets is
        # theirs, already said; the axis is over only beyond that
        explained = sum(s.over_budget or 0.0 for s in actions)
        self.alert(over_budget(r.spent - explained, axis.budget, Where(None, segment.id, axis.id)))
        extra = revenue - reference.value if revenue is not None and reference else None
        unmeasured = roi_unmeasured(
            money is not None, self.as_of < window.first, revenue, reference, cost
        )
        measured_kpi = kpi or money
        measured_on: Literal["axis", "segment"] = (
            "axis"
            if measured_kpi is not None and self.axis_scope(segment, axis, measured_kpi).axis
            else "segment"
        )
        return AxisState(
            axis,
            segment,
            window,
            progress,
            actions,
            r,
            revenue,
            cost,
            roi(extra, cost),
            reference,
            measured_on,
            unmeasured,
        )

    def reference(
        self,
        kpi: Kpi,
        scope: Scope,
        span: Period,
        window: Period,
        baseline: float | None,
    ) -> Reference | None:
        """What `scope` brought without the axis over `span` (part of the axis's `window`):
        the same dates last year when results hold them, else the baseline (last year's figure
        for the whole window) pro rata of the days, else nothing known."""
        if self.as_of < window.first:
            return None  # not started: nothing to compare yet
        if scope.action is not None:
            return Reference(0.0, "attributed", span)  # attributed results are all extra
        last_year = Period(span.first, span.last).years_later(-1)
        points = series(
            self.measures,
            kpi,
            scope,
            since=Period.containing(last_year.first, kpi.cadence).first,
            until=last_year.last,
        )
        if points:
            return Reference(sum(p.value for p in points), "last_year", last_year)
        if baseline is not None:
            return Reference(baseline * span.days / window.days, "baseline", span)
        return None

    def _roi_alert(
        self,
        kpi: Kpi,
        scope: Scope,
        active: Period,
        cost: float | None,
        baseline: float | None = None,
        *,
        segment: str | None = None,
        axis: str | None = None,
        action: str | None = None,
    ) -> None:
        """Incremental ROI over the last months of the rule (extra revenue against the same
        months last year, or the baseline pro rata), the cost spread evenly over the active
        period."""
        roi_min, months = roi_rule(self.plan, kpi)
        if roi_min is None or not cost or self.as_of < active.first:
            return
        window = Period(_months_before(self.as_of, months), self.as_of)
        overlap = (min(window.last, active.last) - max(window.first, active.first)).days + 1
        if overlap <= 0:
            return
        window_cost = cost * overlap / active.days
        # both sides of the subtraction over the same days: from the later of the rule's first
        # day and the start to the as-of date (an axis started last month is not judged on two
        # months of revenue against one of last year's), last year's same days beside them
        span = Period(max(window.first, active.first), window.last)
        points = series(
            self.measures,
            kpi,
            scope,
            until=span.last,
            since=Period.containing(span.first, kpi.cadence).first,
        )
        if not points:
            return  # no results of its own yet: its return cannot be measured, not zero
        revenue = sum(p.value for p in points)
        reference = self.reference(kpi, scope, span, active, baseline)
        if reference is None:
            return  # without a reference, no incremental return to judge
        where = Where(kpi.id, segment, axis, action)
        self.alert(
            roi_low(roi(revenue - reference.value, window_cost), roi_min, months, window, where)
        )

    def action_alerts(self, states: list[ActionState]) -> None:
        money = next((k for k in self.plan.kpis if is_monetary(k.unit)), None)
        for s in states:
            a = s.action
            where = Where(None, a.segment, a.axis, a.id)
            self.alert(overdue(a.due.last if a.due else None, s.days_late, s.overdue, where))
            self.alert(over_budget(a.spent, a.budget, where))
            attributed = a.id in self.measures.actions
            if (
                money is not None
                and attributed
                and a.start
                and a.due
                and a.status not in {"cancelled"}
            ):
                self._roi_alert(
                    money,
                    Scope(action=a.id),
                    Period(a.start.first, max(a.start.first, a.due.last)),
                    s.cost,
                    action=a.id,
                )


def analyse(
    plan: Plan,
    measures: Sequence[Measure],
    *,
    as_of: date | None = None,
    thresholds: Thresholds = Thresholds(),
    freshness: Freshness = Freshness(),
) -> PlanAnalysis:
    """Compute where the plan stands at its as-of date (the option, else the plan's `as_of`,
    else the latest result's date, else the build date). Axes take the status their latest
    review decision up to that date gave them."""
    if not isinstance(measures, MeasureIndex):  # a review's analyses share the plan's
        measures = MeasureIndex(measures)
    day, source = _resolve_as_of(plan, measures, as_of)
    decisions = decisions_at(plan, day)
    plan = decided(plan, decisions)
    an = _Analyser(plan, measures, day, thresholds)
    waiting = plan.waiting_axes()
    states = [action_state(a, day, waiting=a.axis in waiting) for a in plan.actions]
    objectives = [an.objective(o) for o in plan.objectives]
    segments = []
    for segment in plan.segments:
        seg_actions = [s for s in states if s.action.segment == segment.id]
        axes = [
            an.axis(segment, axis, [s for s in seg_actions if s.action.axis == axis.id])
            for axis in segment.axes
        ]
        ended = day >= (segment.period or plan.period).last
        segments.append(SegmentState(segment, axes, seg_actions, rollup(seg_actions), ended=ended))
    an.action_alerts(states)
    total = rollup(states)
    budget = budget_state(plan, states, total, day)
    an.alert(over_budget(total.spent, budget.declared, Where(), severity="critical"))
    kpis = []
    for kpi in plan.kpis:
        # the plan's own periods; earlier results are last year's figures beside them
        start = Period.containing(plan.period.first, kpi.cadence).first
        points = series(measures, kpi, until=day, since=start)
        kpi_state = KpiState(kpi, points, an.targets.get(kpi.id, []))
        kpi_state.last_year = _last_year(measures, kpi, points, Scope())
        kpi_state.alerts = _drop_alerts(plan, kpi_state, measures.by_kpi.get(kpi.id, []))
        an.alerts.extend(kpi_state.alerts)
        kpis.append(kpi_state)
    by_id = {k.kpi.id: k for k in kpis}
    for state in segments:
        state.kpis = _segment_kpis(state, by_id, measures, day)
    _actual_shares(plan, segments, measures, day)
    alerts = sorted(an.alerts, key=lambda a: a.sort_key)
    return PlanAnalysis(
        plan,
        day,
        source,
        objectives,
        segments,
        kpis,
        states,
        total,
        alerts,
        measures,
        budget,
        stale_items(plan, measures, day, freshness),
        decisions,
    )


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


def _actual_shares(
    plan: Plan, segments: Sequence[SegmentState], measures: MeasureIndex, day: date
) -> None:
    """Each segment's part of the plan's first money KPI since the plan's start, to set beside
    the share the plan gave it (60/40 planned, 58/42 so far)."""
    money = next((k for k in plan.kpis if is_monetary(k.unit)), None)
    if money is None or not segments:
        return
    start = Period.containing(plan.period.first, money.cadence).first
    sums = [
        sum(p.value for p in series(measures, money, Scope(s.segment.id), since=start, until=day))
        for s in segments
    ]
    total = sum(sums)
    if total <= 0:
        return
    for state, value in zip(segments, sums, strict=True):
        state.actual_share = value / total


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


def _segment_kpis(
    segment: SegmentState, kpis: dict[str, KpiState], measures: MeasureIndex, day: date
) -> list[KpiState]:
    """The segment's own series of each KPI its axes follow (objective KPI first)."""
    ids: list[str] = []
    for axis in segment.axes:
        objective = axis.axis.objective
        own = [objective.kpi] if objective and objective.kpi else []
        for kpi_id in [*own, *axis.axis.kpis]:  # an axis may list its objective's KPI again
            if kpi_id not in ids:
                ids.append(kpi_id)
    out = []
    for kpi_id in ids:
        state = kpis.get(kpi_id)
        if state is None:
            continue
        scope = Scope(segment.segment.id)
        start = state.points[0].period.first if state.points else None
        points = series(measures, state.kpi, scope, until=day, since=start)
        if points:
            title = f"{state.kpi.name} — {segment.segment.name}"
            mine = KpiState(state.kpi, points, title=title)
            mine.last_year = _last_year(measures, state.kpi, points, scope)
            out.append(mine)
    return out
