"""KPI series: results rolled up to the KPI's cadence, for the plan or a segment, axis or action.

Rows at several levels of detail can coexist (a plan total, segment rows, rows attributed to an
axis or an action): for each period the *least detailed* rows in scope are used, so that a total
and its details are never added together.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from ..model import Kpi, Measure, Period

__all__ = ["MeasureIndex", "Point", "Scope", "bucket_of", "combine", "series"]

_ORDER = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4, "range": 5}


class MeasureIndex(Sequence[Measure]):
    """A plan's results, indexed by KPI once, so that series and look-ups do not scan them all."""

    def __init__(self, measures: Sequence[Measure]):
        self._all = list(measures)
        self.by_kpi: dict[str, list[Measure]] = {}
        # and by KPI and the narrowest part named: a segment's series reads its rows only
        self._by_part: dict[tuple[str, str, str], list[Measure]] = {}
        for m in self._all:
            self.by_kpi.setdefault(m.kpi, []).append(m)
            for kind, part in (("segment", m.segment), ("axis", m.axis), ("action", m.action)):
                if part is not None:
                    self._by_part.setdefault((m.kpi, kind, part), []).append(m)
        self.axis_rows = {
            (m.kpi, m.axis) for m in self._all if m.axis is not None and m.action is None
        }
        self.actions = {m.action for m in self._all if m.action is not None}

    def of(self, kpi: str, scope: Scope) -> list[Measure]:
        """The KPI's rows that may be in `scope` (a superset: `Scope.matches` still decides)."""
        for kind, part in (
            ("action", scope.action),
            ("axis", scope.axis),
            ("segment", scope.segment),
        ):
            if part is not None:
                return self._by_part.get((kpi, kind, part), [])
        return self.by_kpi.get(kpi, [])

    def __len__(self) -> int:
        return len(self._all)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return self._all[index]

    def __iter__(self) -> Iterator[Measure]:
        return iter(self._all)


@dataclass(frozen=True)
class Scope:
    """What part of the plan a series is about; None everywhere means the whole plan."""

    segment: str | None = None
    axis: str | None = None
    action: str | None = None

    def matches(self, m: Measure) -> bool:
        return (
            (self.segment is None or m.segment == self.segment)
            and (self.axis is None or m.axis == self.axis)
            and (self.action is None or m.action == self.action)
        )


@dataclass(frozen=True)
class Point:
    """The value of a KPI for one period (a week, month or quarter), with the notes of its rows."""

    period: Period
    value: float
    notes: tuple[str, ...] = ()


def bucket_of(period: Period, cadence: str) -> Period:
    """The cadence period a result belongs to: the one holding its middle day.

    A result coarser than the cadence (a quarter for a monthly KPI) stays its own period.
    """
    if _ORDER[period.granularity] >= _ORDER[cadence]:
        return period
    middle = date.fromordinal(period.first.toordinal() + (period.days - 1) // 2)
    return Period.containing(middle, cadence)  # type: ignore[arg-type]


def _depth(m: Measure) -> int:
    return 3 if m.action else 2 if m.axis else 1 if m.segment else 0


def combine(values: Sequence[float], aggregation: str) -> float:
    """Roll values of sub-periods up with the KPI's aggregation (sum, mean or last)."""
    if aggregation == "mean":
        return sum(values) / len(values)
    if aggregation == "last":
        return values[-1]
    return sum(values)


def series(
    measures: Iterable[Measure],
    kpi: Kpi,
    scope: Scope = Scope(),
    *,
    until: date | None = None,
    since: date | None = None,
) -> list[Point]:
    """The KPI's values per cadence period within `scope`, in time order.

    Only results that end by `until` (the plan's as-of date) and start on or after `since` count.
    """
    buckets: dict[Period, list[Measure]] = {}
    if isinstance(measures, MeasureIndex):
        measures = measures.of(kpi.id, scope)
    for m in measures:
        if m.kpi != kpi.id or not scope.matches(m):
            continue
        if until is not None and m.period.last > until:
            continue
        if since is not None and m.period.first < since:
            continue
        buckets.setdefault(bucket_of(m.period, kpi.cadence), []).append(m)
    points = []
    for period in sorted(buckets):
        rows = buckets[period]
        depth = min(_depth(m) for m in rows)
        kept = sorted((m for m in rows if _depth(m) == depth), key=lambda m: m.period.last)
        # rows of the same detail level: several segments add up, a mean KPI averages them
        value = combine([m.value for m in kept], kpi.aggregation)
        notes = tuple(m.note for m in kept if m.note)
        points.append(Point(period, value, notes))
    return points
