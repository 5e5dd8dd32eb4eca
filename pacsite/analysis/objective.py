"""An objective: its key results' progress, their mean and its verdict."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Objective, Period
from ..model.plan import Target
from .context import Context
from .progress import Progress
from .rules import Alert, Where, objective_off_track
from .verdicts import Status, worst

__all__ = ["ObjectiveState", "objective_state"]


@dataclass(frozen=True)
class ObjectiveState:
    """An objective, its key results' progress, and their mean."""

    objective: Objective
    results: list[Progress]
    progress: float | None
    status: Status
    alerts: tuple[Alert, ...] = ()
    """Its key results off their trajectory (or missed)."""


def objective_state(ctx: Context, objective: Objective) -> ObjectiveState:
    """Each key result (else the objective itself) assessed over the plan's period up to its
    due date; the objective's progress is their mean, its verdict the most worrying."""
    plan_window = ctx.plan.period
    targets: list[Target] = [*objective.key_results] or ([objective] if objective.kpi else [])
    results, alerts = [], []
    for t in targets:
        kpi = ctx.kpi(t.kpi)
        if kpi is None:
            continue
        window = Period(plan_window.first, t.due.last if t.due else plan_window.last)
        p = ctx.assess(kpi, t.target, t.baseline, window, phasing=t.phasing)
        results.append(p)
        alerts.append(objective_off_track(p, ctx.as_of, Where(objective=objective.id)))
    shares = [p.progress for p in results if p.progress is not None]
    return ObjectiveState(
        objective,
        results,
        sum(shares) / len(shares) if shares else None,
        worst([p.status for p in results]),
        tuple(a for a in alerts if a is not None),
    )
