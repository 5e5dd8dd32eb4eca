"""The action calendar: dated actions, their span, and the month-by-month agenda."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..model import Action, Period, Plan
from .rollup import ActionState

__all__ = ["CalendarEntry", "MonthAgenda", "agenda", "calendar_entries"]


@dataclass(frozen=True)
class CalendarEntry:
    """A dated action: first and last day (inclusive), and its state at the as-of date."""

    state: ActionState
    first: date
    last: date

    @property
    def action(self) -> Action:
        return self.state.action


@dataclass
class MonthAgenda:
    """What happens in one month: actions that start, fall due, or run through it."""

    month: Period
    starting: list[CalendarEntry] = field(default_factory=list)
    due: list[CalendarEntry] = field(default_factory=list)
    running: list[CalendarEntry] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.starting or self.due or self.running)


def calendar_entries(states: Sequence[ActionState]) -> list[CalendarEntry]:
    """Every action with a date: from its start (else its due date) to its due date (else its start).

    Shorthands are expanded: a start in `2025-W18` is that week's Monday, a due date in `2025-T2`
    the quarter's last day. Sorted by start, then due date, then id.
    """
    entries = []
    for s in states:
        a = s.action
        if a.start is None and a.due is None:
            continue
        first = a.start.first if a.start else a.due.first  # type: ignore[union-attr]
        last = a.due.last if a.due else a.start.last  # type: ignore[union-attr]
        entries.append(CalendarEntry(s, first, max(first, last)))
    return sorted(entries, key=lambda e: (e.first, e.last, e.action.id))


def agenda(plan: Plan, entries: list[CalendarEntry]) -> list[MonthAgenda]:
    """Month by month over the plan period (and beyond, if actions run outside it)."""
    if not entries:
        return []
    first = min(plan.period.first, *(e.first for e in entries))
    last = max(plan.period.last, *(e.last for e in entries))
    months: list[MonthAgenda] = []
    year, month = first.year, first.month
    while date(year, month, 1) <= last:
        period = Period.month(year, month)
        m = MonthAgenda(period)
        for e in entries:
            if e.first in period:
                m.starting.append(e)
            if e.last in period:
                m.due.append(e)
            if e.first < period.first and e.last > period.last:
                m.running.append(e)
        months.append(m)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
