"""Review meetings: what changed between two of them, and what the meeting weighs.

What a decision does to its axis is `decisions.py`'s; this module stands above the plan's
analysis and compares two of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..model import Action, Decision, Measure, Plan, Review
from .axis import AxisState
from .plan import PlanAnalysis, analyse
from .proposals import Proposal, proposals
from .rollup import ActionState
from .rules import Alert, Suggestion, roi_rule, suggest_decision
from .stale import Freshness, Stale
from .verdicts import Status, Thresholds

__all__ = [
    "ObjectiveMove",
    "RankedAxis",
    "ReviewState",
    "review_state",
]


@dataclass(frozen=True)
class ObjectiveMove:
    """An objective at the previous review and at this one."""

    id: str
    title: str
    then: float | None
    now: float | None
    then_status: Status | None
    now_status: Status

    @property
    def delta(self) -> float | None:
        """Progress gained between the two reviews, in points (52 % → 71 %: +19)."""
        if self.now is None:
            return None
        return (self.now - (self.then or 0.0)) * 100


@dataclass(frozen=True)
class RankedAxis:
    """An active axis as the meeting weighs it, with what the method suggests."""

    segment: str
    state: AxisState
    suggestion: Suggestion
    roi_min: float | None
    decided: Decision | None
    """What this review decided about it (None on the next review's page, or not decided)."""


@dataclass(frozen=True)
class ReviewState:
    """What changed between two review dates, and what the meeting decides."""

    review: Review | None
    """The review; None for the next one, not held yet."""
    start: date
    """The previous review's day (or the day before the plan starts)."""
    end: date
    """The review's day (the as-of date for the next review)."""
    then: PlanAnalysis
    now: PlanAnalysis
    exact: bool
    """Whether the plan as it was at each date is known (from git); else statuses only."""
    objectives: list[ObjectiveMove] = field(default_factory=list)
    opened: list[Alert] = field(default_factory=list)
    closed: list[Alert] = field(default_factory=list)
    finished: list[Action] = field(default_factory=list)
    slipped: list[Action] = field(default_factory=list)
    added: list[Action] = field(default_factory=list)
    axes: list[RankedAxis] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    """The method's proposals beyond each axis's decision: prioritise a falling segment's axes,
    deploy a fast, well-returning axis to other segments (each with its figures)."""

    @property
    def slug(self) -> str:
        return self.review.day.isoformat() if self.review else "next"

    @property
    def late(self) -> list[ActionState]:
        return self.now.overdue

    @property
    def stale(self) -> list[Stale]:
        return self.now.stale


def _alert_key(alert: Alert) -> tuple[object, ...]:
    return (alert.kind, alert.where)


def review_state(
    review: Review | None,
    start: date,
    end: date,
    then_plan: Plan,
    now_plan: Plan,
    measures: Sequence[Measure],
    *,
    exact: bool,
    thresholds: Thresholds = Thresholds(),
    freshness: Freshness = Freshness(),
    known: PlanAnalysis | None = None,
) -> ReviewState:
    """Where the plan stood at `start` and at `end`, and what changed in between: progress of
    each objective, alerts opened and closed, actions finished, slipped or added, the axes
    ranked by incremental ROI then progress with the method's suggestion. `then_plan` and
    `now_plan` are the plan as it was at each date (`exact`), or the same plan twice; `known`
    is the analysis of `now_plan` at `end` when it is made already (the next review's)."""
    then = analyse(then_plan, measures, as_of=start, thresholds=thresholds, freshness=freshness)
    now = known or analyse(
        now_plan, measures, as_of=end, thresholds=thresholds, freshness=freshness
    )
    before = {o.objective.id: o for o in then.objectives}
    moves = []
    for o in now.objectives:
        was = before.get(o.objective.id)
        moves.append(
            ObjectiveMove(
                o.objective.id,
                o.objective.title,
                was.progress if was else None,
                o.progress,
                was.status if was else None,
                o.status,
            )
        )
    then_alerts = {_alert_key(a) for a in then.current_alerts}
    now_alerts = {_alert_key(a) for a in now.current_alerts}
    opened = [a for a in now.current_alerts if _alert_key(a) not in then_alerts]
    closed = [a for a in then.current_alerts if _alert_key(a) not in now_alerts]
    old_actions = {a.id: a for a in then_plan.actions}
    was_late = {s.action.id for s in then.overdue}
    finished, slipped, added = [], [], []
    for state in now.actions:
        action = state.action
        old = old_actions.get(action.id)
        if exact and old is None:
            added.append(action)
        done_since = (exact and old is not None and old.status != "done") or (
            not exact and action.due is not None and start < action.due.last <= end
        )
        if action.status == "done" and done_since:
            finished.append(action)
        moved = (
            exact
            and old is not None
            and old.due is not None
            and action.due is not None
            and action.due.last > old.due.last
        )
        if moved or (state.overdue and action.id not in was_late):
            slipped.append(action)
    decided = {d.axis: d for d in review.decisions} if review else {}
    ranked = []
    for segment in now.segments:
        for axis in segment.axes:
            if not axis.axis.counts and axis.axis.id not in decided:
                continue
            objective = axis.axis.objective
            kpi = now.plan.kpi(objective.kpi) if objective and objective.kpi else None
            roi_min, _ = roi_rule(now.plan, kpi)
            status = axis.progress.status if axis.progress else None
            ranked.append(
                RankedAxis(
                    segment.segment.id,
                    axis,
                    suggest_decision(status, axis.roi, roi_min, axis.expected_roi),
                    roi_min,
                    decided.get(axis.axis.id),
                )
            )
    ranked.sort(
        key=lambda r: (
            r.state.roi is None,
            -(r.state.roi or 0.0),
            -(r.state.progress.progress or 0.0) if r.state.progress else 0.0,
        )
    )
    return ReviewState(
        review,
        start,
        end,
        then,
        now,
        exact,
        moves,
        opened,
        closed,
        finished,
        slipped,
        added,
        ranked,
        proposals(now.segments, now.as_of),
    )
