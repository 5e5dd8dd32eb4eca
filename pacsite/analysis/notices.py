"""What a plan has to tell people now: its open alerts, its stale data and its coming review,
each with a key that stays the same while the thing lasts (`pacsite notify` sends each once,
and says when it is over), and whom it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from .plan import PlanAnalysis
from .rules import Alert
from .stale import Stale

__all__ = ["Notice", "alert_key", "plan_notices"]


@dataclass(frozen=True)
class Notice:
    """One thing to tell: an alert, a stale item, or a review coming in a few days."""

    key: str
    """The same while it lasts: an alert's kind and place (a KPI drop's period too — a new
    period's drop is news), a stale item's kind and subject, a review's day."""
    kind: Literal["alert", "stale", "review"]
    critical: bool
    owners: tuple[str, ...]
    """Whom it concerns besides the plan's owner: the owner of the action it is about."""
    alert: Alert | None = None
    stale: Stale | None = None
    review: date | None = None


def alert_key(alert: Alert) -> str:
    """An alert's identity while it lasts (notices, feed entries)."""
    where = alert.where
    parts = [alert.kind, where.objective, where.kpi, where.segment, where.axis, where.action]
    if alert.kind == "kpi_drop" and alert.period is not None:
        parts.append(alert.period.label)  # other alerts' windows move with the as-of date
    return "alert:" + "/".join(p or "" for p in parts)


def plan_notices(analysis: PlanAnalysis, today: date, review_days: int = 3) -> list[Notice]:
    """The plan's notices at its as-of date; the review coming within `review_days` of `today`."""
    plan = analysis.plan
    owner_of = {a.id: a.owner for a in plan.actions}
    out = []
    for alert in analysis.current_alerts:
        owner = owner_of.get(alert.action or "") or None
        out.append(
            Notice(
                alert_key(alert),
                "alert",
                alert.severity == "critical",
                (owner,) if owner else (),
                alert=alert,
            )
        )
    for item in analysis.stale:
        owner = owner_of.get(item.subject) if item.kind == "action" else None
        key = f"stale:{item.kind}/{item.subject}"
        out.append(Notice(key, "stale", False, (owner,) if owner else (), stale=item))
    coming = sorted(
        r.day for r in plan.reviews if today <= r.day <= today + timedelta(days=review_days)
    )
    if coming:
        out.append(Notice(f"review:{coming[0].isoformat()}", "review", False, (), review=coming[0]))
    return out
