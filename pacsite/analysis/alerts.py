"""Alerts: what the sales manager asked to be told about (spec `alerts` and KPI `alert`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from ..load.results import Measure
from ..model import Kpi, Period, Plan
from .series import Point

__all__ = ["Alert", "AlertKind", "drop_alerts", "drop_threshold", "roi_rule"]

AlertKind = Literal["kpi_drop", "roi_low", "objective_off_track", "overdue", "over_budget"]


@dataclass(frozen=True)
class Alert:
    """One alert: what happened, where, when, and by how much (texts are made by `render`)."""

    kind: AlertKind
    severity: Literal["warning", "critical"]
    period: Period | None = None
    kpi: str | None = None
    segment: str | None = None
    axis: str | None = None
    action: str | None = None
    objective: str | None = None
    value: float | None = None
    reference: float | None = None
    change: float | None = None
    threshold: float | None = None
    notes: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[int, int, str, str]:
        """Critical first, then newest first."""
        severity = 0 if self.severity == "critical" else 1
        newest = -self.period.last.toordinal() if self.period else 0
        return (severity, newest, self.kind, self.action or self.kpi or self.axis or "")


def drop_threshold(plan: Plan, kpi: Kpi) -> float | None:
    """The KPI's drop threshold in %, its own `alert` first, else the plan's."""
    if kpi.alert is not None and kpi.alert.drop_pct is not None:
        return kpi.alert.drop_pct
    return plan.alerts.drop_pct


def roi_rule(plan: Plan, kpi: Kpi | None) -> tuple[float | None, int]:
    """Minimum ROI and window in months for a KPI (its own `alert` first, else the plan's)."""
    roi_min, months = plan.alerts.roi_min, plan.alerts.roi_window_months
    if kpi is not None and kpi.alert is not None:
        roi_min = kpi.alert.roi_min if kpi.alert.roi_min is not None else roi_min
        months = kpi.alert.roi_window_months or months
    return roi_min, months


def drop_alerts(
    plan: Plan, kpi: Kpi, points: Sequence[Point], measures: Sequence[Measure]
) -> list[Alert]:
    """An alert for each period where the KPI moved the wrong way by more than the threshold.

    Compared with the previous period of the series: a fall for a KPI that should increase, a
    rise for one that should decrease (cost per lead, churn).
    """
    threshold = drop_threshold(plan, kpi)
    if threshold is None:
        return []
    segments = {m.segment for m in measures if m.kpi == kpi.id}
    axes = {m.axis for m in measures if m.kpi == kpi.id}
    segment = next(iter(segments)) if len(segments) == 1 else None
    axis = next(iter(axes)) if len(axes) == 1 else None
    alerts = []
    for previous, current in pairwise(points):
        if previous.value <= 0:
            continue
        change = (current.value - previous.value) / previous.value
        wrong_way = -change if kpi.direction == "increase" else change
        if wrong_way * 100 > threshold + 1e-9:
            alerts.append(
                Alert(
                    "kpi_drop",
                    "warning",
                    period=current.period,
                    kpi=kpi.id,
                    segment=segment,
                    axis=axis,
                    value=current.value,
                    reference=previous.value,
                    change=change,
                    threshold=threshold,
                    notes=current.notes,
                )
            )
    return alerts
