"""The action timeline (Gantt) of the calendar page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..analysis import CalendarEntry, PlanAnalysis
from .charts import ALERT, Figure, base_layout, plot_text
from .i18n import Formatter

__all__ = ["calendar_figure"]


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
            return plot_text(member.name if member else (a.owner or "—"))
        segment = plan.segment(a.segment) if a.segment else None
        return plot_text(_short(segment.name, 28) if segment else "—")

    def arrays(by: str) -> dict[str, list[Any]]:
        ordered = sorted(entries, key=lambda e: (group(e, by), e.first, e.last, e.action.id))
        day = 86_400_000
        return {
            "y": [
                [group(e, by) for e in ordered],
                [plot_text(_short(e.action.title)) for e in ordered],
            ],
            "base": [e.first.isoformat() for e in ordered],
            "x": [((e.last - e.first).days + 1) * day for e in ordered],
            "marker.color": [_STATUS_COLOURS[e.state.status] for e in ordered],
            "marker.line.color": [ALERT if e.state.overdue else "rgba(0,0,0,0)" for e in ordered],
            "customdata": [
                [
                    plot_text(e.action.title),
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
    layout = base_layout(
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
            "text": plot_text(fmt.t("as_of", date=fmt.date(analysis.as_of, "medium"))),
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
        "narrow": {"y": [plot_text(_short(t, 24)) for t in by_segment["customdata_titles"]]}
    }
    return {"data": [bar, *legend], "layout": layout}


def _restyle(arrays: dict[str, list[Any]]) -> dict[str, list[Any]]:
    # restyle takes one value per trace: each array is wrapped for trace 0
    return {key: [value] for key, value in arrays.items() if key != "customdata_titles"}
