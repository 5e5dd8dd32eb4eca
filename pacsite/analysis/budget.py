"""The plan's budget as every page and `pacsite status` show it: computed once, here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..model import Action, BudgetLine, Plan
from .progress import elapsed
from .rollup import ActionState, Rollup

__all__ = ["BudgetState", "LineState", "budget_state"]


@dataclass(frozen=True)
class LineState:
    """A budget line and what was spent under it: the actions its segment, axis and channel
    describe (an action counts under one line only: the most specific one, then the first)."""

    line: BudgetLine
    kpi: str | None
    """The KPI the line is meant to move: its own `kpi`, else its axis's objective's."""
    actions: tuple[str, ...]
    spent: float

    @property
    def consumed(self) -> float | None:
        return self.spent / self.line.amount if self.line.amount else None


@dataclass(frozen=True)
class BudgetState:
    """The plan's budget: its total, what actions are allotted and spent, lines, channels."""

    declared: float | None
    """The total written in the plan (`budget.total`), if any."""
    allocated: float
    """The actions' budgets added up."""
    spent: float
    lines: float
    """The budget lines added up."""
    by_channel: dict[str | None, float] = field(default_factory=dict)
    """The actions' budgets per channel (None: no channel), in the order they first appear."""
    elapsed: float = 0.0
    """Share of the plan's period gone by at the as-of date (0 to 1)."""
    months: int = 12
    """Calendar months the plan's period spans."""
    line_states: tuple[LineState, ...] = ()
    unlined: float = 0.0
    """Spent by actions that fall under no line (shown so the lines add up to the spend)."""

    @property
    def monthly(self) -> float | None:
        """The budget's rhythm: the total spread evenly over the plan's months (72 000 € over a
        year: 6 000 € a month)."""
        return self.total / self.months if self.total else None

    @property
    def expected_to_date(self) -> float | None:
        """What the rhythm would have spent by the as-of date: the total pro rata of the days."""
        return self.total * self.elapsed if self.total else None

    @property
    def pacing(self) -> float | None:
        """Spent against expected to date: above 0 ahead of the rhythm, below 0 behind it."""
        expected = self.expected_to_date
        return self.spent - expected if expected is not None else None

    @property
    def total(self) -> float | None:
        """The budget the plan is judged against: its declared total, else the actions'."""
        return self.declared if self.declared else (self.allocated or None)

    @property
    def consumed(self) -> float | None:
        """Share of the total spent."""
        return self.spent / self.total if self.total else None


def budget_state(
    plan: Plan, actions: Sequence[ActionState], rollup: Rollup, as_of: date
) -> BudgetState:
    channels: dict[str | None, float] = {}
    spelled: dict[str, str] = {}  # one channel however it is capitalised: its first spelling
    for s in actions:
        if s.action.budget:
            name = s.action.channel.strip() if s.action.channel else None
            key = spelled.setdefault(name.lower(), name) if name else None
            channels[key] = channels.get(key, 0.0) + s.action.budget
    lines = sum(line.amount for line in plan.budget.lines) if plan.budget else 0.0
    declared = plan.budget.total if plan.budget else None
    period = plan.period
    months = (
        (period.last.year - period.first.year) * 12 + period.last.month - period.first.month + 1
    )
    line_states, unlined = _lines(plan, actions)
    return BudgetState(
        declared,
        rollup.budget,
        rollup.spent,
        lines,
        channels,
        elapsed(period, as_of),
        months,
        line_states,
        unlined,
    )


def _fits(line: BudgetLine, action: Action) -> bool:
    """Whether the action is in the line's scope: every field the line sets matches."""
    channel = (action.channel or "").strip().lower()
    return (
        (line.segment is None or action.segment == line.segment)
        and (line.axis is None or action.axis == line.axis)
        and (line.channel is None or channel == line.channel.strip().lower())
        and any(x is not None for x in (line.segment, line.axis, line.channel))
    )


def _lines(plan: Plan, actions: Sequence[ActionState]) -> tuple[tuple[LineState, ...], float]:
    lines = plan.budget.lines if plan.budget else []
    if not lines:
        return (), 0.0
    mine: list[list[ActionState]] = [[] for _ in lines]
    unlined = 0.0
    for state in actions:
        fitting = [i for i, line in enumerate(lines) if _fits(line, state.action)]
        if not fitting:
            unlined += state.action.spent or 0.0
            continue
        best = max(fitting, key=lambda i: (_specificity(lines[i]), -i))
        mine[best].append(state)
    out = []
    for line, states in zip(lines, mine, strict=True):
        kpi = line.kpi
        if kpi is None and line.axis:
            axis = plan.axis(line.axis)
            kpi = axis.objective.kpi if axis and axis.objective else None
        spent = sum(s.action.spent or 0.0 for s in states)
        out.append(LineState(line, kpi, tuple(s.action.id for s in states), spent))
    return tuple(out), unlined


def _specificity(line: BudgetLine) -> int:
    return sum(x is not None for x in (line.segment, line.axis, line.channel))
