"""Lint findings: what makes a plan weak without making it wrong (codes PAC1xx)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from ..catalog import Message, msg
from ..model import Plan
from .diagnostics import Code, Diagnostic, format_path
from .verbs import starts_with_verb
from .yamlsource import DataPath, SourceMap

__all__ = ["LINT_CODES", "LintLevel", "LintLevels", "lint_plan"]

LintLevel = Literal["error", "warning", "ignore"]
LintLevels = Mapping[str, LintLevel]

LINT_CODES: dict[Code, str] = {
    Code.TITLE_NOT_VERB: "an action title does not start with a verb",
    Code.NO_OWNER: "an action has no owner (who)",
    Code.NO_DUE: "an action has no due date (when)",
    Code.NOT_SMART: "a quantitative objective has no KPI, target or due date",
    Code.AXIS_NO_OBJECTIVE: "a development axis has no objective",
    Code.ACTION_NO_SEGMENT: "an action is tied to no segment",
    Code.OVER_ALLOCATED: "the actions' budgets add up to more than the plan's budget",
}


def lint_plan(plan: Plan, smap: SourceMap, levels: LintLevels | None = None) -> list[Diagnostic]:
    """Lint findings of a plan, with the severity set by `levels` and the plan's `lint.ignore`."""
    levels = dict(levels or {})
    out: list[Diagnostic] = []
    for i, code in enumerate(plan.lint.ignore):
        levels[code] = "ignore"
        if code not in LINT_CODES:
            path: DataPath = ("lint", "ignore", i)
            known = ", ".join(sorted(LINT_CODES))
            message = msg("'{code}' is not a lint code: use one of {known}", code=code, known=known)
            out.append(Diagnostic(smap.locate(path), Code.SCHEMA, message, format_path(path)))
    found: list[tuple[DataPath, Code, Message]] = []
    for i, action in enumerate(plan.actions):
        path = ("actions", i)
        if not starts_with_verb(action.title, plan.language):
            found.append(
                (
                    (*path, "title"),
                    Code.TITLE_NOT_VERB,
                    msg(
                        "action '{id}': '{title}' does not start with a verb: an action says "
                        "what someone does, e.g. 'Visit 5 dormant customers'",
                        id=action.id,
                        title=action.title,
                    ),
                )
            )
        if not action.owner:
            found.append((path, Code.NO_OWNER, msg("action '{id}' has no owner", id=action.id)))
        if action.due is None:
            found.append((path, Code.NO_DUE, msg("action '{id}' has no due date", id=action.id)))
        if action.segment is None and action.axis is None:
            found.append(
                (
                    path,
                    Code.ACTION_NO_SEGMENT,
                    msg("action '{id}' is tied to no segment or axis", id=action.id),
                )
            )
    for i, objective in enumerate(plan.objectives):
        path = ("objectives", i)
        if objective.key_results:
            for j, kr in enumerate(objective.key_results):
                missing = _missing(kr.kpi, kr.target, kr.due)
                if missing:
                    found.append(
                        (
                            (*path, "key_results", j),
                            Code.NOT_SMART,
                            msg(
                                "key result of '{id}' has no {missing}",
                                id=objective.id,
                                missing=missing,
                            ),
                        )
                    )
        elif objective.kind == "quantitative":
            missing = _missing(objective.kpi, objective.target, objective.due)
            if missing:
                found.append(
                    (
                        path,
                        Code.NOT_SMART,
                        msg(
                            "quantitative objective '{id}' is not SMART: no {missing}",
                            id=objective.id,
                            missing=missing,
                        ),
                    )
                )
    for i, segment in enumerate(plan.segments):
        for j, axis in enumerate(segment.axes):
            if axis.objective is None and axis.status not in {"dropped", "suspended"}:
                found.append(
                    (
                        ("segments", i, "axes", j),
                        Code.AXIS_NO_OBJECTIVE,
                        msg(
                            "axis '{axis}' of segment '{segment}' has no objective",
                            axis=axis.id,
                            segment=segment.id,
                        ),
                    )
                )
    total = plan.budget.total if plan.budget else None
    allotted = sum(a.budget or 0.0 for a in plan.actions)
    if total is not None and allotted > total + 0.005:
        found.append(
            (
                ("budget", "total"),
                Code.OVER_ALLOCATED,
                msg(
                    "the actions' budgets add up to {allotted}, {over} more than the plan's "
                    "total of {total}",
                    allotted=f"{allotted:,.2f}",
                    over=f"{allotted - total:,.2f}",
                    total=f"{total:,.2f}",
                ),
            )
        )
    for path, code, message in found:
        level = levels.get(code, "warning")
        if level != "ignore":
            out.append(Diagnostic(smap.locate(path), code, message, format_path(path), level))
    return out


def _missing(kpi: str | None, target: float | None, due: object) -> Message | None:
    parts = [
        name
        for name, value in (("KPI", kpi), ("target", target), ("due date", due))
        if value is None
    ]
    return _MISSING.get(tuple(parts)) if parts else None


_MISSING = {
    ("KPI",): msg("KPI"),
    ("target",): msg("target"),
    ("due date",): msg("due date"),
    ("KPI", "target"): msg("KPI, target"),
    ("KPI", "due date"): msg("KPI, due date"),
    ("target", "due date"): msg("target, due date"),
    ("KPI", "target", "due date"): msg("KPI, target, due date"),
}
