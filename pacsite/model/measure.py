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

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return (
            f"{self.file}:{self.line}:{self.column}" if self.column else f"{self.file}:{self.line}"
        )


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
