"""Chart specifications: Plotly figures as plain dicts (drawn by assets/pacsite.js) and SVG sparklines.

Figures are plain Plotly JSON rather than `plotly.graph_objects`, whose validation would cost
milliseconds per chart on portals of hundreds of KPIs; tests check them against Plotly's schema.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from babel.dates import format_date
from markupsafe import Markup, escape

from ..analysis import CalendarEntry, KpiState, PlanAnalysis, Point, Progress
from ..analysis.progress import expected_value
from ..analysis.rollup import is_monetary
from ..model import Kpi, Period
from .i18n import Formatter

__all__ = ["Figure", "budget_figures", "calendar_figure", "chart_json", "kpi_figure", "sparkline"]

Figure = dict[str, Any]

# Colours that read on light and dark backgrounds; pacsite.js sets text and grid colours.
ACTUAL, TARGET, CUMULATIVE, ALERT, SPENT = "#3f51b5", "#ff9800", "#00897b", "#e53935", "#8e24aa"


def chart_json(figure: Figure) -> Markup:
    """The figure as JSON safe inside `<script type="application/json">` (no `</script>`, `<!--`).

    It is wrapped in a one-item array: Material's instant navigation re-creates the page's scripts
    without their `type`, and runs them; an array literal is JSON and harmless JavaScript alike.
    """
    text = json.dumps([figure], ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _text(value: str) -> str:
    """User text as Plotly shows it: its pseudo-HTML tags escaped."""
    return str(escape(value))


def _separators(fmt: Formatter) -> str:
    return ",\u202f" if fmt.language == "fr" else ".,"


def _axis_unit(kpi: Kpi, fmt: Formatter) -> dict[str, str]:
    unit = kpi.unit
    if is_monetary(unit):
        symbol = fmt.currency_symbol(unit)
        return {"ticksuffix": f"\u00a0{symbol}"} if fmt.language == "fr" else {"tickprefix": symbol}
    if unit == "%":
        return {"ticksuffix": "\u202f%" if fmt.language == "fr" else "%"}
    return {}


def _unit_label(kpi: Kpi, fmt: Formatter) -> str:
    if kpi.unit == "count":
        return fmt.t("chart.count")
    if kpi.unit == "days":
        return fmt.t("days")
    return kpi.unit


def short_period(period: Period, fmt: Formatter) -> str:
    """A compact axis label: `janv. 2025`, `T1 2025`, `S18 2025` / `Jan 2025`, `Q1 2025`, `W18 2025`."""
    first = period.first
    if period.granularity == "week":
        iso = first.isocalendar()
        return f"{fmt.t('chart.week_prefix')}{iso.week} {iso.year}"
    if period.granularity == "month":
        return format_date(first, "MMM y", locale=fmt.locale)
    return fmt.period(period)


def _layout(title: str, kpi: Kpi | None, fmt: Formatter, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        "separators": _separators(fmt),
        "margin": {"l": 64, "r": 24, "t": 48, "b": 48},
        "legend": {"orientation": "h", "y": -0.18},
        "hovermode": "x unified",
        "height": 340,
        "xaxis": {"type": "category", "automargin": True},
        "yaxis": {"rangemode": "tozero", "automargin": True, "tickformat": ",~f"},
    }
    if kpi is not None:
        layout["yaxis"] |= _axis_unit(kpi, fmt) | {"title": {"text": _unit_label(kpi, fmt)}}
    for key, value in extra.items():
        layout[key] = layout.get(key, {}) | value if isinstance(value, dict) else value
    return layout


def _expected_per_period(
    progress: Progress | None,
    points: Sequence[Point],
    analysis: PlanAnalysis,
    phasing: dict[Period, float] | None,
) -> list[float | None]:
    """The trajectory's value at the end of each period of the series."""
    if progress is None or progress.target is None:
        return [None] * len(points)
    return [
        expected_value(
            progress.kpi,
            progress.target,
            progress.baseline,
            progress.window,
            phasing,
            p.period.last,
        )
        if p.period.last >= progress.window.first
        else None
        for p in points
    ]


def _hover(kpi: Kpi, fmt: Formatter) -> str:
    """Plotly hover format of a KPI value, with its unit."""
    unit = _axis_unit(kpi, fmt)
    digits = ",.0f" if is_monetary(kpi.unit) else ",~f"
    return f"{unit.get('tickprefix', '')}%{{y:{digits}}}{unit.get('ticksuffix', '')}"


