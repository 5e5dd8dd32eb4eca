"""Sentences about a plan's state: alerts in words, in the plan's language."""

from __future__ import annotations

from typing import Any

from ..analysis import Alert, PlanAnalysis
from ..analysis.stale import Stale
from ..history import Change
from ..model import Period, Plan
from .i18n import Formatter

__all__ = ["alert_target", "describe_alert", "describe_change"]


def _quote(text: str, language: str | None) -> str:
    return f"«\u00a0{text}\u00a0»" if language == "fr" else f"“{text}”"


def _name(plan: Plan, kind: str, item_id: str | None) -> str:
    if item_id is None:
        return ""
    if kind == "segment":
        segment = plan.segment(item_id)
        return segment.name if segment else item_id
    if kind == "axis":
        axis = plan.axis(item_id)
        return axis.name if axis else item_id
    if kind == "action":
        action = plan.action(item_id)
        return _quote(action.title, plan.language) if action else item_id
    if kind == "kpi":
        kpi = plan.kpi(item_id)
        return kpi.name if kpi else item_id
    if kind == "objective":
        objective = next((o for o in plan.objectives if o.id == item_id), None)
        return _quote(objective.title, plan.language) if objective else item_id
    return item_id


def alert_target(alert: Alert, plan: Plan, fmt: Formatter, family: str = "alert.where") -> str:
    """What the alert is about, most precise first: action, axis, objective, segment, plan.
    `family` `alert.of`: the same after "of" (`de l’axe X`, `du segment Y`), as French elides."""
    for kind, item in (
        ("action", alert.action),
        ("axis", alert.axis),
        ("objective", alert.objective),
        ("segment", alert.segment),
    ):
        if item is not None:
            return fmt.t(f"{family}.{kind}", name=_name(plan, kind, item))
    return fmt.t(f"{family}.plan")


def alert_line(alert: Alert, analysis: PlanAnalysis, fmt: Formatter) -> str:
    """An alert on a line of its own (a feed entry, a message): its level, then the sentence."""
    return f"{fmt.t('alert.' + alert.severity)} — {describe_alert(alert, analysis, fmt)}"


def describe_alert(alert: Alert, analysis: PlanAnalysis, fmt: Formatter) -> str:
    """One sentence: what happened, where, when and by how much."""
    plan = analysis.plan
    kpi = plan.kpi(alert.kpi) if alert.kpi else None
    unit = kpi.unit if kpi else plan.currency
    what = alert_target(alert, plan, fmt)
    what = what[:1].upper() + what[1:]
    if alert.kind == "kpi_drop" and kpi is not None:
        limit = (alert.threshold or 0.0) / 100
        change = fmt.percent_beyond(abs(alert.change or 0), limit)
        if alert.points is not None:  # a rate or a score also moves in points: "7 pts (23 %)"
            change = f"{fmt.points(alert.points)} ({change})"
        threshold = fmt.percent(limit)
        # what it was compared with: the previous period, last year's, or the plan's
        family = (
            "alert.kpi_drop"
            if alert.basis in {None, "previous"}
            else f"alert.kpi_drop_{alert.basis}"
        )
        return fmt.t(
            f"{family}.{kpi.direction}",
            kpi=kpi.name,
            change=change,
            period=fmt.period(alert.period),
            value=fmt.value(alert.value, unit),
            # a planned figure is computed: whole units (494 505 €, not 494 505,49 €)
            reference=fmt.value(
                round(alert.reference)
                if alert.basis == "plan" and alert.reference
                else alert.reference,
                unit,
            ),
            threshold=threshold,
        )
    if alert.kind == "roi_low":
        return fmt.t(
            "alert.roi_low",
            of=alert_target(alert, plan, fmt, "alert.of"),
            value=fmt.multiple_below(alert.value, alert.reference),
            months=fmt.number(alert.threshold),
            reference=fmt.multiple(alert.reference),
        )
    if alert.kind == "objective_off_track":
        return fmt.t(
            "alert.objective_missed" if alert.basis == "missed" else "alert.objective_off_track",
            what=what,
            value=fmt.value(alert.value, unit),
            reference=fmt.value(alert.reference, unit),
            ratio=fmt.percent(alert.change),
        )
    if alert.kind == "overdue":
        period = fmt.date(alert.period.last if alert.period else None)
        if not alert.value:
            return fmt.t("alert.overdue.today", what=what, period=period)
        return fmt.n(
            "alert.overdue", alert.value, what=what, period=period, days=fmt.number(alert.value)
        )
    return fmt.t(
        "alert.over_budget",
        what=what,
        value=fmt.money(alert.value),
        reference=fmt.money(alert.reference),
    )


