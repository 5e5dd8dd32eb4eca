"""The measure index: the windows it reads give exactly the series a scan of every row gives,
and periods hash the same in every process (they are dictionary keys carried between them)."""

from __future__ import annotations

import pickle
import subprocess
import sys
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pacsite.analysis.series import MeasureIndex, Scope, series
from pacsite.model import Kpi, Measure, Period

DAY0 = date(2024, 1, 1)


@st.composite
def measures(draw: st.DrawFn) -> list[Measure]:
    rows = []
    for _ in range(draw(st.integers(0, 40))):
        start = DAY0 + timedelta(days=draw(st.integers(0, 200)))  # ties are likely
        kind = draw(st.sampled_from(["day", "week", "month", "quarter"]))
        period = Period.containing(start, kind)
        segment = draw(st.sampled_from([None, "s1", "s2"]))
        axis = draw(st.sampled_from([None, "a1"])) if segment else None
        action = draw(st.sampled_from([None, "x1"])) if axis else None
        rows.append(
            Measure(
                period,
                draw(st.sampled_from(["k", "other"])),
                float(draw(st.integers(-50, 500))),
                segment,
                axis,
                action,
                draw(st.sampled_from([None, "note a", "note b"])),
            )
        )
    return rows


@settings(max_examples=200, deadline=None)
@given(
    rows=measures(),
    cadence=st.sampled_from(["week", "month", "quarter"]),
    aggregation=st.sampled_from(["sum", "mean", "last"]),
    scope=st.sampled_from([Scope(), Scope("s1"), Scope("s2", "a1"), Scope("s1", "a1", "x1")]),
    since=st.one_of(st.none(), st.integers(0, 200)),
    length=st.one_of(st.none(), st.integers(0, 250)),
)
def test_index_windows_give_the_series_of_every_row(
    rows: list[Measure],
    cadence: str,
    aggregation: str,
    scope: Scope,
    since: int | None,
    length: int | None,
) -> None:
    kpi = Kpi.model_validate(
        {"id": "k", "name": "K", "cadence": cadence, "aggregation": aggregation}
    )
    first = None if since is None else DAY0 + timedelta(days=since)
    until = None if length is None else (first or DAY0) + timedelta(days=length)
    index = MeasureIndex(rows)
    expected = series(list(rows), kpi, scope, since=first, until=until)
    assert series(index, kpi, scope, since=first, until=until) == expected
    # asked again (the window's sorted dates kept), and once carried to another process
    assert series(index, kpi, scope, since=first, until=until) == expected
    moved = pickle.loads(pickle.dumps(index))
    assert series(moved, kpi, scope, since=first, until=until) == expected


def test_rows_ending_the_same_day_keep_their_files_order() -> None:
    """A quarter's "last" value when a month row and a quarter row both end on 31 March: the
    row written last in the file wins, whether the rows are read through a window or not."""
    kpi = Kpi.model_validate({"id": "k", "name": "K", "cadence": "quarter", "aggregation": "last"})
    rows = [
        Measure(Period.month(2025, 3), "k", 2.0, note="month"),
        Measure(Period.quarter(2025, 1), "k", 1.0, note="quarter"),
        Measure(Period.month(2025, 4), "k", 9.0),  # outside the window below
    ]
    window = {"since": date(2025, 1, 1), "until": date(2025, 3, 31)}
    (point,) = series(MeasureIndex(rows), kpi, **window)  # type: ignore[arg-type]
    assert (point.value, point.notes) == (1.0, ("month", "quarter"))
    assert series(rows, kpi, **window) == [point]  # type: ignore[arg-type]


def test_a_period_hashes_alike_in_every_process() -> None:
    """Text and dates hash differently in each Python process; a period's hash is made of
    numbers only, so a period made in a worker finds its entry in this process's tables."""
    period = Period.week(2025, 18)
    code = "from pacsite.model import Period; print(hash(Period.week(2025, 18)))"
    other = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    ).stdout.strip()
    assert int(other) == hash(period)
    moved = pickle.loads(pickle.dumps(period))
    assert moved == period and hash(moved) == hash(period) and {period: 1}[moved] == 1
    assert hash(Period(period.first, period.last)) != hash(period)  # the kind counts too
