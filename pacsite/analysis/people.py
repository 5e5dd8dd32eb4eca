"""People across plans: one person per name (a team member's name, or an owner as written),
with their actions in each plan and how many are late."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .plan import PlanAnalysis
from .rollup import ActionState

__all__ = ["Person", "people"]


@dataclass(frozen=True)
class Person:
    """Someone who owns actions, in one plan or several."""

    key: str
    """Their name in lower case: the same person whatever the plan."""
    name: str
    roles: tuple[str, ...]
    plans: tuple[tuple[PlanAnalysis, tuple[ActionState, ...]], ...]
    """Each plan they own actions in, with those actions, in the order the plans come."""

    @property
    def count(self) -> int:
        return sum(len(states) for _, states in self.plans)

    @property
    def late(self) -> int:
        return sum(1 for _, states in self.plans for s in states if s.overdue)


def people(analyses: Sequence[PlanAnalysis]) -> list[Person]:
    """Every owner of an action in these plans, in the order first met."""
    found: dict[str, tuple[str, list[str], dict[int, list[ActionState]]]] = {}
    for index, analysis in enumerate(analyses):
        plan = analysis.plan
        for state in analysis.actions:
            who = state.action.owner
            if not who:
                continue
            member = plan.member(who)
            name = member.name if member else who
            _, roles, plans = found.setdefault(name.strip().lower(), (name, [], {}))
            role = member.role if member else None
            if role and role not in roles:
                roles.append(role)
            plans.setdefault(index, []).append(state)
    return [
        Person(
            key,
            name,
            tuple(roles),
            tuple((analyses[i], tuple(states)) for i, states in plans.items()),
        )
        for key, (name, roles, plans) in found.items()
    ]
