"""Where a value was typed, and one result of a KPI: the plan's measured facts."""

from __future__ import annotations

from dataclasses import dataclass

from .periods import Period

__all__ = ["Measure", "Position"]


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file; line and column count from 1 (column 0: unknown)."""

    file: str
    line: int = 0
    column: int = 0
    sheet: str = ""
    """For a spreadsheet: the sheet; the place reads `file.xlsx:Sheet!C12`."""

    def __str__(self) -> str:
        if self.sheet:
            if not self.line:
                return f"{self.file}:{self.sheet}"
            return f"{self.file}:{self.sheet}!{column_letters(self.column)}{self.line}"
        if not self.line:
            return self.file
        return (
            f"{self.file}:{self.line}:{self.column}" if self.column else f"{self.file}:{self.line}"
        )


def column_letters(column: int) -> str:
    """A column number as spreadsheet letters (28 → AB); nothing when unknown (a whole row)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Measure:
    """One result: a KPI's value for a period, optionally for a segment, axis or action."""

    period: Period
    kpi: str
    value: float
    segment: str | None = None
    axis: str | None = None
    action: str | None = None
    note: str | None = None
    position: Position = Position("?")
