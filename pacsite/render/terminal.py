"""`pacsite status`: a plan's state as plain text for terminals and CI logs."""

from __future__ import annotations

import hashlib
import json

from ..analysis import PlanAnalysis, Progress
from ..load import Diagnostic
from ..text import terminal_line
from .describe import describe_alert, describe_stale
from .i18n import Formatter

__all__ = ["ci_annotation", "code_quality_report", "status_text"]

_MARKS = {
    "achieved": "✔",
    "missed": "✘",
    "on_track": "●",
    "at_risk": "▲",
    "off_track": "✖",
    "not_started": "○",
    "no_data": "·",
}


def bar(share: float | None, width: int = 20) -> str:
    """A progress bar: `[██████████▌         ]`."""
    if share is None:
        return "[" + " " * width + "]"
    filled = max(0.0, min(share, 1.0)) * width
    full = int(filled)
    half = "▌" if filled - full >= 0.5 and full < width else ""
    return "[" + "█" * full + half + " " * (width - full - len(half)) + "]"


def _result_line(p: Progress, fmt: Formatter) -> str:
    unit = p.kpi.unit
    line = (
        f"      {p.kpi.name}{fmt.colon}{fmt.value(p.actual, unit)} / {fmt.value(p.target, unit)}"
        f" ({fmt.t('status.' + p.status)})"
    )
    if p.expected is not None and p.gap is not None and p.status not in {"achieved", "missed"}:
        expected = fmt.t(
            "cli.expected",
            value=fmt.value(fmt.whole(p.expected, unit), unit),
            gap=fmt.gap(p.gap, unit),
        )
        line += f" — {expected}"
    if p.last_year is not None:
        line += " — " + fmt.t(
            "cli.last_year", value=fmt.beside(p.last_year, p.year_over_year, unit)
        )
    return line


def status_text(analysis: PlanAnalysis, fmt: Formatter) -> str:
    """The summary of one plan: objectives with progress bars, budget, actions, alerts, late actions."""
    plan = analysis.plan
    lines = [
        plan.title,
        "=" * len(plan.title),
        fmt.t("as_of", date=fmt.date(analysis.as_of))
        + f" ({fmt.t('as_of.' + analysis.as_of_source)})",
        "",
    ]
    lines.append(fmt.t("cli.objectives"))
    for o in analysis.objectives:
        lines.append(
            f"  {_MARKS[o.status]} {bar(o.progress)} {fmt.percent(o.progress):>6}  {o.objective.title}"
            f" — {fmt.t('status.' + o.status)}"
        )
        lines.extend(_result_line(p, fmt) for p in o.results)
    r = analysis.rollup
    lines += [
        "",
        fmt.t(
            "cli.actions",
            counts=", ".join(
                fmt.n(f"count.{status}", count)
                for status, count in (
                    ("done", r.done),
                    ("in_progress", r.in_progress),
                    ("late", r.by_status["late"]),
                    ("planned", r.planned),
                )
            ),
        ),
    ]
    b = analysis.budget
    if b.total:
        lines.append(
            fmt.t(
                "cli.budget",
                spent=fmt.money(b.spent),
                budget=fmt.money(b.total),
                share=fmt.percent(b.consumed),
            )
        )
    alerts = analysis.current_alerts
    lines += ["", f"{fmt.t('cli.alerts')} ({len(alerts)})"]
    lines += [
        f"  {'!!' if a.severity == 'critical' else ' !'} {describe_alert(a, analysis, fmt)}"
        for a in alerts
    ]
    if not alerts:
        lines.append("  " + fmt.t("cli.none"))
    if analysis.stale:
        lines += ["", f"{fmt.t('review.stale')} ({len(analysis.stale)})"]
        lines += [f"  - {describe_stale(item, analysis, fmt)}" for item in analysis.stale]
    late = analysis.overdue
    lines += ["", f"{fmt.t('cli.late')} ({len(late)})"]
    for s in late:
        owner = s.action.owner or "—"
        member = plan.member(owner)
        lines.append(
            f"  - {s.action.title} — {member.name if member else owner}, "
            f"{fmt.date(s.action.due.last if s.action.due else None)}"
        )
    if not late:
        lines.append("  " + fmt.t("cli.none"))
    # a title or a name cannot break a line, forge a CI command or send escape sequences
    return "\n".join(terminal_line(line) for line in lines) + "\n"


def _github_escape(text: str, *, property: bool = False) -> str:
    """Escape a workflow command's data (and, for properties, `,` and `:`)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property else text


def ci_annotation(d: Diagnostic) -> str:
    """A GitHub Actions annotation: shown on the changed line of a pull request."""
    level = {"error": "error", "warning": "warning"}.get(d.severity, "notice")
    props = [f"file={_github_escape(terminal_line(d.position.file), property=True)}"]
    if d.position.line:
        props.append(f"line={d.position.line}")
    if d.position.column:
        props.append(f"col={d.position.column}")
    props.append(f"title={_github_escape(terminal_line(d.code), property=True)}")
    where = f"{d.path}: " if d.path else ""
    return f"::{level} {','.join(props)}::{_github_escape(terminal_line(where + d.message))}"


def code_quality_report(diagnostics: list[Diagnostic]) -> str:
    """A GitLab Code Quality report (JSON), shown in merge requests."""
    issues = []
    for d in diagnostics:
        where = f"{d.position.file}:{d.position.line}:{d.position.column}:{d.code}:{d.message}"
        issues.append(
            {
                "description": f"{d.path}: {d.message}" if d.path else d.message,
                "check_name": str(d.code),
                "fingerprint": hashlib.sha256(where.encode("utf-8")).hexdigest(),
                "severity": "major" if d.severity == "error" else "minor",
                "location": {"path": d.position.file, "lines": {"begin": max(d.position.line, 1)}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2)