def kpi_figure(
    state: KpiState,
    analysis: PlanAnalysis,
    fmt: Formatter,
    *,
    points: Sequence[Point] | None = None,
    title: str | None = None,
) -> Figure:
    """Actual per period against the target trajectory; for summed KPIs a second, cumulative view
    (switch buttons); crosses where alerts fired."""
    kpi = state.kpi
    points = list(state.points if points is None else points)
    x = [short_period(p.period, fmt) for p in points]
    values = [p.value for p in points]
    target = next((t for t in state.targets if t.target is not None), None)
    trajectory = _expected_per_period(target, points, analysis, _phasing_for(analysis, kpi, target))
    notes = [
        ("<br>" + "<br>".join(str(escape(n)) for n in p.notes)) if p.notes else "" for p in points
    ]
    value_hover = _hover(kpi, fmt)
    names = {
        "actual": fmt.t("chart.actual"),
        "target": fmt.t("chart.target_period"),
        "trajectory": fmt.t("chart.trajectory"),
        "cumulative": fmt.t("chart.cumulative"),
        "alert": fmt.t("chart.alert"),
    }
    alert_periods = {a.period for a in state.alerts if a.period is not None}
    marks = [i for i, p in enumerate(points) if p.period in alert_periods]
    data: list[dict[str, Any]] = []
    cumulative_kpi = kpi.aggregation == "sum"
    if cumulative_kpi:
        per_period_target = _differences(trajectory)
        data.append(
            {
                "type": "bar",
                "name": names["actual"],
                "x": x,
                "y": values,
                "marker": {"color": ACTUAL},
                "customdata": notes,
                "hovertemplate": value_hover + "%{customdata}",
            }
        )
    else:
        per_period_target = trajectory
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": names["actual"],
                "x": x,
                "y": values,
                "line": {"color": ACTUAL, "width": 3},
                "customdata": notes,
                "hovertemplate": value_hover + "%{customdata}",
            }
        )
    if target is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": names["target"],
                "x": x,
                "y": per_period_target,
                "line": {"color": TARGET, "dash": "dash", "width": 2},
                "marker": {"size": 5},
                "hovertemplate": value_hover,
            }
        )
    if marks:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": names["alert"],
                "x": [x[i] for i in marks],
                "y": [values[i] for i in marks],
                "marker": {"color": ALERT, "size": 14, "symbol": "x"},
                "hoverinfo": "skip",
            }
        )
    layout = _layout(_text(title or kpi.name), kpi, fmt)
    layout["yaxis"]["hoverformat"] = ",~f"
    if kpi.direction == "decrease" or not cumulative_kpi:
        layout["yaxis"]["rangemode"] = "normal"
    if cumulative_kpi and len(points) > 1:
        cumulative = []
        running = 0.0
        for v in values:
            running += v
            cumulative.append(running)
        first_view = len(data)
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": names["cumulative"],
                "x": x,
                "y": cumulative,
                "line": {"color": CUMULATIVE, "width": 3},
                "visible": False,
                "hovertemplate": value_hover,
            }
        )
        if target is not None:
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": names["trajectory"],
                    "x": x,
                    "y": trajectory,
                    "line": {"color": TARGET, "dash": "dash", "width": 2},
                    "visible": False,
                    "hovertemplate": value_hover,
                }
            )
        per_period = [i < first_view for i in range(len(data))]
        layout["updatemenus"] = [
            {
                "type": "buttons",
                "direction": "right",
                "x": 1,
                "xanchor": "right",
                "y": 1.16,
                "yanchor": "top",
                "showactive": True,
                "pad": {"r": 0, "t": 0},
                "buttons": [
                    {
                        "label": fmt.t("chart.per_period"),
                        "method": "restyle",
                        "args": [{"visible": per_period}],
                    },
                    {
                        "label": fmt.t("chart.cumulative_view"),
                        "method": "restyle",
                        "args": [{"visible": [not v for v in per_period]}],
                    },
                ],
            }
        ]
    return {"data": data, "layout": layout}


def _differences(cumulative: Sequence[float | None]) -> list[float | None]:
    """Per-period values of a cumulative trajectory (None where it is not defined)."""
    out: list[float | None] = []
    previous = 0.0
    for value in cumulative:
        if value is None:
            out.append(None)
            continue
        out.append(value - previous)
        previous = value
    return out


def _phasing_for(
    analysis: PlanAnalysis, kpi: Kpi, target: Progress | None
) -> dict[Period, float] | None:
    if target is None:
        return None
    for o in analysis.plan.objectives:
        for t in [*o.key_results, o]:
            if t.kpi == kpi.id and t.target == target.target and t.phasing:
                return t.phasing
    return None


