"""JSON Schemas of plan files, for editors (completion, checks as you type)."""

from __future__ import annotations

from typing import Any

from .model import Plan, Review, Segment
from .model.plan import Action

__all__ = ["plan_schemas"]


def plan_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schemas for `plan.yaml`, `segments/*.yaml`, `actions/*.yaml` and `reviews/*.yaml`."""
    plan = Plan.model_json_schema()
    plan["properties"].pop("id", None)
    plan["properties"]["year"] = {
        "type": "integer",
        "description": "Shortcut for a whole-year period.",
    }
    plan["required"] = ["title"]
    plan["title"] = "pacsite plan"
    segment = Segment.model_json_schema()
    action = Action.model_json_schema()
    actions = {"title": "pacsite actions", "anyOf": [{"type": "array", "items": action}, action]}
    actions["$defs"] = action.pop("$defs", {})
    review = Review.model_json_schema()
    reviews = {"title": "pacsite reviews", "anyOf": [{"type": "array", "items": review}, review]}
    reviews["$defs"] = review.pop("$defs", {})
    return {"plan": plan, "segment": segment, "actions": actions, "review": reviews}
