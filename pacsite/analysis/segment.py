"""A market segment: its axes, its actions, its own KPI series and its part of the revenue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Period, Segment
from .axis import AxisState
from .context import Context
from .kpi import KpiState
from .rollup import ActionState, Rollup, is_monetary
from .series import Scope, series
from .verdicts import Status, running, worst

__all__ = ["SegmentState", "actual_shares"]


@dataclass(frozen=True)
class SegmentState:
    """A segment with its axes and the roll-up of its actions."""

    segment: Segment
    axes: list[AxisState]
    actions: list[ActionState]
    rollup: Rollup
    kpis: list[KpiState] = field(default_factory=list)
    """The segment's own series of each KPI its axes follow."""
    actual_share: float | None = None
    """Its part of the plan's money KPI so far, among the segments (None without results)."""
    ended: bool = False
    """Whether its period (its own, else the plan's) is over at the as-of date."""

    @property
    def status(self) -> Status:
        """The segment's verdict: the most worrying of its active axes' (a suspended or
        dropped axis no longer counts); missed only once its period is over."""
        return running(
            worst(
                [a.progress.status for a in self.axes if a.progress is not None and a.axis.counts]
            ),
            self.ended,
        )


def actual_shares(ctx: Context, segments: Sequence[Segment]) -> list[float | None]:
    """Each segment's part of the plan's first money KPI since the plan's start, to set beside
    the share the plan gave it (60/40 planned, 58/42 so far); None without results."""
    plan = ctx.plan
    money = next((k for k in plan.kpis if is_monetary(k.unit)), None)
    if money is None or not segments:
        return [None] * len(segments)
    start = Period.containing(plan.period.first, money.cadence).first
    sums = [
        sum(p.value for p in series(ctx.measures, money, Scope(s.id), since=start, until=ctx.as_of))
        for s in segments
    ]
    total = sum(sums)
    if total <= 0:
        return [None] * len(segments)
    return [value / total for value in sums]
