from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacsite.model import Period, PeriodError, parse_date_cell, parse_period


@pytest.mark.parametrize(
    ("text", "first", "last", "granularity"),
    [
        ("2025-03-14", date(2025, 3, 14), date(2025, 3, 14), "day"),
        ("2025-03", date(2025, 3, 1), date(2025, 3, 31), "month"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2025-Q1", date(2025, 1, 1), date(2025, 3, 31), "quarter"),
        ("2025-T4", date(2025, 10, 1), date(2025, 12, 31), "quarter"),
        ("2026-T2", date(2026, 4, 1), date(2026, 6, 30), "quarter"),
        ("2026-W18", date(2026, 4, 27), date(2026, 5, 3), "week"),
        ("2025-W01", date(2024, 12, 30), date(2025, 1, 5), "week"),
        ("2020-W53", date(2020, 12, 28), date(2021, 1, 3), "week"),
        ("2025-S18", date(2025, 4, 28), date(2025, 5, 4), "week"),
        ("2025", date(2025, 1, 1), date(2025, 12, 31), "year"),
        ("2025-07/2025-08", date(2025, 7, 1), date(2025, 8, 31), "range"),
    ],
)
def test_shorthands(text: str, first: date, last: date, granularity: str) -> None:
    period = parse_period(text)
    assert (period.first, period.last, period.granularity) == (first, last, granularity)


def test_yaml_values() -> None:
    assert parse_period(date(2025, 1, 2)) == Period.day(date(2025, 1, 2))
    assert parse_period(2025) == Period.year(2025)
    assert parse_period({"start": "2025-01", "end": "2025-Q2"}).last == date(2025, 6, 30)


def test_labels_round_trip() -> None:
    for text in ["2025-03-14", "2025-03", "2025-Q1", "2026-W18", "2025"]:
        assert parse_period(text).label == text
    assert parse_period("2025-T2").label == "2025-Q2"


@pytest.mark.parametrize(
    "text",
    ["2025-02-30", "2025-13", "2025-Q5", "2025-W54", "2025-W53", "soon", "", "2025-07/2025-03"],
)
def test_invalid(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)


def test_containing() -> None:
    assert Period.containing(date(2025, 5, 14), "quarter") == parse_period("2025-Q2")
    assert Period.containing(date(2025, 1, 1), "week") == parse_period("2025-W01")


def test_date_cells() -> None:
    assert parse_date_cell("31/01/2025").first == date(2025, 1, 31)
    assert parse_date_cell("2026-10-28 14:32").first == date(2026, 10, 28)
    assert parse_date_cell("2026-10-28T14:32:00Z").first == date(2026, 10, 28)
    assert parse_date_cell("2025-W05").granularity == "week"


@given(st.text(max_size=30))
def test_never_a_traceback(text: str) -> None:
    try:
        period = parse_period(text)
    except PeriodError:
        return
    assert period.first <= period.last


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_week_contains_day(day: date) -> None:
    iso = day.isocalendar()
    week = parse_period(f"{iso.year}-W{iso.week:02d}")
    assert day in week and week.first.weekday() == 0 and week.days == 7


@pytest.mark.parametrize(
    ("cell", "label"),
    [
        ("07/2026", "2026-07"),
        ("juil-26", "2026-07"),
        ("juil. 2026", "2026-07"),
        ("juillet 2026", "2026-07"),
        ("févr-25", "2025-02"),
        ("Jul-26", "2026-07"),
        ("July 2026", "2026-07"),
        ("Sept 2025", "2025-09"),
        ("45658", "2025-01-01"),  # Excel's day number
        ("45658,75", "2025-01-01"),
    ],
)
def test_dates_as_spreadsheets_write_them(cell: str, label: str) -> None:
    from pacsite.model import parse_date_cell

    assert parse_date_cell(cell).label == label


@pytest.mark.parametrize(
    ("text", "day"), [("30/04/2026", date(2026, 4, 30)), ("1.3.2026", date(2026, 3, 1))]
)
def test_a_plan_date_written_day_first_reads_as_in_results_files(text: str, day: date) -> None:
    from pacsite.model.periods import parse_date_cell

    assert parse_period(text) == Period.day(day) == parse_date_cell(text)


@pytest.mark.parametrize("text", ["31/02/2026", "30/13/2026", "2026/04/30"])
def test_a_wrong_day_first_date_says_the_same_in_plans_and_results(text: str) -> None:
    from pacsite.model.periods import parse_date_cell

    with pytest.raises(PeriodError) as in_plan:
        parse_period(text)
    with pytest.raises(PeriodError) as in_results:
        parse_date_cell(text)
    assert str(in_plan.value) == str(in_results.value)
    assert f"'{text}'" in str(in_plan.value)
