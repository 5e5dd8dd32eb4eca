"""Budget charts: allocation by line, budget and spend by segment, action budgets by channel."""

from __future__ import annotations

from ..analysis import PlanAnalysis
from ..model import Kpi
from .charts import ACTUAL, SPENT, Figure, axis_unit, base_layout, plot_text
from .i18n import Formatter

__all__ = ["budget_figures"]


def budget_figures(analysis: PlanAnalysis, fmt: Formatter) -> list[Figure]:
    """Budget by line (allocated vs spent by the actions of that line's axis), by segment, by channel."""
    plan, figures = analysis.plan, []
    money_axis = axis_unit(Kpi(id="m", name="m", unit=plan.currency), fmt)
    lines = plan.budget.lines if plan.budget else []
    if lines:
        figures.append(
            {
                "data": [
                    {
                        "type": "bar",
                        "orientation": "h",
                        "name": fmt.t("budget.allocated"),
                        "y": [plot_text(ln.category) for ln in lines],
                        "x": [ln.amount for ln in lines],
                        "marker": {"color": ACTUAL},
                    }
                ],
                "layout": base_layout(
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
        names = [plot_text(s.segment.name) for s in segments]
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
                "layout": base_layout(
                    fmt.t("budget.by_segment"),
                    None,
                    fmt,
                    yaxis={**money_axis, "title": {"text": plan.currency}},
                    barmode="group",
                ),
            }
        )
    by_channel = analysis.budget.by_channel
    # Plotly adds up slices of the same label (a channel typed in two languages)
    channels = [fmt.channel(c) if c else fmt.t("budget.no_channel") for c in by_channel]
    if channels:
        figures.append(
            {
                "data": [
                    {
                        "type": "pie",
                        "hole": 0.5,
                        "labels": [plot_text(c) for c in channels],
                        "values": list(by_channel.values()),
                        "sort": False,
                        "textinfo": "label+percent",
                    }
                ],
                "layout": base_layout(
                    fmt.t("budget.by_channel"), None, fmt, legend={"orientation": "v"}
                ),
            }
        )
    return figures
