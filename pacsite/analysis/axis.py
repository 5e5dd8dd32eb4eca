"""A development axis: its objective's progress, its actions, its cost and its incremental ROI,
and the return rule that also judges an attributed action."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from ..model import Axis, Kpi, Period, Segment
from .context import Context
from .progress import Progress
from .rollup import ActionState, Rollup, is_monetary, roi, rollup
from .rules import Alert, Where, objective_off_track, over_budget, roi_low, roi_rule
from .series import Scope, series

__all__ = [
    "AxisState",
    "Reference",
    "RoiGap",
    "axis_state",
    "reference",
    "roi_alert",
    "roi_unmeasured",
]

RoiGap = Literal["no_money_kpi", "not_started", "no_results", "no_reference", "no_cost"]


@dataclass(frozen=True)
class Reference:
    """What revenue would have been without an axis, and where that figure comes from."""

    value: float
    source: Literal["last_year", "baseline", "attributed"]
    window: Period
    """The period the reference was measured over (last year's dates for `last_year`)."""


@dataclass(frozen=True)
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
    alerts: tuple[Alert, ...] = ()
    """Its objective off track, its return under the floor, its spend over its budget."""

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


def _months_before(day: date, months: int) -> date:
    """The day after the same day `months` months earlier: the start of a window ending on `day`."""
    year, month = divmod(day.month - 1 - months, 12)
    year, month = day.year + year, month + 1
    start = date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return start + timedelta(days=1)


def _scope(ctx: Context, segment: Segment, axis: Axis, kpi: Kpi) -> Scope:
    """Rows for the axis itself (axis column, no action) measure it; else its segment's rows do."""
    own = (kpi.id, axis.id) in ctx.measures.axis_rows
    return Scope(segment.id, axis.id if own else None)


def reference(
    ctx: Context, kpi: Kpi, scope: Scope, span: Period, window: Period, baseline: float | None
) -> Reference | None:
    """What `scope` brought without the axis over `span` (part of the axis's `window`):
    the same dates last year when results hold them, else the baseline (last year's figure
    for the whole window) pro rata of the days, else nothing known."""
    if ctx.as_of < window.first:
        return None  # not started: nothing to compare yet
    if scope.action is not None:
        return Reference(0.0, "attributed", span)  # attributed results are all extra
    last_year = Period(span.first, span.last).years_later(-1)
    points = series(
        ctx.measures,
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


def roi_alert(
    ctx: Context,
    kpi: Kpi,
    scope: Scope,
    active: Period,
    cost: float | None,
    baseline: float | None,
    where: Where,
) -> Alert | None:
    """Incremental ROI over the last months of the rule (extra revenue against the same
    months last year, or the baseline pro rata), the cost spread evenly over the active
    period."""
    roi_min, months = roi_rule(ctx.plan, kpi)
    if roi_min is None or not cost or ctx.as_of < active.first:
        return None
    window = Period(_months_before(ctx.as_of, months), ctx.as_of)
    overlap = (min(window.last, active.last) - max(window.first, active.first)).days + 1
    if overlap <= 0:
        return None
    window_cost = cost * overlap / active.days
    # both sides of the subtraction over the same days: from the later of the rule's first
    # day and the start to the as-of date (an axis started last month is not judged on two
    # months of revenue against one of last year's), last year's same days beside them
    span = Period(max(window.first, active.first), window.last)
    points = series(
        ctx.measures,
        kpi,
        scope,
        until=span.last,
        since=Period.containing(span.first, kpi.cadence).first,
    )
    if not points:
        return None  # no results of its own yet: its return cannot be measured, not zero
    revenue = sum(p.value for p in points)
    ref = reference(ctx, kpi, scope, span, active, baseline)
    if ref is None:
        return None  # without a reference, no incremental return to judge
    return roi_low(
        roi(revenue - ref.value, window_cost), roi_min, months, window, replace(where, kpi=kpi.id)
    )


def _window(ctx: Context, segment: Segment, axis: Axis, actions: list[ActionState]) -> Period:
    """The axis is judged from the start of its season (segment period), else of its first
    action, to its objective's due date, else the end of its season or of the plan."""
    plan = ctx.plan
    starts = [s.action.start.first for s in actions if s.action.start]
    if segment.period is not None:
        first = segment.period.first
    else:
        first = min(starts) if starts else plan.period.first
    objective = axis.objective
    last = (
        objective.due.last if objective and objective.due else (segment.period or plan.period).last
    )
    return Period(min(first, last), last)


def axis_state(ctx: Context, segment: Segment, axis: Axis, actions: list[ActionState]) -> AxisState:
    """An axis at the as-of date: its objective on its own rows (else its segment's), its
    revenue and incremental ROI on its money KPI, and its alerts (only while it counts)."""
    window = _window(ctx, segment, axis, actions)
    objective = axis.objective
    where = Where(None, segment.id, axis.id)
    alerts: list[Alert | None] = []
    progress = None
    kpi = ctx.kpi(objective.kpi) if objective else None
    if objective and kpi:
        scope = _scope(ctx, segment, axis, kpi)
        progress = ctx.assess(
            kpi, objective.target, objective.baseline, window, scope, objective.phasing
        )
        if axis.counts:
            alerts.append(objective_off_track(progress, ctx.as_of, where))
    r = rollup(actions)
    cost = r.cost or axis.budget
    money = (
        kpi
        if kpi is not None and is_monetary(kpi.unit)
        else next(
            (k for k in map(ctx.kpi, axis.kpis) if k is not None and is_monetary(k.unit)), None
        )
    )
    revenue = ref = None
    if money is not None:
        scope = _scope(ctx, segment, axis, money)
        if progress is not None and money is kpi:
            revenue = progress.actual
        else:
            points = series(ctx.measures, money, scope, until=ctx.as_of, since=window.first)
            revenue = sum(p.value for p in points) if points else None
        baseline = objective.baseline if objective and money is kpi else None
        so_far = Period(window.first, max(window.first, min(ctx.as_of, window.last)))
        ref = reference(ctx, money, scope, so_far, window, baseline)
        if axis.counts:
            alerts.append(roi_alert(ctx, money, scope, window, cost, baseline, where))
    # one alert per cause: what the axis's actions overspent on their own budgets is
    # theirs, already said; the axis is over only beyond that
    explained = sum(s.over_budget or 0.0 for s in actions)
    alerts.append(over_budget(r.spent - explained, axis.budget, where))
    extra = revenue - ref.value if revenue is not None and ref else None
    unmeasured = roi_unmeasured(money is not None, ctx.as_of < window.first, revenue, ref, cost)
    measured_kpi = kpi or money
    measured_on: Literal["axis", "segment"] = (
        "axis"
        if measured_kpi is not None and _scope(ctx, segment, axis, measured_kpi).axis
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
        ref,
        measured_on,
        unmeasured,
        tuple(a for a in alerts if a is not None),
    )