def describe_stale(item: Stale, analysis: PlanAnalysis, fmt: Formatter) -> str:
    """A stale item in words: what, since when, by when something newer was due."""
    plan = analysis.plan
    since, due = fmt.date(item.since, "medium"), fmt.date(item.due, "medium")
    if item.kind == "kpi":
        return fmt.t("stale.kpi", name=_name(plan, "kpi", item.subject), since=since, due=due)
    if item.kind == "action":
        key = "stale.action_start" if item.against == "start" else "stale.action_due"
        status = fmt.t("action." + (item.status or "planned"))
        return fmt.t(key, title=_name(plan, "action", item.subject), status=status, since=since)
    if item.kind == "source":
        return fmt.t("stale.source", id=item.subject, since=since, due=due)
    return fmt.t("stale.results", file=item.subject, since=since, due=due)


def describe_change(change: Change, plan: Plan, fmt: Formatter) -> str:
    """One change of a plan's history in words: "objectif « x » : cible 220 → 240"."""
    v = dict(change.values)
    key = change.key

    def value(x: Any, kpi: str | None = None) -> str:
        if x is None:
            return "—"
        if isinstance(x, Period):
            return fmt.date(x.last, "medium") if x.granularity != "range" else fmt.period(x)
        if isinstance(x, int | float):
            k = plan.kpi(kpi) if kpi else None
            return fmt.value(x, k.unit if k else "count")
        return str(x)

    if key in {"history.target", "history.kr_target", "history.axis_target"}:
        v["old"], v["new"] = value(v["old"], v.get("kpi")), value(v["new"], v.get("kpi"))
    elif key in {"history.action_budget", "history.action_spent", "history.budget_total"}:
        v["old"], v["new"] = fmt.money(v["old"]), fmt.money(v["new"])
    elif key == "history.action_status":
        v["old"], v["new"] = fmt.t("action." + v["old"]), fmt.t("action." + v["new"])
    elif key == "history.axis_status":
        v["old"], v["new"] = fmt.t("axis." + v["old"]), fmt.t("axis." + v["new"])
    elif key == "history.plan_status":
        v["old"], v["new"] = fmt.t("plan." + v["old"]), fmt.t("plan." + v["new"])
    elif key == "history.action_owner":
        v["old"], v["new"] = (_person(plan, v["old"]), _person(plan, v["new"]))
    elif key == "history.results_through":
        v["period"] = fmt.period(v["period"])
    elif "old" in v:
        v["old"], v["new"] = value(v["old"]), value(v["new"])
    if "names" in v:
        v["names"] = ", ".join(_quote(n, plan.language) for n in v["names"][:3]) + (
            "…" if len(v["names"]) > 3 else ""
        )
    for field in ("title", "name"):
        if field in v:
            v[field] = _quote(str(v[field]), plan.language)
    if key.endswith(("_added", "_removed")):  # "2 actions added": a plural form
        count = v.pop("count")
        return fmt.n(key, count, **v)
    return fmt.t(key, **v)


def _person(plan: Plan, who: str | None) -> str:
    if not who:
        return "—"
    member = plan.member(who)
    return member.name if member else who
