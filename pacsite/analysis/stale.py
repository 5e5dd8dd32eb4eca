"""Stale data: what the review meeting cannot trust because nobody updated it.

Three rules, each a small pure function, judged at the as-of date:
- a KPI whose latest result is older than its cadence allows (the period after it has ended,
  plus a few days to export it);
- an action whose status still says `planned` well after its start, or `in_progress` well after
  its due date: its status has not followed its dates;
- a results file whose latest row is older than the plan's review rhythm;
- a CRM source whose pull fails (`pacsite pull` records it in the repository: the site says
  since when, and which figures it still shows).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from ..model import Action, Kpi, Measure, Period, Plan

__all__ = [
    "Freshness",
    "Stale",
    "review_rhythm_days",
    "stale_action",
    "stale_items",
    "stale_kpi",
    "stale_results",
]


@dataclass(frozen=True)
class Freshness:
    """How long data may wait: days after a KPI's next period before its result is late, and
    days an action's status may lag behind its start or due date."""

    grace_days: int = 7
    action_days: int = 30


@dataclass(frozen=True)
class Stale:
    """One stale item: what, since when it holds nothing newer, and when something was due."""

    kind: Literal["kpi", "action", "results", "source"]
    subject: str
    """The KPI's, the action's or the CRM source's id, or the results file's name."""
    since: date
    """The end of the latest result, the action's start or due date, the file's latest row, the
    day of a CRM source's last pull that worked."""
    due: date
    """When newer data was expected (a CRM source: the day its pull began to fail)."""
    path: tuple[str | int, ...]
    """Where in the plan the item is written (to locate the finding); () for a results file,
    which is located at the file itself."""
    status: str | None = None
    """For an action: the status that lags."""
    against: Literal["start", "due"] | None = None
    """For an action: the date its status has not followed."""


def stale_kpi(
    kpi: Kpi, latest: Period | None, plan_period: Period, as_of: date, grace_days: int
) -> date | None:
    """When the KPI's next result was due, if it is late at `as_of`: the end of the cadence
    period after its latest result, plus `grace_days`. None when fresh, without results (that
    is "no data", said elsewhere), or when the next period falls after the plan."""
    if latest is None:
        return None
    following = Period.containing(latest.last + timedelta(days=1), kpi.cadence)
    if following.first > plan_period.last:
        return None
    due = following.last + timedelta(days=grace_days)
    return due if as_of > due else None


def stale_action(
    action: Action, as_of: date, days: int
) -> tuple[date, date, Literal["start", "due"]] | None:
    """(since, due, which date) when the action's status lags its dates by more than `days` at `as_of`:
    still `planned` after its start, still `in_progress` after its due date."""
    against: Literal["start", "due"]
    if action.status == "planned" and action.start is not None:
        since, against = action.start.first, "start"
    elif action.status in {"in_progress", "planned"} and action.due is not None:
        since, against = action.due.last, "due"
    else:
        return None
    due = since + timedelta(days=days)
    return (since, due, against) if as_of > due else None


def stale_results(
    latest_row: date, plan_period: Period, as_of: date, rhythm_days: int
) -> date | None:
    """When a results file should have been refreshed, if it is late at `as_of`: its latest
    row plus the review rhythm. A file that reaches the plan's end is complete, and so is a
    file of last year's results (all its rows before the plan)."""
    if latest_row >= plan_period.last or latest_row < plan_period.first:
        return None
    due = latest_row + timedelta(days=rhythm_days)
    return due if as_of > due else None


def review_rhythm_days(plan: Plan) -> int:
    """The plan's review rhythm in days: its latest review's kind (monthly by default)."""
    kind = plan.reviews[-1].kind if plan.reviews else "monthly"
    return 31 if kind == "monthly" else 92


def stale_items(
    plan: Plan,
    measures: Sequence[Measure],
    as_of: date,
    freshness: Freshness = Freshness(),
    failing: Mapping[str, tuple[date | None, date]] | None = None,
) -> list[Stale]:
    """Every stale KPI, action and results file of the plan at `as_of`, and every CRM source
    whose pull fails (`failing`: the day of its figures, the day it began to fail). Only a live
    plan (`status: published`) has stale data: a draft is not followed yet, an archive no
    longer."""
    out: list[Stale] = []
    if plan.status != "published":
        return out
    ends: dict[str, Period] = {}  # each KPI's latest result by the as-of date (the first one)
    latest_rows: dict[str, date] = {}  # each results file's
    for m in measures:
        last = m.period.last
        if last > as_of:
            continue
        if m.kpi not in ends or last > ends[m.kpi].last:
            ends[m.kpi] = m.period
        name = m.position.file
        if name not in latest_rows or last > latest_rows[name]:
            latest_rows[name] = last
    for i, kpi in enumerate(plan.kpis):
        latest = ends.get(kpi.id)
        due = stale_kpi(kpi, latest, plan.period, as_of, freshness.grace_days)
        if due is not None and latest is not None:
            out.append(Stale("kpi", kpi.id, latest.last, due, ("kpis", i)))
    waiting = plan.waiting_axes()
    for i, action in enumerate(plan.actions):
        if action.axis in waiting:
            continue  # its axis is suspended or dropped: the action waits with it
        lag = stale_action(action, as_of, freshness.action_days)
        if lag is not None:
            since, due, against = lag
            out.append(
                Stale("action", action.id, since, due, ("actions", i), action.status, against)
            )
    rhythm = review_rhythm_days(plan)
    for name, row in sorted(latest_rows.items()):
        due = stale_results(row, plan.period, as_of, rhythm)
        if due is not None:
            out.append(Stale("results", name, row, due, ()))
    for i, source in enumerate(plan.sources):
        if source.id in (failing or {}):
            shown, since = (failing or {})[source.id]
            out.append(Stale("source", source.id, shown or since, since, ("sources", i)))
    return out
