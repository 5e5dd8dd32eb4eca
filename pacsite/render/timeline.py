"""The action timeline (Gantt) of the calendar page, drawn at build time as SVG.

No chart library: the calendar page weighs like the others. Two views, by segment and by owner,
switched by two radio buttons in CSS alone (no script; the printed page shows the chosen one).
Bars are coloured by status through CSS classes (so the dark palette applies), overdue actions
are outlined, a dashed line marks the as-of date; each bar links to its action sheet and says
what it is (`<title>`), and the table below lists every action for screen readers.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Callable, Sequence

from markupsafe import Markup

from ..analysis import CalendarEntry, PlanAnalysis
from .i18n import Formatter

__all__ = ["STATUSES", "calendar_timeline"]

STATUSES = ("done", "in_progress", "planned", "late", "suspended", "cancelled")

_WIDTH = 1000
_LABELS = 330  # the label column
_PLOT = _WIDTH - _LABELS - 10
_ROW = 22
_TOP = 34


def _short(text: str, limit: int = 46) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def calendar_timeline(
    entries: Sequence[CalendarEntry],
    analysis: PlanAnalysis,
    fmt: Formatter,
    link: Callable[[str], str],
) -> Markup:
    """The timeline of the dated actions: both views, their switch and the legend, as one HTML
    block (no blank line: Markdown keeps it whole)."""
    plan = analysis.plan
    uid = "tl-" + plan.id

    def group(entry: CalendarEntry, by: str) -> str:
        action = entry.action
        if by == "owner":
            member = plan.member(action.owner) if action.owner else None
            return member.name if member else (action.owner or "—")
        segment = plan.segment(action.segment) if action.segment else None
        return segment.name if segment else "—"

    first = min([plan.period.first, *(e.first for e in entries)])
    last = max([plan.period.last, *(e.last for e in entries)])
    views = []
    for by, label in (
        ("segment", fmt.t("calendar.by_segment")),
        ("owner", fmt.t("calendar.by_owner")),
    ):
        svg = _view(entries, analysis, fmt, link, functools.partial(group, by=by), first, last)
        views.append((by, label, svg))
    switch = "".join(
        f'<input type="radio" class="pacsite-tl__choice" name="{uid}" id="{uid}-{by}"'
        f'{" checked" if i == 0 else ""}><label for="{uid}-{by}">{_e(label)}</label>'
        for i, (by, label, _) in enumerate(views)
    )
    bodies = "".join(
        f'<div class="pacsite-tl__view pacsite-tl__view--{by}">{svg}</div>' for by, _, svg in views
    )
    present = [s for s in STATUSES if any(e.state.status == s for e in entries)]
    legend = "".join(
        f'<span class="pacsite-tl__key"><svg width="12" height="12" aria-hidden="true">'
        f'<rect class="pacsite-tl--{s}" width="12" height="12" rx="2"/></svg>'
        f"{_e(fmt.t('action.' + s))}</span>"
        for s in present
    )
    if any(e.state.overdue for e in entries):
        legend += (
            '<span class="pacsite-tl__key"><svg width="12" height="12" aria-hidden="true">'
            '<rect class="pacsite-tl--overdue" x="1" y="1" width="10" height="10" rx="2"/></svg>'
            f"{_e(fmt.t('calendar.overdue'))}</span>"
        )
    title = _e(fmt.t("ui.calendar_title"))
    return Markup(
        f'<figure class="pacsite-tl" aria-label="{title}"><div class="pacsite-tl__switch" '
        f'role="radiogroup" aria-label="{title}">{switch}{bodies}</div>'
        f'<figcaption class="pacsite-tl__legend">{legend}</figcaption></figure>'
    )


def _view(
    entries: Sequence[CalendarEntry],
    analysis: PlanAnalysis,
    fmt: Formatter,
    link: Callable[[str], str],
    group: Callable[[CalendarEntry], str],
    first: dt.date,
    last: dt.date,
) -> str:
    days = (last - first).days + 1

    def x(day: dt.date) -> float:
        return round(_LABELS + _PLOT * (day - first).days / days, 1)

    ordered = sorted(entries, key=lambda e: (group(e), e.first, e.last, e.action.id))
    rows: list[str] = []
    y = _TOP
    current = None
    for entry in ordered:
        name = group(entry)
        if name != current:
            current = name
            rows.append(
                f'<text class="pacsite-tl__group" x="4" y="{y + 15}">{_e(_short(name, 40))}</text>'
                f'<line class="pacsite-tl__rule" x1="0" x2="{_WIDTH}" y1="{y}" y2="{y}"/>'
            )
            y += _ROW
        action, state = entry.action, entry.state
        start, end = x(entry.first), x(entry.last + dt.timedelta(days=1))
        width = max(end - start, 3)
        what = (
            f"{action.title} — {fmt.date(entry.first, 'medium')} → {fmt.date(entry.last, 'medium')}"
            f", {fmt.t('action.' + state.status)}"
        )
        outline = " pacsite-tl--overdue" if state.overdue else ""
        rows.append(
            # xlink:href: Material's instant navigation rewrites every [href], which an SVG link
            # cannot take (its href is read-only); xlink:href still links, and is left alone
            f'<a xlink:href="{_e(link(action.id))}"><title>{_e(what)}</title>'
            f'<text class="pacsite-tl__label" x="14" y="{y + 15}">{_e(_short(action.title))}</text>'
            f'<rect class="pacsite-tl--{state.status}{outline}" x="{start}" y="{y + 4}" '
            f'width="{round(width, 1)}" height="{_ROW - 8}" rx="3"/></a>'
        )
        y += _ROW
    height = y + 8
    ticks = []
    month = dt.date(first.year, first.month, 1)
    while month <= last:
        if month >= first:
            at = x(month)
            ticks.append(
                f'<line class="pacsite-tl__grid" x1="{at}" x2="{at}" y1="{_TOP - 6}" '
                f'y2="{height}"/><text class="pacsite-tl__month" x="{at + 3}" y="{_TOP - 10}">'
                f"{_e(fmt.month_short(month))}</text>"
            )
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    as_of = analysis.as_of
    marker = ""
    if first <= as_of <= last:
        at = x(as_of)
        marker = (
            f'<line class="pacsite-tl__asof" x1="{at}" x2="{at}" y1="{_TOP - 24}" y2="{height}"/>'
            f'<text class="pacsite-tl__asof-label" x="{at + 4}" y="{_TOP - 24}">'
            f"{_e(fmt.date(as_of, 'medium'))}</text>"
        )
    return (
        f'<svg class="pacsite-tl__svg" viewBox="0 0 {_WIDTH} {height}" role="group" '
        f'aria-label="{_e(fmt.t("ui.calendar_title"))}" preserveAspectRatio="xMinYMin meet">'
        + "".join(ticks)
        + "".join(rows)
        + marker
        + "</svg>"
    )
