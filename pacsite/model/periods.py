"""Periods: the spec's date shorthands (`2025-03`, `2025-Q1`, `2025-T1`, `2025-W18`, `2025`),
and `A/B` intervals of them (`2025-07/2025-08`).

A period has a first and a last day, both inclusive. ISO weeks start on Monday.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Literal

from ..catalog import Message, msg
from ..text import fold

__all__ = ["Granularity", "Period", "PeriodError", "parse_date_cell", "parse_period"]

Granularity = Literal["day", "week", "month", "quarter", "year", "range"]

# `T` is the French "trimestre"; `S` the French "semaine".
_QUARTER = re.compile(r"^(\d{4})-?[QqTt]([1-4])$")
_WEEK = re.compile(r"^(\d{4})-?[WwSs](\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
# Spreadsheet and CRM exports: 31/01/2025, 31.01.2025, optionally followed by a time.
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_TIME_SUFFIX = re.compile(r"[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|[AaPp][Mm])?$")


_RANKS = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4, "range": 5}


class PeriodError(ValueError):
    """A text that is not a date or a date shorthand."""


@dataclass(frozen=True, order=True)
class Period:
    """A span of whole days, `first` to `last` inclusive."""

    first: date
    last: date
    granularity: Granularity = "range"

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise PeriodError(
                msg(
                    "period ends ({last}) before it starts ({first})",
                    last=str(self.last),
                    first=str(self.first),
                )
            )
        # periods are dictionary keys in every series: hashed once, from numbers only (the same
        # in every process, unlike the hash of a date or a text)
        rank = _RANKS.get(self.granularity, len(_RANKS))
        object.__setattr__(
            self, "_hash", hash((self.first.toordinal(), self.last.toordinal(), rank))
        )

    def __hash__(self) -> int:
        return self._hash  # type: ignore[no-any-return, attr-defined]

    @property
    def label(self) -> str:
        """The canonical shorthand of this period (`2025-Q1`, `2025-W05`, `2025-03`...)."""
        f = self.first
        if self.granularity == "day":
            return f.isoformat()
        if self.granularity == "week":
            year, week, _ = f.isocalendar()
            return f"{year}-W{week:02d}"
        if self.granularity == "month":
            return f"{f.year}-{f.month:02d}"
        if self.granularity == "quarter":
            return f"{f.year}-Q{(f.month - 1) // 3 + 1}"
        if self.granularity == "year":
            return str(f.year)
        return f"{f.isoformat()}/{self.last.isoformat()}"

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.last - self.first).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    def within(self, other: Period) -> bool:
        """True when this period lies entirely inside `other`."""
        return other.first <= self.first and self.last <= other.last

    def __str__(self) -> str:
        return self.label

    def years_later(self, years: int) -> Period:
        """The same period `years` years later (earlier when negative): the same month,
        quarter, ISO week (the last week when the year has fewer) or dates (29 February
        becomes the 28th)."""
        return _years_later(self, years)

    @classmethod
    def day(cls, day: date) -> Period:
        return cls(day, day, "day")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), "month")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        start = date(year, 3 * quarter - 2, 1)
        end_month = 3 * quarter
        return cls(start, date(year, end_month, calendar.monthrange(year, end_month)[1]), "quarter")

    @classmethod
    def week(cls, year: int, week: int) -> Period:
        monday = date.fromisocalendar(year, week, 1)
        return cls(monday, monday + timedelta(days=6), "week")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), "year")

    @classmethod
    def containing(cls, day: date, granularity: Granularity) -> Period:
        """The week, month, quarter or year that contains `day`."""
        if granularity == "week":
            iso = day.isocalendar()
            return cls.week(iso.year, iso.week)
        if granularity == "month":
            return cls.month(day.year, day.month)
        if granularity == "quarter":
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        if granularity == "year":
            return cls.year(day.year)
        return cls.day(day)


@lru_cache(maxsize=8192)  # year-on-year comparisons ask for the same few periods
def _years_later(period: Period, years: int) -> Period:
    if period.granularity == "week":
        iso = period.first.isocalendar()
        year = iso.year + years
        week = min(iso.week, date(year, 12, 28).isocalendar().week)
        return Period.week(year, week)
    first, last = _shift(period.first, years), _shift(period.last, years)
    if period.granularity == "month":
        return Period.month(first.year, first.month)
    return Period(first, last, period.granularity)


def _shift(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _checked_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise PeriodError(msg("'{text}' is not a calendar date", text=text)) from exc


FIRST_YEAR, LAST_YEAR = 1900, 2200
"""Dates outside these years are typing mistakes (9999-12-31): refused, located."""


def parse_period(value: object) -> Period:
    """Read a date, a date shorthand or a `{start, end}` mapping as a `Period`.

    Raises:
        PeriodError: the value is not a date nor a shorthand the format accepts, or it falls
            outside the years 1900 to 2200.
    """
    try:
        period = _parse_period(value)
    except OverflowError:
        period = None
    if period is None or not (period.first.year >= FIRST_YEAR and period.last.year <= LAST_YEAR):
        raise PeriodError(
            msg(
                "'{text}' is outside the years {first} to {last}",
                text=str(value),
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        )
    return period


def _parse_period(value: object) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, datetime):
        return Period.day(value.date())
    if isinstance(value, date):
        return Period.day(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
        return Period.year(value)
    if isinstance(value, dict) and set(value) == {"start", "end"}:
        start, end = _parse_period(value["start"]), _parse_period(value["end"])
        if end.last < start.first:
            raise PeriodError(
                msg(
                    "period ends ({last}) before it starts ({first})",
                    last=str(end.last),
                    first=str(start.first),
                )
            )
        return Period(start.first, end.last, "range")
    if not isinstance(value, str):
        raise PeriodError(
            msg(
                "expected a date such as 2025-03-31, 2025-03, 2025-Q1, 2025-T1 or 2025-W18, "
                "got {kind}",
                kind=type(value).__name__,
            )
        )
    text = value.strip()
    if m := _DMY.match(text):  # 30/04/2026, as in results files: always day first
        return Period.day(_checked_date(int(m[3]), int(m[2]), int(m[1]), text))
    if "/" in text:  # an ISO 8601 interval of shorthands: 2025-07/2025-08
        start_text, _, end_text = text.partition("/")
        try:
            return _parse_period({"start": start_text, "end": end_text})
        except PeriodError:
            if _DAY.match(start_text.strip()) or _MONTH.match(start_text.strip()):
                raise  # a from/to whose end is wrong: said of that end
            raise PeriodError(_not_a_date(text)) from None
    if m := _DAY.match(text):
        return Period.day(_checked_date(int(m[1]), int(m[2]), int(m[3]), text))
    if m := _MONTH.match(text):
        month = int(m[2])
        if not 1 <= month <= 12:
            raise PeriodError(msg("'{text}': month {month} does not exist", text=text, month=month))
        return Period.month(int(m[1]), month)
    if m := _QUARTER.match(text):
        return Period.quarter(int(m[1]), int(m[2]))
    if m := _WEEK.match(text):
        year, week = int(m[1]), int(m[2])
        try:
            return Period.week(year, week)
        except ValueError:
            weeks = date(year, 12, 28).isocalendar().week
            raise PeriodError(
                msg(
                    "'{text}': {year} has ISO weeks 1 to {weeks}", text=text, year=year, weeks=weeks
                )
            ) from None
    if m := _YEAR.match(text):
        return Period.year(int(m[1]))
    raise PeriodError(_not_a_date(text))


def _not_a_date(text: str) -> Message:
    return msg(
        "'{text}' is not a date: write 2025-03-31 or 31/03/2025, 2025-03 (month), 2025-Q1 "
        "or 2025-T1 (quarter), 2025-W18 (ISO week), 2025 (year) or 2025-07/2025-08 (from/to)",
        text=text,
    )


_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{4})$")  # 07/2026
_NAMED_MONTH = re.compile(r"^([^\W\d_]+)\.?[\s/.-]*(\d{2}|\d{4})$")  # juil-26, July 2026
_SERIAL = re.compile(r"^\d{5}(?:[.,]\d+)?$")  # Excel's day number: 45838
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date_cell(text: str) -> Period:
    """Read a results file's date cell: a shorthand, `31/01/2025`, a date with a time, a month
    as spreadsheets write it (`07/2026`, `juil-26`, `juillet 2026`, `Jul-26`, `July 2026`), or
    Excel's day number (`45658` is 1 January 2025)."""
    text = text.strip()
    stripped = _TIME_SUFFIX.sub("", text) if len(text) > 10 else text
    if m := _DMY.match(stripped):
        return Period.day(_checked_date(int(m[3]), int(m[2]), int(m[1]), text))
    if m := _MONTH_YEAR.match(stripped):
        month = int(m[1])
        if 1 <= month <= 12:
            return Period.month(int(m[2]), month)
    named = _NAMED_MONTH.match(stripped)
    number = _month_number(named[1]) if named else None
    if named and number is not None:
        year = int(named[2]) + (2000 if len(named[2]) == 2 else 0)
        return parse_period(f"{year}-{number:02d}")
    if _SERIAL.match(stripped):
        days = int(float(stripped.replace(",", ".")))
        return parse_period(_EXCEL_EPOCH + timedelta(days=days))
    return parse_period(stripped)


@cache
def _month_names() -> dict[str, int]:
    """Month names and abbreviations in French and English, folded (no accent, no dot)."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for locale in ("fr", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                names[fold(name.strip("."))] = number
    names |= {"sept": 9, "juil": 7, "fevr": 2, "avr": 4, "janv": 1, "dec": 12}
    return names


def _month_number(word: str) -> int | None:
    return _month_names().get(fold(word.strip(". ")))