def budget_figures(analysis: PlanAnalysis, fmt: Formatter) -> list[Figure]:
    """Budget by line (allocated vs spent by the actions of that line's axis), by segment, by channel."""
    plan, figures = analysis.plan, []
    money_axis = _axis_unit(Kpi(id="m", name="m", unit=plan.currency), fmt)
    lines = plan.budget.lines if plan.budget else []
    if lines:
        figures.append(
            {
                "data": [
                    {
                        "type": "bar",
                        "orientation": "h",
                        "name": fmt.t("budget.allocated"),
                        "y": [_text(ln.category) for ln in lines],
                        "x": [ln.amount for ln in lines],
                        "marker": {"color": ACTUAL},
                    }
                ],
                "layout": _layout(
                    fmt.t("budget.by_line"),
                    None,
                    fmt,
                    xaxis={"type": "linear", **money_axis, "tickformat": ",~f"},
                    yaxis={"type": "category", "autorange": "reversed"},
                    height=max(260, 48 + 34 * len(lines)),
                    margin={"l": 24},
                ),
            }
        )
    segments = [s for s in analysis.segments if s.rollup.budget or s.rollup.spent]
    if segments:
        names = [_text(s.segment.name) for s in segments]
        figures.append(
            {
                "data": [
                    {
                        "type": "bar",
                        "name": fmt.t("budget.allocated"),
                        "x": names,
                        "y": [s.rollup.budget for s in segments],
                        "marker": {"color": ACTUAL},
                    },
                    {
                        "type": "bar",
                        "name": fmt.t("ui.spent"),
                        "x": names,
                        "y": [s.rollup.spent for s in segments],
                        "marker": {"color": SPENT},
                    },
                ],
                "layout": _layout(
                    fmt.t("budget.by_segment"),
                    None,
                    fmt,
                    yaxis={**money_axis, "title": {"text": plan.currency}},
                    barmode="group",
                ),
            }
        )
    channels: dict[str, float] = {}
    for s in analysis.actions:
        if s.action.budget:
            channel = s.action.channel or fmt.t("budget.no_channel")
            label = fmt.t(f"channel.{channel.strip().lower()}")
            channel = channel if label.startswith("channel.") else label
            channels[channel] = channels.get(channel, 0.0) + s.action.budget
    if channels:
        figures.append(
            {
                "data": [
                    {
                        "type": "pie",
                        "hole": 0.5,
                        "labels": [_text(c) for c in channels],
                        "values": list(channels.values()),
                        "sort": False,
                        "textinfo": "label+percent",
                    }
                ],
                "layout": _layout(
                    fmt.t("budget.by_channel"), None, fmt, legend={"orientation": "v"}
                ),
            }
        )
    return figures


def sparkline(
    points: Sequence[Point], *, width: int = 120, height: int = 32, label: str = ""
) -> Markup:
    """A small inline SVG of the last values: no script, drawn with the page."""
    values = [p.value for p in points][-12:]
    if len(values) < 2:
        return Markup("")
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (width - 4) / (len(values) - 1)
    coords = " ".join(
        f"{2 + i * step:.1f},{height - 3 - (v - low) / span * (height - 6):.1f}"
        for i, v in enumerate(values)
    )
    last_x, last_y = coords.split(" ")[-1].split(",")
    return Markup(
        f'<svg class="pacsite-spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}"><polyline points="{coords}" fill="none" '
        f'stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>'
        f'<circle cx="{last_x}" cy="{last_y}" r="3" fill="currentColor"/></svg>'
    )


_STATUS_COLOURS = {
    "done": "#2e7d32",
    "in_progress": "#1e88e5",
    "planned": "#9e9e9e",
    "late": "#e53935",
    "suspended": "#fb8c00",
    "cancelled": "#bdbdbd",
}


