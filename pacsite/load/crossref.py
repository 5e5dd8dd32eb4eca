"""Checks across a valid plan: references between ids, dates, budget and shares."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import pairwise

from ..catalog import N_, msg
from ..model import Period, Plan
from .diagnostics import Code, Diagnostic, format_path
from .schema_errors import close_matches
from .yamlsource import DataPath, SourceMap

__all__ = ["check_references"]

# One sentence per kind of item, so that each language can write it with its own grammar.
UNKNOWN = {
    "KPI": N_("unknown KPI '{value}'.{suggestion} Known: {known}"),
    "action": N_("unknown action '{value}'.{suggestion} Known: {known}"),
    "axis": N_("unknown axis '{value}'.{suggestion} Known: {known}"),
    "segment axis": N_("unknown axis '{value}' in segment '{segment}'.{suggestion} Known: {known}"),
    "objective": N_("unknown objective '{value}'.{suggestion} Known: {known}"),
    "persona": N_("unknown persona '{value}'.{suggestion} Known: {known}"),
    "segment": N_("unknown segment '{value}'.{suggestion} Known: {known}"),
    "segment or axis": N_("unknown segment or axis '{value}'.{suggestion} Known: {known}"),
    "team member": N_("unknown team member '{value}'.{suggestion} Known: {known}"),
}
NONE_DEFINED = {
    "KPI": N_("unknown KPI '{value}': the plan defines no KPI"),
    "action": N_("unknown action '{value}': the plan defines no action"),
    "axis": N_("unknown axis '{value}': the plan defines no axis"),
    "segment axis": N_("unknown axis '{value}': segment '{segment}' has no axis"),
    "objective": N_("unknown objective '{value}': the plan defines no objective"),
    "persona": N_("unknown persona '{value}': the plan defines no persona"),
    "segment": N_("unknown segment '{value}': the plan defines no segment"),
    "segment or axis": N_("unknown segment or axis '{value}': the plan defines no segment"),
    "team member": N_("unknown team member '{value}': the plan defines no team"),
}
_TWICE = {
    "KPI": N_("KPI id '{id}' is defined twice (first at {where})"),
    "source": N_("source id '{id}' is defined twice (first at {where})"),
    "action": N_("action id '{id}' is defined twice (first at {where})"),
    "axis": N_("axis id '{id}' is defined twice (first at {where})"),
    "objective": N_("objective id '{id}' is defined twice (first at {where})"),
    "persona": N_("persona id '{id}' is defined twice (first at {where})"),
    "segment": N_("segment id '{id}' is defined twice (first at {where})"),
    "team member": N_("team member id '{id}' is defined twice (first at {where})"),
}
_OUTSIDE = {
    "due date": N_("due date {period} is outside the plan period {first} – {last}"),
    "phasing period": N_("phasing period {period} is outside the plan period {first} – {last}"),
    "segment period": N_("segment period {period} is outside the plan period {first} – {last}"),
    "start": N_("start {period} is outside the plan period {first} – {last}"),
}

_TOLERANCE = 0.005  # phasing may round: half a percent of the target


class _Checker:
    def __init__(
        self,
        plan: Plan,
        smap: SourceMap,
        index_map: Mapping[str, list[int]],
        known: Mapping[str, set[str]],
    ):
        self.plan = plan
        self.smap = smap
        self.index_map = index_map
        self.out: list[Diagnostic] = []

        def ids(kind: str, items: Iterable[str]) -> list[str]:
            listed = list(items)
            return listed + sorted(known.get(kind, set()) - set(listed))

        self.kpis = ids("kpis", (k.id for k in plan.kpis))
        self.actions = ids("actions", (a.id for a in plan.actions))
        self.personas = ids("personas", (p.id for p in plan.personas))
        self.segments = ids("segments", (s.id for s in plan.segments))
        self.team = ids("team", (m.id for m in plan.team))
        self.extra_axes = sorted(known.get("axes", set()))

    def orig(self, path: DataPath) -> DataPath:
        """The path in the files, when items with schema errors were left out of the plan checked."""
        if len(path) > 1 and isinstance(path[1], int) and str(path[0]) in self.index_map:
            return (path[0], self.index_map[str(path[0])][path[1]], *path[2:])
        return path

    def error(
        self,
        path: DataPath,
        code: Code,
        message: str,
        *,
        related: DataPath | None = None,
        key: bool = False,
    ) -> None:
        rel = (self.smap.locate(self.orig(related)),) if related is not None else ()
        path = self.orig(path)
        self.out.append(
            Diagnostic(
                self.smap.locate(path, key=key), code, message, format_path(path), related=rel
            )
        )

    def ref(
        self, path: DataPath, value: str | None, known: list[str], what: str, **extra: str
    ) -> None:
        if value is None or value in known:
            return
        hint = close_matches(value, known)
        suggestion = msg(" Did you mean '{id}'?", id=hint[0]) if hint else ""
        if not known:
            self.error(path, Code.REFERENCE, msg(NONE_DEFINED[what], value=value, **extra))
            return
        listing = ", ".join(known)
        message = msg(UNKNOWN[what], value=value, suggestion=suggestion, known=listing, **extra)
        self.error(path, Code.REFERENCE, message)

    def refs(self, path: DataPath, values: Iterable[str], known: list[str], what: str) -> None:
        for i, value in enumerate(values):
            self.ref((*path, i), value, known, what)

    def unique(self, path: DataPath, ids: list[str], what: str) -> None:
        """Each id once; and ids that name pages (segments, actions) differ by more than case,
        or their pages would be one on Windows and IIS hosts."""
        first: dict[str, int] = {}
        folded: dict[str, int] = {}
        for i, item_id in enumerate(ids):
            if item_id in first:
                where = self.smap.locate(self.orig((*path, first[item_id], "id")))
                self.error(
                    (*path, i, "id"),
                    Code.DUPLICATE,
                    msg(_TWICE[what], id=item_id, where=str(where)),
                    related=(*path, first[item_id], "id"),
                )
                continue
            first[item_id] = i
            if what in {"segment", "action"} and item_id.lower() in folded:
                other = ids[folded[item_id.lower()]]
                self.error(
                    (*path, i, "id"),
                    Code.DUPLICATE,
                    msg(
                        "ids '{id}' and '{other}' differ only by case: their pages would be one "
                        "on Windows and IIS hosts",
                        id=item_id,
                        other=other,
                    ),
                    related=(*path, folded[item_id.lower()], "id"),
                )
            folded.setdefault(item_id.lower(), i)

    def within_plan(self, path: DataPath, period: Period | None, what: str) -> None:
        plan_period = self.plan.period
        if period is not None and not period.within(plan_period):
            self.error(
                path,
                Code.CONSISTENCY,
                msg(
                    _OUTSIDE[what],
                    period=str(period),
                    first=str(plan_period.first),
                    last=str(plan_period.last),
                ),
            )


def check_references(
    plan: Plan,
    smap: SourceMap,
    *,
    index_map: Mapping[str, list[int]] | None = None,
    known: Mapping[str, set[str]] | None = None,
) -> list[Diagnostic]:
    """Every broken reference and inconsistency of a plan, located.

    Args:
        index_map: for a plan checked without its items that have schema errors, the index in the
            files of each item kept, by list (`actions`: [0, 2, 3]).
        known: ids of the items left out (by list, and `axes`), which references may still name.
    """
    c = _Checker(plan, smap, index_map or {}, known or {})
    for key, ids, what in [
        ("team", c.team, "team member"),
        ("kpis", c.kpis, "KPI"),
        ("objectives", [o.id for o in plan.objectives], "objective"),
        ("personas", c.personas, "persona"),
        ("segments", c.segments, "segment"),
        ("actions", c.actions, "action"),
    ]:
        c.unique((key,), ids, what)
    for i, kpi in enumerate(plan.kpis):
        c.refs(("kpis", i, "corrective_actions"), kpi.corrective_actions, c.actions, "action")
    for i, objective in enumerate(plan.objectives):
        _check_target(
            c, ("objectives", i), objective.kpi, objective.target, objective.due, objective.phasing
        )
        for j, kr in enumerate(objective.key_results):
            _check_target(
                c, ("objectives", i, "key_results", j), kr.kpi, kr.target, kr.due, kr.phasing
            )
    _check_segments(c)
    _check_actions(c)
    _check_budget(c)
    for i, source in enumerate(plan.results):
        c.ref(("results", i, "kpi"), source.kpi, c.kpis, "KPI")
    _check_sources(c)
    _check_reviews(c)
    return c.out


def _check_sources(c: _Checker) -> None:
    """A CRM source fills a KPI of the plan, maps its values to the plan's segments and axes,
    and has an id of its own (its file's name)."""
    plan = c.plan
    c.unique(("sources",), [s.id for s in plan.sources], "source")
    parts = [*c.segments, *(a.id for s in plan.segments for a in s.axes)]
    for i, source in enumerate(plan.sources):
        c.ref(("sources", i, "kpi"), source.kpi, c.kpis, "KPI")
        for name, target in source.values.items():
            c.ref(("sources", i, "values", name), target, parts, "segment or axis")


def _check_reviews(c: _Checker) -> None:
    """A review decides about axes of the plan and names actions of the plan."""
    axes = [a.id for s in c.plan.segments for a in s.axes]
    for i, review in enumerate(c.plan.reviews):
        path = ("reviews", i)
        for j, decision in enumerate(review.decisions):
            c.ref((*path, "decisions", j, "axis"), decision.axis, axes, "axis")
            c.refs((*path, "decisions", j, "deploy_to"), decision.deploy_to, c.segments, "segment")
        c.refs((*path, "corrective_actions"), review.corrective_actions, c.actions, "action")


def _check_target(
    c: _Checker,
    path: DataPath,
    kpi_id: str | None,
    target: float | None,
    due: Period | None,
    phasing: dict[Period, float] | None,
) -> None:
    c.ref((*path, "kpi"), kpi_id, c.kpis, "KPI")
    c.within_plan((*path, "due"), due, "due date")
    if not phasing:
        return
    for period in phasing:
        c.within_plan((*path, "phasing", period.label), period, "phasing period")
    ordered = sorted(phasing)
    for a, b in pairwise(ordered):
        if b.first <= a.last:
            c.error(
                (*path, "phasing"),
                Code.CONSISTENCY,
                msg("phasing periods {a} and {b} overlap", a=str(a), b=str(b)),
            )
    kpi = c.plan.kpi(kpi_id) if kpi_id else None
    if kpi is not None and kpi.aggregation == "sum" and target is not None:
        total = sum(phasing.values())
        if abs(total - target) > abs(target) * _TOLERANCE:
            c.error(
                (*path, "phasing"),
                Code.CONSISTENCY,
                msg(
                    "phasing adds up to {total} but the target is {target}",
                    total=f"{total:g}",
                    target=f"{target:g}",
                ),
            )


def _check_segments(c: _Checker) -> None:
    plan = c.plan
    for i, segment in enumerate(plan.segments):
        path = ("segments", i)
        c.refs((*path, "personas"), segment.personas, c.personas, "persona")
        c.within_plan((*path, "period"), segment.period, "segment period")
        c.unique((*path, "axes"), [a.id for a in segment.axes], "axis")
        for j, axis in enumerate(segment.axes):
            apath = (*path, "axes", j)
            c.refs((*apath, "kpis"), axis.kpis, c.kpis, "KPI")
            if axis.objective is not None:
                o = axis.objective
                _check_target(c, (*apath, "objective"), o.kpi, o.target, o.due, o.phasing)
    shares = [(i, s.share) for i, s in enumerate(plan.segments) if s.share is not None]
    total = sum(share for _, share in shares)
    if total > 1 + 1e-9:
        c.error(
            ("segments", shares[-1][0], "share"),
            Code.CONSISTENCY,
            msg("segment shares add up to {total} %, more than 100 %", total=f"{total * 100:.0f}"),
        )


def _check_actions(c: _Checker) -> None:
    plan = c.plan
    for i, action in enumerate(plan.actions):
        path = ("actions", i)
        c.ref((*path, "segment"), action.segment, c.segments, "segment")
        segment = plan.segment(action.segment) if action.segment else None
        if action.axis is not None:
            if segment is not None:
                c.ref(
                    (*path, "axis"),
                    action.axis,
                    [a.id for a in segment.axes],
                    "segment axis",
                    segment=segment.id,
                )
            elif action.segment is None:
                owners = plan.segments_of_axis(action.axis)
                if len(owners) != 1:
                    every = [a.id for s in plan.segments for a in s.axes] + c.extra_axes
                    if owners:
                        c.error(
                            (*path, "axis"),
                            Code.REFERENCE,
                            msg(
                                "axis '{axis}' exists in segments {segments}: say which with "
                                "`segment:`",
                                axis=action.axis,
                                segments=", ".join(owners),
                            ),
                        )
                    else:
                        c.ref((*path, "axis"), action.axis, every, "axis")
        c.refs((*path, "kpis"), action.kpis, c.kpis, "KPI")
        if action.expected is not None:
            c.ref((*path, "expected", "kpi"), action.expected.kpi, c.kpis, "KPI")
        c.within_plan((*path, "start"), action.start, "start")
        c.within_plan((*path, "due"), action.due, "due date")
        if action.start and action.due and action.start.first > action.due.last:
            c.error(
                (*path, "due"),
                Code.CONSISTENCY,
                msg(
                    "due ({due}) is before start ({start})",
                    due=str(action.due),
                    start=str(action.start),
                ),
            )


def _check_budget(c: _Checker) -> None:
    budget = c.plan.budget
    if budget is None:
        return
    for i, line in enumerate(budget.lines):
        path = ("budget", "lines", i)
        c.ref((*path, "kpi"), line.kpi, c.kpis, "KPI")
        c.ref((*path, "segment"), line.segment, c.segments, "segment")
        if line.axis is not None:
            axes = [
                a.id
                for s in c.plan.segments
                for a in s.axes
                if line.segment is None or s.id == line.segment
            ]
            c.ref((*path, "axis"), line.axis, axes, "axis")
    allocated = sum(line.amount for line in budget.lines)
    if budget.total is not None and allocated > budget.total + 0.005:
        c.error(
            ("budget", "lines"),
            Code.CONSISTENCY,
            msg(
                "budget lines add up to {allocated}, more than the total {total}",
                allocated=f"{allocated:,.2f}",
                total=f"{budget.total:,.2f}",
            ),
        )
