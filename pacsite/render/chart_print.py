"""What a chart is when it cannot be interactive: an SVG drawn at build time, shown on paper
(the browser's print), and a table of its figures, read by screen readers and shown to anyone
who opens it.

Both come from the chart's own Plotly figure (its first view: the per-period one), so paper, table
and screen show the same figures. The SVG is simple on purpose: category axis, value axis with
round ticks, bars and lines in the chart's colours, a legend. No script, no request.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from .charts import chart_text

__all__ = ["chart_table", "print_svg"]

_WIDTH, _HEIGHT = 960, 340
_LEFT, _RIGHT, _TOP, _BOTTOM = 80, 20, 40, 70


def _first_view(figure: dict[str, Any]) -> list[dict[str, Any]]:
    """The traces shown before any switch: the per-period view."""
    return [t for t in figure.get("data", []) if t.get("visible", True) is not False]


def _separators(figure: dict[str, Any]) -> tuple[str, str]:
    """(decimal, thousands) as the chart writes numbers."""
    found = str(figure.get("layout", {}).get("separators") or ".,")
    return found[0], found[1] if len(found) > 1 else ","


def _number(value: float, figure: dict[str, Any], digits: int = 0) -> str:
    decimal, thousands = _separators(figure)
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


def _with_unit(text: str, figure: dict[str, Any]) -> str:
    axis = figure.get("layout", {}).get("yaxis", {})
    return f"{axis.get('tickprefix', '')}{text}{axis.get('ticksuffix', '')}"


def _ticks(top: float, bottom: float) -> list[float]:
    """Round ticks from `bottom` to `top` (steps of 1, 2 or 5 times a power of ten)."""
    span = top - bottom or abs(top) or 1.0
    raw = span / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(bottom / step) * step
    return [
        first + i * step
        for i in range(int((top - first) / step) + 2)
        if first + i * step <= top + step / 2
    ]


def _values(trace: dict[str, Any]) -> list[float | None]:
    return [v if isinstance(v, int | float) else None for v in trace.get("y", [])]


def print_svg(figure: dict[str, Any], label: str) -> Markup:
    """The chart as a static SVG (its per-period view), for paper."""
    traces = [t for t in _first_view(figure) if t.get("x")]
    if not traces:
        return Markup("")
    categories: list[str] = [chart_text(str(c)) for c in traces[0]["x"]]
    values = [v for t in traces for v in _values(t) if v is not None]
    low = min([0.0, *values])
    high = max([0.0, *values]) or 1.0
    ticks = _ticks(high, low)
    top, bottom = max(ticks[-1], high), min(ticks[0], low)
    plot_w, plot_h = _WIDTH - _LEFT - _RIGHT, _HEIGHT - _TOP - _BOTTOM
    band = plot_w / max(len(categories), 1)

    def y(value: float) -> float:
        return _TOP + plot_h * (top - value) / ((top - bottom) or 1.0)

    def x(index: int) -> float:
        return _LEFT + band * (index + 0.5)

    digits = 0 if all(float(t).is_integer() for t in ticks) else 1
    parts = [
        f'<svg class="pacsite-chart__print" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="18" class="pacsite-chart__print-title">{escape(label)}</text>',
    ]
    for tick in ticks:
        ty = y(tick)
        parts.append(
            f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{ty:.0f}" y2="{ty:.0f}" '
            'stroke="#ccc" stroke-width="1"/>'
            f'<text x="{_LEFT - 6}" y="{ty + 4:.0f}" text-anchor="end">'
            f"{escape(_with_unit(_number(tick, figure, digits), figure))}</text>"
        )
    step = max(1, math.ceil(len(categories) / 12))  # at most 12 labels under the axis
    for i, category in enumerate(categories):
        if i % step == 0:
            parts.append(
                f'<text x="{x(i):.0f}" y="{_TOP + plot_h + 18}" text-anchor="middle">'
                f"{escape(category)}</text>"
            )
    bars = [t for t in traces if t.get("type") == "bar"]
    for trace in bars:
        colour = escape(trace.get("marker", {}).get("color", "#3f51b5"))
        for i, value in enumerate(_values(trace)):
            if value is None:
                continue
            y0, y1 = sorted((y(value), y(0.0)))
            parts.append(
                f'<rect x="{x(i) - band * 0.3:.0f}" y="{y0:.0f}" width="{band * 0.6:.0f}" '
                f'height="{max(y1 - y0, 0.5):.0f}" fill="{colour}"/>'
            )
    for trace in traces:
        if trace.get("type") == "bar":
            continue
        line = trace.get("line", {})
        colour = escape(line.get("color") or trace.get("marker", {}).get("color", "#333"))
        dash = {"dash": ' stroke-dasharray="8 5"', "dot": ' stroke-dasharray="2 4"'}.get(
            str(line.get("dash", "")), ""
        )
        points = [(x(i), y(v)) for i, v in enumerate(_values(trace)) if v is not None]
        if trace.get("mode") == "markers":  # alert crosses
            for px, py in points:
                parts.append(
                    f'<path d="M{px - 6:.0f} {py - 6:.0f}L{px + 6:.0f} {py + 6:.0f}'
                    f'M{px - 6:.0f} {py + 6:.0f}L{px + 6:.0f} {py - 6:.0f}" '
                    f'stroke="{colour}" stroke-width="3"/>'
                )
            continue
        if points:
            path = " ".join(f"{px:.0f},{py:.0f}" for px, py in points)
            width = line.get("width", 2)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="{width}"{dash}/>'
            )
    legend_x = _LEFT
    for trace in traces:
        name = chart_text(str(trace.get("name", "")))
        colour = escape(
            trace.get("marker", {}).get("color")
            if trace.get("type") == "bar"
            else trace.get("line", {}).get("color") or trace.get("marker", {}).get("color", "#333")
        )
        parts.append(
            f'<rect x="{legend_x}" y="{_HEIGHT - 22}" width="14" height="10" fill="{colour}"/>'
            f'<text x="{legend_x + 20}" y="{_HEIGHT - 13}">{escape(name)}</text>'
        )
        legend_x += 30 + 8 * len(name)
    parts.append("</svg>")
    return Markup("".join(parts))


def chart_table(figure: dict[str, Any], label: str, period: str, caption: str) -> Markup:
    """The chart's figures as a table (per-period view): a row per period, a column per series."""
    traces = [t for t in _first_view(figure) if t.get("x") and t.get("mode") != "markers"]
    if not traces:
        return Markup("")
    categories: Sequence[str] = [chart_text(str(c)) for c in traces[0]["x"]]
    head = "".join(
        f'<th scope="col">{escape(chart_text(str(t.get("name", ""))))}</th>' for t in traces
    )
    rows = []
    for i, category in enumerate(categories):
        cells = []
        for trace in traces:
            values = _values(trace)
            value = values[i] if i < len(values) else None
            digits = 0 if value is None or float(value).is_integer() else 2
            text = "—" if value is None else _with_unit(_number(value, figure, digits), figure)
            cells.append(f'<td class="pacsite-num">{escape(text)}</td>')
        rows.append(f'<tr><th scope="row">{escape(category)}</th>{"".join(cells)}</tr>')
    return Markup(
        f'<details class="pacsite-chart__data"><summary>{escape(caption)}</summary>'
        f'<table class="pacsite-table"><caption>{escape(label)}</caption>'
        f'<thead><tr><th scope="col">{escape(period)}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></details>"
    )
