"""Roll-ups of actions to axes, segments and the plan: counts, budget, spend, contributions, ROI."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ..model import Action
from ..model.units import currency_code

__all__ = ["ActionState", "Rollup", "is_monetary", "roi", "rollup"]

_CLOSED = {"done", "cancelled"}


def is_monetary(unit: str) -> bool:
    """A KPI is monetary when its unit is a currency, by code (EUR, eur) or symbol (€, $)."""
    return currency_code(unit) is not None


@dataclass(frozen=True)
class ActionState:
    """An action as seen at the as-of date."""

    action: Action
    overdue: bool
    days_late: int
    over_budget: float | None  # spent beyond budget, when positive

    @property
    def status(self) -> str:
        """The declared status, or `late` when the due date has passed without it being done."""
        return "late" if self.overdue else self.action.status

    @property
    def consumed(self) -> float | None:
        """Share of the action's budget spent (nothing spent yet: 0)."""
        a = self.action
        return (a.spent or 0.0) / a.budget if a.budget else None

    @property
    def cost(self) -> float | None:
        """What the action costs: spent when known, else its budget."""
        a = self.action
        return a.spent if a.spent is not None else a.budget


def action_state(action: Action, as_of: date, *, waiting: bool = False) -> ActionState:
    """Where an action stands. `waiting`: its axis no longer counts (suspended or dropped), so
    the action waits with it: never late, whatever its dates."""
    due = action.due.last if action.due else None
    late = not waiting and (
        action.status == "late"
        or (due is not None and due < as_of and action.status not in _CLOSED)
    )
    days = (as_of - due).days if (late and due is not None and due < as_of) else 0
    over = None
    if action.budget is not None and action.spent is not None and action.spent > action.budget:
        over = action.spent - action.budget
    return ActionState(action, late, days, over)


@dataclass
class Rollup:
    """Totals over a set of actions."""

    total: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    overdue: int = 0
    budget: float = 0.0
    spent: float = 0.0
    cost: float = 0.0
    expected: dict[str, float] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.by_status["done"]

    @property
    def in_progress(self) -> int:
        return self.by_status["in_progress"]

    @property
    def planned(self) -> int:
        return self.by_status["planned"]

    @property
    def consumed(self) -> float | None:
        """Share of the budget spent."""
        return self.spent / self.budget if self.budget else None


def rollup(states: Iterable[ActionState]) -> Rollup:
    """Counts by status (overdue ones counted as late), budget, spend and expected contributions."""
    r = Rollup()
    for s in states:
        a = s.action
        r.total += 1
        r.by_status[s.status] += 1
        r.overdue += s.overdue
        r.budget += a.budget or 0.0
        r.spent += a.spent or 0.0
        r.cost += s.cost or 0.0
        if a.expected is not None:
            r.expected[a.expected.kpi] = r.expected.get(a.expected.kpi, 0.0) + a.expected.value
    return r


def roi(revenue: float | None, cost: float | None) -> float | None:
    """Revenue attributed for one unit of cost, when both are known and the cost is positive."""
    if revenue is None or not cost:
        return None
    return revenue / cost
