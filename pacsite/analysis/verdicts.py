"""Verdicts: how a figure against its trajectory, or a whole against its parts, is judged.

`target_status` (on track / at risk / off track from the ratio to the trajectory),
`closed_status` (achieved or missed once a window has ended), `worst` (a whole takes the most
worrying verdict of its parts), `running` (a whole still running is never missed), `move` and
`its_way` (a change in points or per cent, and whether it goes the KPI's way). The alert rules
(`rules.py`) and the progress of a target (`progress.py`) both stand on these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..model import Kpi
from ..model.units import in_points

__all__ = [
    "Status",
    "Thresholds",
    "closed_status",
    "consolidated_status",
    "its_way",
    "move",
    "running",
    "target_status",
    "worst",
]

Status = Literal["achieved", "missed", "on_track", "at_risk", "off_track", "not_started", "no_data"]

_RANK: dict[Status, int] = {
    "missed": -1,
    "off_track": 0,
    "at_risk": 1,
    "on_track": 2,
    "achieved": 3,
    "not_started": 4,
    "no_data": 5,
}


@dataclass(frozen=True)
class Thresholds:
    """Ratio of actual to trajectory from which a target is on track, or at risk (below: off)."""

    on_track: float = 1.0
    at_risk: float = 0.85


def target_status(ratio: float, thresholds: Thresholds) -> Status:
    """A target's verdict from the ratio of actual to its trajectory at the as-of date."""
    if ratio >= thresholds.on_track:
        return "on_track"
    if ratio >= thresholds.at_risk:
        return "at_risk"
    return "off_track"


def closed_status(reached: bool) -> Status:
    """The verdict of a target whose window has ended: achieved, or missed — never "at risk"
    forever."""
    return "achieved" if reached else "missed"


def worst(statuses: Sequence[Status]) -> Status:
    """The verdict of a whole from its parts: the most worrying one (no data only when nothing
    else is known). An objective from its key results, a segment from its axes, the plan from
    its objectives."""
    return min(statuses, key=lambda s: _RANK[s]) if statuses else "no_data"


def consolidated_status(
    actual: float | None,
    expected: float | None,
    target: float | None,
    direction: str,
    parts: Sequence[Status],
    closed: bool,
    thresholds: Thresholds,
) -> Status:
    """The verdict of a KPI several plans share, by the same rules as each part's: once every
    part's window has ended, achieved or missed on the target; before, from the trajectory (the
    most worrying part's verdict when the trajectory is unknown), a missed part making it off
    track at worst."""
    if closed and actual is not None and target is not None:
        return closed_status(actual <= target if direction == "decrease" else actual >= target)
    if actual is None or not expected:
        status = worst(parts)
    elif direction == "decrease":
        status = target_status(expected / actual if actual else 0.0, thresholds)
    else:
        status = target_status(actual / expected, thresholds)
    return running(status, closed)


def running(status: Status, ended: bool) -> Status:
    """The verdict of a whole still running: a missed part makes it off track, not missed — a
    plan or a segment is missed only once its own period is over."""
    return "off_track" if status == "missed" and not ended else status


def move(kpi: Kpi, before: float | None, after: float | None) -> float | None:
    """From one figure to another: a difference in points for rates and scores (31 % → 24 %:
    −7), else relative (95 → 103: +0.084); None when unknown or from 0."""
    if before is None or after is None:
        return None
    if in_points(kpi.unit):
        return after - before
    return (after - before) / before if before else None


def its_way(kpi: Kpi, change: float | None) -> bool | None:
    """Whether a change goes the KPI's way (up for `increase`, down for `decrease`)."""
    if change is None:
        return None
    return (change >= 0) == (kpi.direction == "increase")
