"""The plan's budget as every page and `pacsite status` show it: computed once, here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Plan
from .rollup import ActionState, Rollup

__all__ = ["BudgetState", "budget_state"]


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

    @property
    def total(self) -> float | None:
        """The budget the plan is judged against: its declared total, else the actions'."""
        return self.declared if self.declared else (self.allocated or None)

    @property
    def consumed(self) -> float | None:
        """Share of the total spent."""
        return self.spent / self.total if self.total else None


def budget_state(plan: Plan, actions: Sequence[ActionState], rollup: Rollup) -> BudgetState:
    channels: dict[str | None, float] = {}
    spelled: dict[str, str] = {}  # one channel however it is capitalised: its first spelling
    for s in actions:
        if s.action.budget:
            name = s.action.channel.strip() if s.action.channel else None
            key = spelled.setdefault(name.lower(), name) if name else None
            channels[key] = channels.get(key, 0.0) + s.action.budget
    lines = sum(line.amount for line in plan.budget.lines) if plan.budget else 0.0
    declared = plan.budget.total if plan.budget else None
    return BudgetState(declared, rollup.budget, rollup.spent, lines, channels)
