"""A plan at its as-of date: composes the analysis of each part (objectives, axes, segments,
actions, KPIs, budget, stale data) into the one `PlanAnalysis` every page and command shows."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Literal

from ..model import Measure, Plan
from .action import action_alerts
from .axis import AxisState, axis_state
from .budget import BudgetState, budget_state
from .calendar import CalendarEntry, MonthAgenda, agenda, calendar_entries
from .context import Context
from .decisions import Decided, decided, decisions_at
from .kpi import KpiState, kpi_state, segment_kpis
from .objective import ObjectiveState, objective_state
from .progress import Progress
from .rollup import ActionState, Rollup, action_state, rollup
from .rules import Alert, Where, over_budget
from .segment import SegmentState, actual_shares
from .series import MeasureIndex
from .stale import Freshness, Stale, stale_items
from .verdicts import Status, Thresholds, running, worst

__all__ = ["AsOfSource", "PlanAnalysis", "analyse", "build_date"]

AsOfSource = Literal["option", "plan", "results", "build"]


def build_date() -> date:
    """Today, or the day of `SOURCE_DATE_EPOCH` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


@dataclass(frozen=True)
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

    @cached_property
    def calendar(self) -> list[CalendarEntry]:
        """The dated actions, from their start to their due date (the calendar, the feeds)."""
        return calendar_entries(self.actions)

    @cached_property
    def agenda(self) -> list[MonthAgenda]:
        """The calendar month by month over the plan's period."""
        return agenda(self.plan, self.calendar)

    def alerts_of(
        self, *, kpi: str | None = None, segment: str | None = None, action: str | None = None
    ) -> list[Alert]:
        """The alerts about a KPI, a segment or an action (all given must match)."""
        return [
            a
            for a in self.alerts
            if (kpi is None or a.kpi == kpi)
            and (segment is None or a.segment == segment)
            and (action is None or a.action == action)
        ]

    def axis_state(self, axis_id: str) -> AxisState | None:
        return next((a for s in self.segments for a in s.axes if a.axis.id == axis_id), None)

    def segment_state(self, segment_id: str) -> SegmentState | None:
        return next((s for s in self.segments if s.segment.id == segment_id), None)


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


def analyse(
    plan: Plan,
    measures: Sequence[Measure],
    *,
    as_of: date | None = None,
    thresholds: Thresholds = Thresholds(),
    freshness: Freshness = Freshness(),
    failing: Mapping[str, tuple[date | None, date]] | None = None,
) -> PlanAnalysis:
    """Compute where the plan stands at its as-of date (the option, else the plan's `as_of`,
    else the latest result's date, else the build date). Axes take the status their latest
    review decision up to that date gave them. `failing`: the CRM sources whose pull fails
    (the day of the figures shown, the day it began to fail): their data is stale."""
    if not isinstance(measures, MeasureIndex):  # a review's analyses share the plan's
        measures = MeasureIndex(measures)
    day, source = _resolve_as_of(plan, measures, as_of)
    decisions = decisions_at(plan, day)
    plan = decided(plan, decisions)
    ctx = Context(plan, measures, day, thresholds)
    waiting = plan.waiting_axes()
    states = [action_state(a, day, waiting=a.axis in waiting) for a in plan.actions]
    objectives = [objective_state(ctx, o) for o in plan.objectives]
    axes = {
        segment.id: [
            axis_state(
                ctx,
                segment,
                axis,
                [s for s in states if s.action.axis == axis.id and s.action.segment == segment.id],
            )
            for axis in segment.axes
        ]
        for segment in plan.segments
    }
    targets: dict[str, list[Progress]] = {}
    assessed = [p for o in objectives for p in o.results]
    assessed += [a.progress for s in plan.segments for a in axes[s.id] if a.progress is not None]
    for progress in assessed:
        targets.setdefault(progress.kpi.id, []).append(progress)
    kpis = [kpi_state(ctx, kpi, targets.get(kpi.id, [])) for kpi in plan.kpis]
    by_id = {k.kpi.id: k for k in kpis}
    shares = actual_shares(ctx, plan.segments)
    segments = []
    for segment, share in zip(plan.segments, shares, strict=True):
        mine = [s for s in states if s.action.segment == segment.id]
        ended = day >= (segment.period or plan.period).last
        own_kpis = segment_kpis(ctx, segment, by_id)
        segments.append(
            SegmentState(segment, axes[segment.id], mine, rollup(mine), own_kpis, share, ended)
        )
    total = rollup(states)
    budget = budget_state(plan, states, total, day)
    alerts = [a for o in objectives for a in o.alerts]
    alerts += [a for s in segments for axis in s.axes for a in axis.alerts]
    alerts += action_alerts(ctx, states)
    plan_over = over_budget(total.spent, budget.declared, Where(), severity="critical")
    alerts += [plan_over] if plan_over else []
    alerts += [a for k in kpis for a in k.alerts]
    return PlanAnalysis(
        plan,
        day,
        source,
        objectives,
        segments,
        kpis,
        states,
        total,
        sorted(alerts, key=lambda a: a.sort_key),
        measures,
        budget,
        stale_items(plan, measures, day, freshness, failing or {}),
        decisions,
    )