def _short(text: str, limit: int = 42) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def calendar_figure(
    entries: Sequence[CalendarEntry], analysis: PlanAnalysis, fmt: Formatter
) -> Figure:
    """A timeline (Gantt) of the dated actions, grouped by segment or by owner (buttons), coloured
    by status, overdue actions outlined in red, with a line at the as-of date."""
    plan = analysis.plan

    def group(entry: CalendarEntry, by: str) -> str:
        a = entry.action
        if by == "owner":
            member = plan.member(a.owner) if a.owner else None
            return _text(member.name if member else (a.owner or "—"))
        segment = plan.segment(a.segment) if a.segment else None
        return _text(_short(segment.name, 28) if segment else "—")

    def arrays(by: str) -> dict[str, list[Any]]:
        ordered = sorted(entries, key=lambda e: (group(e, by), e.first, e.last, e.action.id))
        day = 86_400_000
        return {
            "y": [
                [group(e, by) for e in ordered],
                [_text(_short(e.action.title)) for e in ordered],
            ],
            "base": [e.first.isoformat() for e in ordered],
            "x": [((e.last - e.first).days + 1) * day for e in ordered],
            "marker.color": [_STATUS_COLOURS[e.state.status] for e in ordered],
            "marker.line.color": [ALERT if e.state.overdue else "rgba(0,0,0,0)" for e in ordered],
            "customdata": [
                [
                    _text(e.action.title),
                    fmt.date(e.first, "medium"),
                    fmt.date(e.last, "medium"),
                    fmt.t("action." + e.state.status),
                ]
                for e in ordered
            ],
            "customdata_titles": [e.action.title for e in ordered],
        }

    by_segment, by_owner = arrays("segment"), arrays("owner")
    bar = {
        "type": "bar",
        "orientation": "h",
        "name": fmt.t("ui.actions"),
        "showlegend": False,
        "y": by_segment["y"],
        "base": by_segment["base"],
        "x": by_segment["x"],
        "marker": {
            "color": by_segment["marker.color"],
            "line": {"color": by_segment["marker.line.color"], "width": 3},
        },
        "customdata": by_segment["customdata"],
        "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]} → %{customdata[2]}<br>%{customdata[3]}<extra></extra>",
    }
    statuses = sorted({e.state.status for e in entries}, key=list(_STATUS_COLOURS).index)
    legend = [
        {
            "type": "bar",
            "orientation": "h",
            "name": fmt.t("action." + s),
            "x": [None],
            "y": [None],
            "marker": {"color": _STATUS_COLOURS[s]},
            "showlegend": True,
            "hoverinfo": "skip",
        }
        for s in statuses
    ]
    as_of = analysis.as_of.isoformat()
    layout = _layout(
        fmt.t("ui.calendar_title"),
        None,
        fmt,
        xaxis={"type": "date", "tickformat": "%b %Y", "automargin": True},
        yaxis={
            "type": "multicategory",
            "autorange": "reversed",
            "automargin": True,
            "tickfont": {"size": 11},
            "rangemode": "normal",
            "tickformat": "",
        },
        height=170 + 26 * len(entries),
        barmode="overlay",
        hovermode="closest",
        margin={"l": 8, "r": 8, "t": 72, "b": 72},
        legend={"orientation": "h", "y": 0.01, "yanchor": "bottom", "x": 0, "yref": "container"},
    )
    layout["shapes"] = [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": as_of,
            "x1": as_of,
            "y0": 0,
            "y1": 1,
            "line": {"color": ALERT, "width": 2, "dash": "dot"},
        }
    ]
    layout["annotations"] = [
        {
            "x": as_of,
            "y": 1,
            "xref": "x",
            "yref": "paper",
            "yanchor": "bottom",
            "text": _text(fmt.t("as_of", date=fmt.date(analysis.as_of, "medium"))),
            "showarrow": False,
            "font": {"color": ALERT, "size": 11},
        }
    ]
    layout["updatemenus"] = [
        {
            "type": "buttons",
            "direction": "right",
            "x": 1,
            "xanchor": "right",
            "y": 1.0,
            "yanchor": "bottom",
            "pad": {"b": 28},
            "showactive": True,
            "buttons": [
                {
                    "label": fmt.t("calendar.by_segment"),
                    "method": "restyle",
                    "args": [_restyle(by_segment), [0]],
                },
                {
                    "label": fmt.t("calendar.by_owner"),
                    "method": "restyle",
                    "args": [_restyle(by_owner), [0]],
                },
            ],
        }
    ]
    # On a phone the two-level labels leave no room for the bars: pacsite.js swaps in short ones.
    layout["meta"] = {
        "narrow": {"y": [_text(_short(t, 24)) for t in by_segment["customdata_titles"]]}
    }
    return {"data": [bar, *legend], "layout": layout}


def _restyle(arrays: dict[str, list[Any]]) -> dict[str, list[Any]]:
    # restyle takes one value per trace: each array is wrapped for trace 0
    return {key: [value] for key, value in arrays.items() if key != "customdata_titles"}
