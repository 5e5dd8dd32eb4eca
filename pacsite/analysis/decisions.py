"""Review decisions: what an axis's status is at a date.

A decision sets its axis's status from the day of the review: push → priority, keep → active,
suspend → suspended, drop → dropped. A suspended or dropped axis stops counting towards its
segment's verdict and its alerts; its pages and history stay. The plan's analysis stands on
this module; the review pages (`reviews.py`) on the analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model import Decision, Plan, Review

__all__ = ["STATUS_OF", "Decided", "decided", "decisions_at"]

STATUS_OF = {"push": "priority", "keep": "active", "suspend": "suspended", "drop": "dropped"}


@dataclass(frozen=True)
class Decided:
    """A decision and the review that took it."""

    review: Review
    decision: Decision


def decisions_at(plan: Plan, day: date) -> dict[str, Decided]:
    """The latest decision about each axis taken on or before `day`."""
    out: dict[str, Decided] = {}
    for review in sorted(plan.reviews, key=lambda r: r.day):
        if review.day > day:
            break
        for decision in review.decisions:
            out[decision.axis] = Decided(review, decision)
    return out


def decided(plan: Plan, decisions: dict[str, Decided]) -> Plan:
    """The plan with each decided axis in the status its decision gave it."""
    if not decisions:
        return plan
    segments = [
        segment.model_copy(
            update={
                "axes": [
                    axis.model_copy(
                        update={"status": STATUS_OF[decisions[axis.id].decision.decision]}
                    )
                    if axis.id in decisions
                    else axis
                    for axis in segment.axes
                ]
            }
        )
        for segment in plan.segments
    ]
    return plan.model_copy(update={"segments": segments})
