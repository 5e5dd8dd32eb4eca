"""KPI series: results rolled up to the KPI's cadence, for the plan or a segment, axis or action.

Rows at several levels of detail can coexist (a plan total, segment rows, rows attributed to an
axis or an action): for each period the *least detailed* rows in scope are used, so that a total
and its details are never added together.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

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
        self._dated: dict[tuple[str, str, str], _Dated] = {}

    def of(
        self, kpi: str, scope: Scope, since: date | None = None, until: date | None = None
    ) -> list[Measure]:
        """The KPI's rows that may be in `scope` and start between `since` and `until`, in
        their files' order (a superset: `Scope.matches` and the periods' ends still decide)."""
        key: tuple[str, str, str] = (kpi, "", "")
        rows = self.by_kpi.get(kpi, [])
        for kind, part in (
            ("action", scope.action),
            ("axis", scope.axis),
            ("segment", scope.segment),
        ):
            if part is not None:
                key = (kpi, kind, part)
                rows = self._by_part.get(key, [])
                break
        if (since is None and until is None) or not rows:
            return rows
        dated = self._dated.get(key)
        if dated is None:
            dated = self._dated[key] = _Dated(rows)
        return dated.between(since, until)

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_dated": {}}  # made again where needed, not carried

    def __len__(self) -> int:
        return len(self._all)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return self._all[index]

    def __iter__(self) -> Iterator[Measure]:
        return iter(self._all)


class _Dated:
    """Rows with their start dates sorted: the rows of a window without reading the others
    (a year-before comparison, a review's quarter)."""

    def __init__(self, rows: list[Measure]):
        self.rows = rows
        self.order = sorted(range(len(rows)), key=lambda i: rows[i].period.first)
        self.firsts = [rows[i].period.first for i in self.order]

    def between(self, since: date | None, until: date | None) -> list[Measure]:
        low = 0 if since is None else bisect_left(self.firsts, since)
        high = len(self.firsts) if until is None else bisect_right(self.firsts, until)
        if low == 0 and high == len(self.firsts):
            return self.rows
        return [self.rows[i] for i in sorted(self.order[low:high])]  # in their files' order


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


@lru_cache(maxsize=8192)
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
    # per cadence period, the least detailed rows found so far (their depth, the rows)
    buckets: dict[Period, tuple[int, list[Measure]]] = {}
    if isinstance(measures, MeasureIndex):
        measures = measures.of(kpi.id, scope, since, until)
    cadence = kpi.cadence
    for m in measures:
        if m.kpi != kpi.id or not scope.matches(m):
            continue
        if until is not None and m.period.last > until:
            continue
        if since is not None and m.period.first < since:
            continue
        period = bucket_of(m.period, cadence)
        depth = _depth(m)
        found = buckets.get(period)
        if found is None or depth < found[0]:
            buckets[period] = (depth, [m])
        elif depth == found[0]:
            found[1].append(m)
    points = []
    for period in sorted(buckets):
        kept = sorted(buckets[period][1], key=_last)
        # rows of the same detail level: several segments add up, a mean KPI averages them
        value = combine([m.value for m in kept], kpi.aggregation)
        notes = tuple(m.note for m in kept if m.note)
        points.append(Point(period, value, notes))
    return points


def _last(m: Measure) -> date:
    return m.period.last
