"""Analyse a plan at its as-of date: objectives, axes, segments, KPIs, actions, budget, alerts."""

from __future__ import annotations

import calendar
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from ..load.results import Measure
from ..model import Axis, Kpi, Objective, Period, Plan, Segment
from ..model.plan import Target
from .alerts import Alert, drop_alerts, roi_rule
from .progress import Progress, Status, Thresholds, assess, worst
from .rollup import ActionState, Rollup, action_state, is_monetary, roi, rollup
from .series import MeasureIndex, Point, Scope, series

__all__ = [
    "AxisState",
    "KpiState",
    "ObjectiveState",
    "PlanAnalysis",
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
    cost: float | None
    roi: float | None

    @property
    def expected_roi(self) -> float | None:
        return self.axis.expected_roi


@dataclass
class SegmentState:
    """A segment with its axes and the roll-up of its actions."""

    segment: Segment
    axes: list[AxisState]
    actions: list[ActionState]
    rollup: Rollup

    @property
    def status(self) -> Status:
        return worst([a.progress.status for a in self.axes if a.progress is not None])


@dataclass
class KpiState:
    """A KPI's series for the plan, its latest value and change, and what targets it."""

    kpi: Kpi
    points: list[Point]
    targets: list[Progress] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def change(self) -> float | None:
        """Relative change of the latest period against the previous one."""
        if len(self.points) < 2 or self.points[-2].value == 0:
            return None
        return (self.points[-1].value - self.points[-2].value) / self.points[-2].value

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

    @property
    def progress(self) -> float | None:
        """Mean progress of the plan's objectives (the headline figure)."""
        values = [o.progress for o in self.objectives if o.progress is not None]
        return sum(values) / len(values) if values else None

    @property
    def status(self) -> Status:
        return worst([o.status for o in self.objectives])

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

    def off_track(self, p: Progress, **where: str) -> None:
        """An alert for a target off its trajectory, from the start of its window to now."""
        self.alerts.append(
            Alert(
                "objective_off_track",
                "critical",
                Period(p.window.first, self.as_of),
                kpi=p.kpi.id,
                value=p.actual,
                reference=p.expected,
                change=p.ratio,
                **where,  # type: ignore[arg-type]
            )
        )

    def over_budget(
        self,
        spent: float | None,
        budget: float | None,
        *,
        severity: Literal["warning", "critical"] = "warning",
        **where: str | None,
    ) -> None:
        """An alert for spend beyond a budget: an action's, an axis's, or the plan's (critical)."""
        self.alerts.append(
            Alert("over_budget", severity, None, value=spent, reference=budget, **where)  # type: ignore[arg-type]
        )

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
            if p.status == "off_track":
                self.off_track(p, objective=objective.id)
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
            if progress.status == "off_track" and axis.status not in {"suspended", "dropped"}:
                self.off_track(progress, segment=segment.id, axis=axis.id)
        r = rollup(actions)
        cost = r.cost or axis.budget
        money = (
            kpi
            if kpi is not None and is_monetary(kpi.unit)
            else next(
                (k for k in map(self.kpi, axis.kpis) if k is not None and is_monetary(k.unit)), None
            )
        )
        revenue = None
        if money is not None:
            if progress is not None and money is kpi:
                revenue = progress.actual
            else:
                scope = self.axis_scope(segment, axis, money)
                points = series(self.measures, money, scope, until=self.as_of, since=window.first)
                revenue = sum(p.value for p in points) if points else None
            if axis.status in {"active", "priority"}:
                self._roi_alert(
                    money,
                    self.axis_scope(segment, axis, money),
                    window,
                    cost,
                    segment=segment.id,
                    axis=axis.id,
                )
        if axis.budget is not None and r.spent > axis.budget:
            self.over_budget(r.spent, axis.budget, segment=segment.id, axis=axis.id)
        return AxisState(
            axis, segment, window, progress, actions, r, revenue, cost, roi(revenue, cost)
        )

    def _roi_alert(
        self,
        kpi: Kpi,
        scope: Scope,
        active: Period,
        cost: float | None,
        *,
        segment: str | None = None,
        axis: str | None = None,
        action: str | None = None,
    ) -> None:
        """ROI over the last months of the rule, the cost spread evenly over the active period."""
        roi_min, months = roi_rule(self.plan, kpi)
        if roi_min is None or not cost or self.as_of < active.first:
            return
        window = Period(_months_before(self.as_of, months), self.as_of)
        overlap = (min(window.last, active.last) - max(window.first, active.first)).days + 1
        if overlap <= 0:
            return
        window_cost = cost * overlap / active.days
        points = series(
            self.measures,
            kpi,
            scope,
            until=self.as_of,
            since=Period.containing(window.first, kpi.cadence).first,
        )
        revenue = sum(p.value for p in points)
        value = roi(revenue, window_cost)
        if value is not None and value < roi_min:
            self.alerts.append(
                Alert(
                    "roi_low",
                    "critical",
                    window,
                    kpi=kpi.id,
                    value=value,
                    reference=roi_min,
                    threshold=float(months),
                    segment=segment,
                    axis=axis,
                    action=action,
                )
            )

    def action_alerts(self, states: list[ActionState]) -> None:
        money = next((k for k in self.plan.kpis if is_monetary(k.unit)), None)
        for s in states:
            a = s.action
            if s.overdue:
                period = Period.day(a.due.last) if a.due else None
                self.alerts.append(
                    Alert(
                        "overdue",
                        "warning",
                        period,
                        action=a.id,
                        segment=a.segment,
                        axis=a.axis,
                        value=float(s.days_late),
                    )
                )
            if s.over_budget is not None:
                self.over_budget(a.spent, a.budget, action=a.id, segment=a.segment, axis=a.axis)
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
) -> PlanAnalysis:
    """Compute where the plan stands at its as-of date (the option, else the plan's `as_of`,
    else the latest result's date, else the build date)."""
    measures = MeasureIndex(measures)
    day, source = _resolve_as_of(plan, measures, as_of)
    an = _Analyser(plan, measures, day, thresholds)
    states = [action_state(a, day) for a in plan.actions]
    objectives = [an.objective(o) for o in plan.objectives]
    segments = []
    for segment in plan.segments:
        seg_actions = [s for s in states if s.action.segment == segment.id]
        axes = [
            an.axis(segment, axis, [s for s in seg_actions if s.action.axis == axis.id])
            for axis in segment.axes
        ]
        segments.append(SegmentState(segment, axes, seg_actions, rollup(seg_actions)))
    an.action_alerts(states)
    total = rollup(states)
    if plan.budget and plan.budget.total is not None and total.spent > plan.budget.total:
        an.over_budget(total.spent, plan.budget.total, severity="critical")
    kpis = []
    for kpi in plan.kpis:
        points = series(measures, kpi, until=day)
        drops = drop_alerts(plan, kpi, points, measures.by_kpi.get(kpi.id, []))
        an.alerts.extend(drops)
        kpis.append(KpiState(kpi, points, an.targets.get(kpi.id, []), drops))
    alerts = sorted(an.alerts, key=lambda a: a.sort_key)
    return PlanAnalysis(
        plan, day, source, objectives, segments, kpis, states, total, alerts, measures
    )
