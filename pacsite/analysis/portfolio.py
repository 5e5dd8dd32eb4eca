"""A portfolio of plans: one plan per branch (a bank's agencies, a dealer group, garden
centres) side by side, their shared KPIs consolidated, ranked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .plan import PlanAnalysis
from .progress import Progress
from .series import combine
from .verdicts import Status, Thresholds, consolidated_status

__all__ = ["Consolidated", "Portfolio", "portfolio", "rank_key"]


@dataclass(frozen=True)
class Consolidated:
    """A KPI several plans follow (same id and unit), rolled up as its aggregation says: the
    sum of the plans' actuals and targets for a summed KPI (revenue), their mean for a rate."""

    kpi_id: str
    name: str
    unit: str
    aggregation: str
    parts: tuple[tuple[str, Progress], ...]
    """(plan id, the plan's headline target on the KPI) for each plan that has one."""
    actual: float | None
    target: float | None
    expected: float | None
    status: Status

    @property
    def progress(self) -> float | None:
        if self.actual is None or not self.target:
            return None
        return min(max(self.actual / self.target, 0.0), 1.0)


@dataclass(frozen=True)
class Portfolio:
    """The plans ranked, and the KPIs they share."""

    ranked: list[PlanAnalysis]
    shared: list[Consolidated] = field(default_factory=list)
    kpis: list[tuple[str, str]] = field(default_factory=list)
    """Every (KPI id, name) with a target in some plan: the heat map's columns."""

    def cell(self, analysis: PlanAnalysis, kpi_id: str) -> Progress | None:
        """The plan's headline target on the KPI (a heat map cell), if any."""
        state = analysis.kpi_state(kpi_id)
        return state.headline if state else None


_ORDER: dict[Status, int] = {
    "achieved": 0,
    "on_track": 1,
    "at_risk": 2,
    "off_track": 3,
    "missed": 4,
    "not_started": 5,
    "no_data": 6,
}


def rank_key(analysis: PlanAnalysis) -> tuple[int, float, str]:
    """Best first: by verdict (achieved, on track, at risk, off track, missed, then plans not
    started or without data), then by progress, then by title."""
    return (_ORDER[analysis.status], -(analysis.progress or 0.0), analysis.plan.title)


def portfolio(analyses: Sequence[PlanAnalysis], thresholds: Thresholds = Thresholds()) -> Portfolio:
    ranked = sorted(analyses, key=rank_key)
    columns: dict[str, str] = {}
    by_kpi: dict[tuple[str, str], list[tuple[str, Progress]]] = {}
    open_parts: set[tuple[str, str]] = set()  # KPIs a plan still measures: not over yet
    for analysis in ranked:
        for state in analysis.kpis:
            headline = state.headline
            if headline is None:
                continue
            columns.setdefault(state.kpi.id, state.kpi.name)
            key = (state.kpi.id, state.kpi.unit)
            by_kpi.setdefault(key, []).append((analysis.plan.id, headline))
            if analysis.as_of < headline.window.last:
                open_parts.add(key)
    shared = []
    for (kpi_id, unit), parts in by_kpi.items():
        if len(parts) < 2:
            continue
        kpi = parts[0][1].kpi
        how = "sum" if kpi.aggregation == "sum" else "mean"
        actuals = [p.actual for _, p in parts if p.actual is not None]
        targets = [p.target for _, p in parts if p.target is not None]
        expected = [p.expected for _, p in parts if p.expected is not None]
        actual = combine(actuals, how) if actuals else None
        target = combine(targets, how) if targets else None
        expect = combine(expected, how) if len(expected) == len(parts) else None
        status = consolidated_status(
            actual,
            expect,
            target,
            kpi.direction,
            [p.status for _, p in parts],
            (kpi_id, unit) not in open_parts,
            thresholds,
        )
        shared.append(
            Consolidated(
                kpi_id,
                kpi.name,
                unit,
                kpi.aggregation,
                tuple(parts),
                actual,
                target,
                expect,
                status,
            )
        )
    return Portfolio(ranked, shared, list(columns.items()))
