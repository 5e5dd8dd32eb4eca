"""Every rule that turns figures into an alert or a suggestion: one small pure function each.

Alerts: `kpi_drop`, `objective_off_track`, `over_budget`, `roi_low`, `overdue`. Each returns
the alert or None; `analysis.plan` decides where to apply them, `render` only words them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from ..model import Kpi, Period, Plan
from ..model.units import in_points
from .progress import Progress
from .series import Point
from .verdicts import Status

__all__ = [
    "Alert",
    "AlertKind",
    "Suggestion",
    "Where",
    "drop_reference",
    "drop_threshold",
    "kpi_drop",
    "objective_off_track",
    "over_budget",
    "overdue",
    "roi_low",
    "roi_rule",
    "suggest_decision",
]

AlertKind = Literal["kpi_drop", "roi_low", "objective_off_track", "overdue", "over_budget"]
Severity = Literal["warning", "critical"]


@dataclass(frozen=True)
class Where:
    """What part of the plan an alert is about (all None: the plan itself)."""

    kpi: str | None = None
    segment: str | None = None
    axis: str | None = None
    action: str | None = None
    objective: str | None = None


@dataclass(frozen=True)
class Alert:
    """One alert: what happened, where, when, and by how much (texts are made by `render`)."""

    kind: AlertKind
    severity: Severity
    period: Period | None = None
    where: Where = Where()
    value: float | None = None
    reference: float | None = None
    change: float | None = None
    threshold: float | None = None
    notes: tuple[str, ...] = ()
    basis: str | None = None
    """What a KPI drop was measured against: `plan`, `last_year` or `previous`."""
    points: float | None = None
    """A rate's or a score's drop in points too (31 % → 24 %: 7), beside the relative change."""

    @property
    def kpi(self) -> str | None:
        return self.where.kpi

    @property
    def segment(self) -> str | None:
        return self.where.segment

    @property
    def axis(self) -> str | None:
        return self.where.axis

    @property
    def action(self) -> str | None:
        return self.where.action

    @property
    def objective(self) -> str | None:
        return self.where.objective

    @property
    def sort_key(self) -> tuple[int, int, str, str]:
        """Critical first, then newest first."""
        severity = 0 if self.severity == "critical" else 1
        newest = -self.period.last.toordinal() if self.period else 0
        return (severity, newest, self.kind, self.action or self.kpi or self.axis or "")


# Alerts --------------------------------------------------------------------------------------


def objective_off_track(progress: Progress, as_of: date, where: Where) -> Alert | None:
    """A target off its trajectory, or missed once its window has ended: from the start of
    its window to the as-of date."""
    if progress.status not in {"off_track", "missed"}:
        return None
    return Alert(
        "objective_off_track",
        "critical",
        Period(progress.window.first, as_of),
        replace(where, kpi=progress.kpi.id),
        value=progress.actual,
        reference=progress.expected,
        change=progress.ratio,
        basis="missed" if progress.status == "missed" else None,
    )


def over_budget(
    spent: float | None, budget: float | None, where: Where, severity: Severity = "warning"
) -> Alert | None:
    """Spend beyond a budget: an action's or an axis's (warning), the plan's (critical)."""
    if spent is None or budget is None or spent <= budget:
        return None
    return Alert("over_budget", severity, None, where, value=spent, reference=budget)


def overdue(due: date | None, days_late: int, late: bool, where: Where) -> Alert | None:
    """An action past its due date and not done (or declared late)."""
    if not late:
        return None
    period = Period.day(due) if due else None
    return Alert("overdue", "warning", period, where, value=float(days_late))


def roi_rule(plan: Plan, kpi: Kpi | None) -> tuple[float | None, int]:
    """Minimum ROI and window in months for a KPI (its own `alert` first, else the plan's)."""
    roi_min, months = plan.alerts.roi_min, plan.alerts.roi_window_months
    if kpi is not None and kpi.alert is not None:
        roi_min = kpi.alert.roi_min if kpi.alert.roi_min is not None else roi_min
        months = kpi.alert.roi_window_months or months
    return roi_min, months


def roi_low(
    roi: float | None, roi_min: float | None, months: int, window: Period, where: Where
) -> Alert | None:
    """A return under the plan's floor over the rule's last months."""
    if roi is None or roi_min is None or roi >= roi_min:
        return None
    return Alert(
        "roi_low",
        "critical",
        window,
        where,
        value=roi,
        reference=roi_min,
        threshold=float(months),
    )


def drop_threshold(plan: Plan, kpi: Kpi) -> float | None:
    """The KPI's drop threshold in %, its own `alert` first, else the plan's."""
    if kpi.alert is not None and kpi.alert.drop_pct is not None:
        return kpi.alert.drop_pct
    return plan.alerts.drop_pct


DropBasis = Literal["plan", "last_year", "previous"]


def drop_reference(
    previous: float | None, last_year: float | None, planned: float | None
) -> tuple[float, DropBasis] | None:
    """What a period's value is judged against for a drop: what the plan expected of that
    period (its phasing), else the same period last year, else the previous period. A seasonal
    dip the plan or last year foresaw is not a drop."""
    if planned is not None and planned > 0:
        return planned, "plan"
    if last_year is not None and last_year > 0:
        return last_year, "last_year"
    if previous is not None and previous > 0:
        return previous, "previous"
    return None


def kpi_drop(
    kpi: Kpi,
    current: Point,
    reference: tuple[float, DropBasis] | None,
    threshold: float | None,
    where: Where,
) -> Alert | None:
    """The KPI is the wrong side of its reference (see `drop_reference`) by more than the
    threshold: under it for a KPI that should increase, over it for one that should decrease
    (cost per lead). Relative to the reference, as the method's rule says ("more than 10 %"),
    rates included; their gap in points is shown beside it."""
    if threshold is None or reference is None:
        return None
    value, basis = reference
    change = (current.value - value) / value
    wrong_way = -change if kpi.direction == "increase" else change
    if wrong_way * 100 <= threshold + 1e-9:
        return None
    return Alert(
        "kpi_drop",
        "warning",
        period=current.period,
        where=replace(where, kpi=kpi.id),
        value=current.value,
        reference=value,
        change=change,
        threshold=threshold,
        notes=current.notes,
        basis=basis,
        points=abs(current.value - value) if in_points(kpi.unit) else None,
    )


Suggestion = Literal["push", "keep", "suspend", "drop"]


def suggest_decision(
    status: Status | None, roi: float | None, roi_min: float | None, expected_roi: float | None
) -> Suggestion:
    """What the method suggests the review decide about an axis (the meeting decides):
    - below the ROI floor: drop it when its objective is also off track or missed, else
      suspend it (the domain's stop rule);
    - on track or achieved and returning what was expected (or no ROI to judge): push it;
    - otherwise keep it, with corrective actions when at risk or off track."""
    below_floor = roi is not None and roi_min is not None and roi < roi_min
    if below_floor:
        return "drop" if status in {"off_track", "missed"} else "suspend"
    good = status in {"on_track", "achieved"}
    if good and (roi is None or expected_roi is None or roi >= expected_roi):
        return "push"
    return "keep"
