"""What every part of a plan's analysis reads: the plan as its reviews left it, its results,
the as-of date and the thresholds of the verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model import Kpi, Period, Plan
from .progress import Progress, assess
from .series import MeasureIndex, Scope
from .verdicts import Thresholds

__all__ = ["Context"]


@dataclass(frozen=True)
class Context:
    """The plan (with each axis in the status its latest decision gave it), its results, the
    as-of date and the thresholds: the same for every objective, axis, action and KPI."""

    plan: Plan
    measures: MeasureIndex
    as_of: date
    thresholds: Thresholds

    def kpi(self, kpi_id: str | None) -> Kpi | None:
        return self.plan.kpi(kpi_id) if kpi_id else None

    def assess(
        self,
        kpi: Kpi,
        target: float | None,
        baseline: float | None,
        window: Period,
        scope: Scope = Scope(),
        phasing: dict[Period, float] | None = None,
    ) -> Progress:
        """A target's progress at the as-of date, on `scope`'s results."""
        return assess(
            kpi,
            target,
            baseline,
            window,
            self.measures,
            self.as_of,
            scope=scope,
            phasing=phasing,
            thresholds=self.thresholds,
        )
