"""The method's proposals to a review, beside the push/keep/suspend/drop of each axis: each one a
small pure rule, each saying which figures it comes from.

- A segment whose revenue falls against last year: prioritise its axes (the method's
  "prioritise the segments that lose ground").
- An axis returning fast, well above what was expected: deploy it to the other segments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from .axis import AxisState
from .kpi import KpiState
from .rollup import is_monetary
from .segment import SegmentState

__all__ = ["DEPLOY_FACTOR", "FAST_MONTHS", "Proposal", "deploy", "prioritise", "proposals"]

DEPLOY_FACTOR = 1.5
"""An axis returns "well above" what was expected from 1,5 times its expected ROI."""
FAST_MONTHS = 6
"""An axis returns "fast" when it has run for six months at most."""


@dataclass(frozen=True)
class Proposal:
    """What the method proposes, about which segment (and axis), from which figures."""

    kind: Literal["prioritise", "deploy"]
    segment: str
    axis: str | None = None
    value: float | None = None
    """Prioritise: this year's revenue so far; deploy: the axis's ROI."""
    reference: float | None = None
    """Prioritise: last year's over the same periods; deploy: the expected ROI."""
    change: float | None = None
    """Prioritise: the fall against last year (−0.12); deploy: months it has run."""
    kpi: str | None = None
    others: tuple[str, ...] = ()
    """Deploy: the segments it could go to (those without it)."""


def prioritise(segment: SegmentState) -> Proposal | None:
    """A segment whose money KPI, over the periods it has results for, is below the same periods
    last year (known for each of them)."""
    money = next((k for k in segment.kpis if is_monetary(k.kpi.unit)), None)
    if money is None or not money.points:
        return None
    return _falling(segment.segment.id, money)


def _falling(segment: str, state: KpiState) -> Proposal | None:
    if len(state.last_year) != len(state.points) or any(v is None for v in state.last_year):
        return None
    now = sum(p.value for p in state.points)
    before = sum(v for v in state.last_year if v is not None)
    if not before or now >= before:
        return None
    return Proposal("prioritise", segment, None, now, before, now / before - 1, state.kpi.id)


def deploy(axis: AxisState, as_of: date, segments: list[str]) -> Proposal | None:
    """An axis that counts, whose ROI is at least `DEPLOY_FACTOR` times its expected ROI after
    at most `FAST_MONTHS` months."""
    expected = axis.expected_roi
    if not axis.axis.counts or axis.roi is None or not expected:
        return None
    months = (as_of - axis.window.first).days / 30.4375
    if axis.roi < expected * DEPLOY_FACTOR or not 0 < months <= FAST_MONTHS:
        return None
    others = tuple(s for s in segments if s != axis.segment.id)
    if not others:
        return None
    return Proposal(
        "deploy", axis.segment.id, axis.axis.id, axis.roi, expected, round(months, 1), None, others
    )


def proposals(segments: list[SegmentState], as_of: date) -> list[Proposal]:
    """Every proposal of the method for a review held at `as_of`."""
    ids = [s.segment.id for s in segments]
    out = [p for s in segments if (p := prioritise(s)) is not None]
    out += [p for s in segments for a in s.axes if (p := deploy(a, as_of, ids)) is not None]
    return out
