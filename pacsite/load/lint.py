"""Lint findings: what makes a plan weak without making it wrong (codes PAC1xx)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from ..catalog import Figure, Message, msg
from ..model import Action, Plan
from ..model.plan import Target
from ..text import fold
from .diagnostics import Code, Diagnostic, format_path
from .schema_errors import close_matches
from .verbs import starts_with_verb
from .yamlsource import DataPath, SourceMap

__all__ = ["LINT_CODES", "Finding", "LintLevel", "LintLevels", "emit", "lint_plan"]

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
    Code.OUT_OF_REACH: "the actions' expected contributions fall short of the growth a target asks",
    Code.STALE_KPI: "a KPI's latest result is older than its cadence allows at the as-of date",
    Code.STALE_ACTION: "an action's status has not followed its start or due date",
    Code.STALE_RESULTS: "a results file is older than the plan's review rhythm",
    Code.NOT_IN_TEAM: "an action's owner or RACI role names nobody of the plan's team",
}

Finding = tuple[DataPath, Code, Message]


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
            if axis.objective is None and axis.counts:
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
                    allotted=Figure(allotted),
                    over=Figure(allotted - total),
                    total=Figure(total),
                ),
            )
        )
    found.extend(_out_of_reach(plan))
    found.extend(_outside_the_team(plan))
    return out + emit(plan, smap, found, levels)


_ROLES = ("responsible", "accountable", "consulted", "informed")


def _outside_the_team(plan: Plan) -> list[Finding]:
    """Owners that are neither a team member's id nor their name, in a plan that has a team: most
    often a typo (`juli`), else someone the team list has not caught up with. A RACI role may
    name a department (`direction`): it is said only when it looks like a member's typo."""
    if not plan.team:
        return []
    ids = [m.id for m in plan.team]
    known = {fold(m.id) for m in plan.team} | {fold(m.name) for m in plan.team}
    found: list[Finding] = []
    for i, action in enumerate(plan.actions):
        people: list[tuple[DataPath, str]] = []
        if action.owner:
            people.append((("actions", i, "owner"), action.owner))
        if action.raci is not None:
            for role in _ROLES:
                people += [
                    (("actions", i, "raci", role, j), who)
                    for j, who in enumerate(getattr(action.raci, role))
                ]
        for path, who in people:
            if fold(who) in known:
                continue
            hint = close_matches(who, ids) or close_matches(who, [m.name for m in plan.team])
            if path[2] == "raci" and not hint:
                continue  # a RACI role may name a department ("direction"): only a typo is said
            suggestion = msg(" Did you mean '{id}'?", id=_member_id(plan, hint[0])) if hint else ""
            found.append(
                (
                    path,
                    Code.NOT_IN_TEAM,
                    msg(
                        "action '{id}': '{who}' is not in the plan's team.{suggestion} Team: {known}",
                        id=action.id,
                        who=who,
                        suggestion=suggestion,
                        known=", ".join(ids),
                    ),
                )
            )
    return found


def _member_id(plan: Plan, id_or_name: str) -> str:
    return next((m.id for m in plan.team if id_or_name in {m.id, m.name}), id_or_name)


def emit(
    plan: Plan, smap: SourceMap, found: list[Finding], levels: LintLevels | None = None
) -> list[Diagnostic]:
    """Findings as located diagnostics, at the severity `levels` and the plan's `lint.ignore`
    give their code (warning by default)."""
    chosen = dict(levels or {})
    chosen.update(dict.fromkeys(plan.lint.ignore, "ignore"))
    out = []
    for path, code, message in found:
        level = chosen.get(code, "warning")
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


def shortfall(
    baseline: float | None, target: float | None, contributions: list[float]
) -> tuple[float, float] | None:
    """(needed, expected) when the contributions fall short of the growth from `baseline` to
    `target`, else None. Only a target with a baseline asks a known growth; with no
    contribution declared there is nothing to judge."""
    if baseline is None or target is None or not contributions:
        return None
    needed, expected = target - baseline, sum(contributions)
    return (needed, expected) if needed > 0 and expected < needed - 1e-9 else None


def _out_of_reach(plan: Plan) -> list[tuple[DataPath, Code, Message]]:
    """The "achievable" of SMART: a target whose actions, by their own `expected`, cannot bring
    the growth it asks. Summable KPIs only (a rate's contributions do not add up), increase only.
    An axis's objective (the extra its actions bring) is judged on the axis's actions. A plan
    objective only when it grows from a baseline above 0 (200 → 240 vehicles: 40 to bring); from
    0 it is a total that business as usual mostly brings. Said once when an axis said it."""
    additive = {k.id for k in plan.kpis if k.aggregation == "sum" and k.direction == "increase"}
    live = [a for a in plan.actions if a.expected and a.status != "cancelled"]
    out: list[tuple[DataPath, Code, Message]] = []
    said: set[tuple[str, float, float]] = set()

    def judge(path: DataPath, target: Target, actions: list[Action], who: Message) -> None:
        if target.kpi not in additive:
            return
        mine = [a for a in actions if a.expected and a.expected.kpi == target.kpi]
        gap = shortfall(
            target.baseline or 0.0, target.target, [a.expected.value for a in mine if a.expected]
        )
        if gap is None or (target.kpi, *gap) in said:
            return
        said.add((target.kpi, *gap))
        needed, expected = gap
        out.append(
            (
                (*path, "target"),
                Code.OUT_OF_REACH,
                msg(
                    "{who} asks {needed} more {kpi} than its baseline, but its actions expect "
                    "{expected} ({actions}): {short} short. Add or resize an action, or lower "
                    "the target",
                    who=who,
                    needed=Figure(needed),
                    kpi=target.kpi,
                    expected=Figure(expected),
                    actions=", ".join(a.id for a in mine),
                    short=Figure(needed - expected),
                ),
            )
        )

    for i, segment in enumerate(plan.segments):
        for j, axis in enumerate(segment.axes):
            if axis.objective is None or not axis.counts:
                continue
            ours = [a for a in live if a.axis == axis.id and a.segment in (None, segment.id)]
            judge(
                ("segments", i, "axes", j, "objective"),
                axis.objective,
                ours,
                msg("the objective of axis '{axis}'", axis=axis.id),
            )
    for i, objective in enumerate(plan.objectives):
        if not objective.baseline:  # from 0, a plan total: business as usual brings most of it
            continue
        judge(("objectives", i), objective, live, msg("objective '{id}'", id=objective.id))
    return out
