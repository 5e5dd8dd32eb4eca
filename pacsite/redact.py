"""Public or internal, on purpose: what a `visibility` setting leaves out of the site.

The plan is redacted after it is loaded and checked and before it is analysed, so that no page,
chart, feed, export or figure derived from a hidden field can show it: a public site has no
budget, spend, ROI or over-budget alert, no notes (actions', results' and reviews'), no e-mail
address, and its history no commit author or message. Every version of the plan the site reads
(its history from git, the plan as it was at each review) goes through the same redaction.
"""

from __future__ import annotations

from dataclasses import replace

from .history import PlanHistory
from .load import LoadedPlan
from .settings import Visibility

__all__ = ["redact", "redact_history"]


def redact(loaded: LoadedPlan, visibility: Visibility) -> LoadedPlan:
    """The plan and its results without the fields `visibility` hides."""
    plan = loaded.plan
    budgets, spend = visibility.shows("budgets"), visibility.shows("spend")
    notes, emails = visibility.shows("notes"), visibility.shows("emails")
    if budgets and spend and notes and emails:
        return loaded
    action_fields: dict[str, None] = {}
    if not budgets:
        action_fields["budget"] = None
    if not spend:
        action_fields["spent"] = None
    if not notes:
        action_fields["notes"] = None
    update: dict[str, object] = {
        "actions": [a.model_copy(update=action_fields) for a in plan.actions],
    }
    if not budgets:
        update["budget"] = None
        update["segments"] = [
            s.model_copy(update={"axes": [a.model_copy(update={"budget": None}) for a in s.axes]})
            for s in plan.segments
        ]
    if not emails:
        update["team"] = [m.model_copy(update={"email": None}) for m in plan.team]
    if not notes:
        update["reviews"] = [r.model_copy(update={"notes": None}) for r in plan.reviews]
    measures = loaded.measures
    if not notes:
        measures = [replace(m, note=None) if m.note else m for m in measures]
    return replace(loaded, plan=plan.model_copy(update=update), measures=measures)


def redact_history(history: PlanHistory, visibility: Visibility) -> PlanHistory:
    """The history without commit authors or messages, as `visibility` says."""
    authors, messages = visibility.shows("history_authors"), visibility.shows("history_messages")
    if authors and messages:
        return history
    revisions = [
        replace(
            r,
            author=r.author if authors else "",
            message=r.message if messages else "",
        )
        for r in history.revisions
    ]
    return replace(history, revisions=revisions)
