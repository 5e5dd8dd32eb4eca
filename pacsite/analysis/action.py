"""The alerts an action raises: late, over its budget, and — when results are attributed to
it — a return under the plan's floor."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Period
from .axis import roi_alert
from .context import Context
from .rollup import ActionState, is_monetary
from .rules import Alert, Where, over_budget, overdue
from .series import Scope

__all__ = ["action_alerts"]


def action_alerts(ctx: Context, states: Sequence[ActionState]) -> list[Alert]:
    """Each action's alerts, in the plan's order of actions."""
    money = next((k for k in ctx.plan.kpis if is_monetary(k.unit)), None)
    alerts: list[Alert | None] = []
    for s in states:
        a = s.action
        where = Where(None, a.segment, a.axis, a.id)
        alerts.append(overdue(a.due.last if a.due else None, s.days_late, s.overdue, where))
        alerts.append(over_budget(a.spent, a.budget, where))
        attributed = a.id in ctx.measures.actions
        if money is not None and attributed and a.start and a.due and a.status != "cancelled":
            active = Period(a.start.first, max(a.start.first, a.due.last))
            scope = Scope(action=a.id)
            alerts.append(roi_alert(ctx, money, scope, active, s.cost, None, Where(action=a.id)))
    return [a for a in alerts if a is not None]
