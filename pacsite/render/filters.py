"""The filters page templates turn a plan's figures and ids into words with: `do_*` functions of
the value and the plan's view `v` (its plan, analysis and formatter), registered under the name
after `do_` (`{{ p | expected(v) }}`, `{{ a.owner | person(v) }}`).

They only format: every figure they show was computed by `analysis`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..analysis import KpiState, Progress, SegmentState
from ..analysis.rules import Alert
from ..analysis.stale import Stale
from ..history import Change
from ..model import Action, Kpi, Period
from .charts import Figure, kpi_figure, sparkline
from .describe import describe_alert, describe_change, describe_stale

if TYPE_CHECKING:
    from .views import PlanView

__all__ = ["FILTERS"]


# Figures ---------------------------------------------------------------------------------------


def do_value(value: float | None, kpi: Kpi | str | None, v: PlanView) -> str:
    """A figure in its KPI's unit (`kpi` an id or the KPI): `6 000 000 €`, `31 %`, `1 234`."""
    if isinstance(kpi, str):
        kpi = v.plan.kpi(kpi)
    return v.fmt.value(value, kpi.unit if kpi else "count")


def do_money(value: float | None, v: PlanView) -> str:
    """An amount in the plan's currency: `15 000 €`; `—` when unknown."""
    return v.fmt.money(value)


def do_origin(p: Progress, v: PlanView) -> str:
    """Where a target comes from: `= 200 + 20 %` (points for rates: `= 84 % + 6 pts`)."""
    change = p.target_change
    if change is None or p.baseline is None or not p.baseline:
        return ""
    unit = p.kpi.unit
    step = v.fmt.move(change, unit)
    return f"= {v.fmt.value(p.baseline, unit)} {step[0]} {step[1:]}"


def do_expected(p: Progress, v: PlanView) -> str:
    """`3 028 000 € (−440 100 €)`: where a target should be by now, and the gap to it."""
    if p.expected is None:
        return "—"
    unit = p.kpi.unit
    text = v.fmt.value(v.fmt.whole(p.expected, unit), unit)
    return text if p.gap is None else f"{text} ({v.fmt.gap(p.gap, unit)})"


def do_last_year(p: Progress, v: PlanView) -> str:
    """`97 (+6,2 %)`: the same periods last year and the move since; `—` when unknown."""
    return v.fmt.beside(p.last_year, p.year_over_year, p.kpi.unit)


# Dates -----------------------------------------------------------------------------------------


def do_period(period: Period | None, v: PlanView) -> str:
    return v.fmt.period(period)


def do_when(action: Action, v: PlanView) -> str:
    """`15 janv. 2025 → 16 févr. 2025`, or a single date; `—` without one."""
    start = action.start.first if action.start else None
    due = action.due.last if action.due else None
    if start and due and start != due:
        return f"{v.fmt.date(start, 'medium')} → {v.fmt.date(due, 'medium')}"
    return v.fmt.date(due or start, "medium") if (due or start) else "—"


# Names -----------------------------------------------------------------------------------------


def do_person(who: str | None, v: PlanView) -> str:
    """A team member's name for an id, or the free text as written; `—` for nobody."""
    if not who:
        return "—"
    member = v.plan.member(who)
    return member.name if member else who


def do_person_role(who: str | None, v: PlanView) -> str | None:
    member = v.plan.member(who) if who else None
    return member.role if member else None


def do_names(people: Sequence[str], v: PlanView) -> str:
    """Names of people given by id or free text, comma-separated."""
    return ", ".join(do_person(p, v) for p in people) or "—"


def do_channel(name: str | None, v: PlanView) -> str:
    """A channel in the plan's language when it is one of the usual ones (`events` →
    Événementiel)."""
    return v.fmt.channel(name) if name else "—"


def do_segment_name(segment_id: str | None, v: PlanView) -> str:
    segment = v.plan.segment(segment_id) if segment_id else None
    return segment.name if segment else "—"


def do_segment_names(segment_ids: Sequence[str], v: PlanView) -> str:
    """Segments' names, comma-separated."""
    return ", ".join(do_segment_name(s, v) for s in segment_ids)


def do_axis_name(axis_id: str | None, v: PlanView) -> str:
    axis = v.plan.axis(axis_id)
    return axis.name if axis else (axis_id or "—")


def do_kpi_name(kpi_id: str | None, v: PlanView) -> str:
    kpi = v.plan.kpi(kpi_id) if kpi_id else None
    return kpi.name if kpi else (kpi_id or "—")


# Sentences and charts --------------------------------------------------------------------------


def do_alert_text(alert: Alert, v: PlanView) -> str:
    """An alert in one sentence: what happened, where, when and by how much."""
    return describe_alert(alert, v.analysis, v.fmt)


def do_stale_text(item: Stale, v: PlanView) -> str:
    """A stale item in words: what, since when, by when something newer was due."""
    return describe_stale(item, v.analysis, v.fmt)


def do_change_text(change: Change, v: PlanView) -> str:
    """A change between two versions of the plan, in words."""
    return describe_change(change, v.plan, v.fmt)


def do_sparkline(state: KpiState) -> str:
    return sparkline(state.points, label=state.kpi.name)


def do_kpi_chart(state: KpiState, v: PlanView) -> Figure:
    return kpi_figure(state, v.fmt)


def do_segment_charts(segment: SegmentState, v: PlanView) -> list[Figure]:
    """One chart per KPI the segment's axes follow, on the segment's own results."""
    return [kpi_figure(state, v.fmt) for state in segment.kpis]


FILTERS: dict[str, Callable[..., Any]] = {
    name.removeprefix("do_"): function
    for name, function in sorted(globals().items())
    if name.startswith("do_") and callable(function)
}
