"""Chart specifications: Plotly figures as plain dicts (drawn by assets/pacsite.js) and SVG sparklines.

Figures are plain Plotly JSON rather than `plotly.graph_objects`, whose validation would cost
milliseconds per chart on portals of hundreds of KPIs; tests check them against Plotly's schema.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import Any

from babel.dates import format_date
from markupsafe import Markup, escape

from ..analysis import KpiState, Point
from ..analysis.rollup import is_monetary
from ..model import Kpi, Period
from ..model.units import currency_code, is_count
from .i18n import Formatter

__all__ = [
    "Figure",
    "axis_unit",
    "base_layout",
    "chart_json",
    "kpi_figure",
    "plot_text",
    "short_period",
    "sparkline",
]

Figure = dict[str, Any]

# Colours that read on light and dark backgrounds; pacsite.js sets text and grid colours.
ACTUAL, TARGET, CUMULATIVE, ALERT, SPENT = "#3f51b5", "#ff9800", "#00897b", "#e53935", "#8e24aa"
LAST_YEAR = "#9e9e9e"


def chart_json(figure: Figure) -> Markup:
    """The figure as JSON safe inside `<script type="application/json">` (no `</script>`, `<!--`).

    It is wrapped in a one-item array: Material's instant navigation re-creates the page's scripts
    without their `type`, and runs them; an array literal is JSON and harmless JavaScript alike.
    """
    text = json.dumps([figure], ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def plot_text(value: str) -> str:
    """User text as Plotly shows it: its pseudo-HTML tags escaped."""
    return str(escape(value))


def chart_text(value: str) -> str:
    """A chart's text (a title) back as the user wrote it, for a page that escapes it once."""
    return html.unescape(value)


def _separators(fmt: Formatter) -> str:
    return ",\u202f" if fmt.language == "fr" else ".,"


def axis_unit(kpi: Kpi, fmt: Formatter) -> dict[str, str]:
    unit = kpi.unit
    code = currency_code(unit)
    if code is not None:
        symbol = fmt.currency_symbol(code)
        return {"ticksuffix": f"\u00a0{symbol}"} if fmt.language == "fr" else {"tickprefix": symbol}
    if unit == "%":
        return {"ticksuffix": "\u202f%" if fmt.language == "fr" else "%"}
    return {}


def _unit_label(kpi: Kpi, fmt: Formatter) -> str:
    if kpi.unit == "count":
        return fmt.t("chart.count")
    if kpi.unit == "days":
        return fmt.t("days")
    return plot_text(kpi.unit)  # Plotly reads axis titles as pseudo-HTML


def short_period(period: Period, fmt: Formatter) -> str:
    """A compact axis label: `janv. 2025`, `T1 2025`, `S18 2025` / `Jan 2025`, `Q1 2025`, `W18 2025`."""
    first = period.first
    if period.granularity == "week":
        iso = first.isocalendar()
        return f"{fmt.t('chart.week_prefix')}{iso.week} {iso.year}"
    if period.granularity == "month":
        return format_date(first, "MMM y", locale=fmt.locale)
    return fmt.period(period)


def base_layout(title: str, kpi: Kpi | None, fmt: Formatter, **extra: Any) -> dict[str, Any]:
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
        layout["yaxis"] |= axis_unit(kpi, fmt) | {"title": {"text": _unit_label(kpi, fmt)}}
    for key, value in extra.items():
        layout[key] = layout.get(key, {}) | value if isinstance(value, dict) else value
    return layout


def _hover(kpi: Kpi, fmt: Formatter) -> str:
    """Plotly hover format of a KPI value, with its unit."""
    unit = axis_unit(kpi, fmt)
    digits = ",.0f" if is_monetary(kpi.unit) else ",~f"
    return f"{unit.get('tickprefix', '')}%{{y:{digits}}}{unit.get('ticksuffix', '')}"


def kpi_figure(state: KpiState, fmt: Formatter) -> Figure:
    """Actual per period against the target trajectory; for summed KPIs a second, cumulative view
    (switch buttons); crosses where alerts fired."""
    kpi = state.kpi
    points = state.points
    x = [short_period(p.period, fmt) for p in points]
    values = [p.value for p in points]
    target = state.headline
    trajectory = state.trajectory
    notes = [
        ("<br>" + "<br>".join(str(escape(n)) for n in p.notes)) if p.notes else "" for p in points
    ]
    value_hover = _hover(kpi, fmt)
    names = {
        "actual": fmt.t("chart.actual"),
        "target": fmt.t("chart.target_period"),
        "trajectory": fmt.t("chart.trajectory"),
        "cumulative": fmt.t("chart.cumulative"),
        "last_year": fmt.t("chart.last_year"),
        "alert": fmt.t("chart.alert"),
    }
    alert_periods = {a.period for a in state.alerts if a.period is not None}
    marks = [i for i, p in enumerate(points) if p.period in alert_periods]
    data: list[dict[str, Any]] = []
    cumulative_kpi = kpi.aggregation == "sum"
    per_period_target = state.target_per_period
    if cumulative_kpi:
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
    if any(value is not None for value in state.last_year):
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": names["last_year"],
                "x": x,
                "y": state.last_year,
                "line": {"color": LAST_YEAR, "dash": "dot", "width": 2},
                "marker": {"size": 5},
                "hovertemplate": value_hover,
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
    layout = base_layout(plot_text(state.title or kpi.name), kpi, fmt)
    layout["yaxis"]["hoverformat"] = ",~f"
    counted = is_count(kpi.unit)
    if counted:
        layout["yaxis"] |= _count_ticks([*values, *per_period_target, *state.last_year])
    if kpi.direction == "decrease" or not cumulative_kpi:
        layout["yaxis"]["rangemode"] = "normal"
    if cumulative_kpi and len(points) > 1:
        cumulative = state.cumulative
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
                        "method": "update",
                        "args": [{"visible": per_period}, _ticks_update(layout["yaxis"])],
                    },
                    {
                        "label": fmt.t("chart.cumulative_view"),
                        "method": "update",
                        "args": [
                            {"visible": [not v for v in per_period]},
                            _ticks_update(
                                _count_ticks([*cumulative, *trajectory]) if counted else {}
                            ),
                        ],
                    },
                ],
            }
        ]
    return {"data": data, "layout": layout}


def _count_ticks(values: Sequence[float | None]) -> dict[str, Any]:
    """Whole-number ticks for things counted one by one: a step of 1 while the values stay
    under 6 (Plotly would tick 0,2 / 0,4), Plotly's own steps above (whole numbers there)."""
    top = max((abs(v) for v in values if v is not None), default=0.0)
    return {"tickformat": ",d", "dtick": 1, "tick0": 0} if top < 6 else {"tickformat": ",d"}


def _ticks_update(yaxis: dict[str, Any]) -> dict[str, Any]:
    """The y axis's tick settings of one view, for a button that switches to it (None: Plotly's)."""
    return {f"yaxis.{key}": yaxis.get(key) for key in ("dtick", "tick0")}


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
