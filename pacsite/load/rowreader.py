"""What reading results rows needs in every format: resolving a row's date, value, KPI and
parts once per distinct text, the located errors, and opening a CSV file or a workbook's sheet.
The long formats (`results.py`) and the mapped CRM exports (`mapped.py`) stand on it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from ..catalog import Message, msg
from ..model import (
    Measure,
    NumberError,
    Period,
    PeriodError,
    Plan,
    ResultsSource,
    parse_date_cell,
    parse_number,
)
from ..text import fold
from .crossref import NONE_DEFINED, UNKNOWN
from .csvfile import CsvFormat, CsvReader
from .diagnostics import Code, Diagnostic, Position, display_path
from .schema_errors import close_matches
from .sheets import SheetReader

__all__ = [
    "WORKBOOK_FORMAT",
    "RowReader",
    "cell_text",
    "date_cell",
    "decimal_for",
    "folded",
    "open_table",
    "unusable",
]

MAX_ERRORS_PER_FILE = 50

_PARTS = ("kpi", "segment", "axis", "action")
# How many distinct value cells a reader remembers the number of (exports repeat values).
_REMEMBERED = 4096


@dataclass(frozen=True)
class _Parts:
    """What a row's KPI, segment, axis and action cells resolve to, or the problems found."""

    kpi: str | None
    segment: str | None
    axis: str | None
    action: str | None
    problems: tuple[Message, ...]


def cell_text(cell: object) -> str:
    """A cell as text without surrounding spaces ("" for an empty one)."""
    return cell.strip() if type(cell) is str else str(cell or "").strip()


@lru_cache(maxsize=4096)
def folded(text: str) -> str:
    return fold(text)  # cached: export cells repeat the same few values


class RowReader:
    """Reads the results of one plan, collecting measures and located errors."""

    def __init__(self, plan: Plan, base: Path | None):
        self.plan = plan
        self.base = base
        self.measures: list[Measure] = []
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.notes: list[Diagnostic] = []
        self.kpis = {k.id for k in plan.kpis}
        self.segments = {s.id: s.id for s in plan.segments} | {
            folded(s.name): s.id for s in plan.segments
        }
        self.axes = {a.id for s in plan.segments for a in s.axes}
        self.actions = {a.id for a in plan.actions}
        # rows repeat the same few KPIs, parts and dates: each resolved once
        self._parts: dict[tuple[Any, Any, Any, Any], _Parts] = {}
        self._dates: dict[str, tuple[Period | None, tuple[Message, ...]]] = {}
        # value cells as typed → their number, per decimal convention (a bounded number)
        self._numbers: dict[str | None, dict[str, float]] = {",": {}, ".": {}, None: {}}

    def display(self, path: Path) -> str:
        return display_path(path, self.base)

    def fail(self, position: Position, message: str, code: Code = Code.RESULTS) -> None:
        self.errors.append(Diagnostic(position, code, message))

    def skip(self, position: Position, column: str, raw: str) -> None:
        """An empty cell or a spreadsheet error (`#N/A`, `#DIV/0!`): a warning, the row is
        left out and the build goes on (`--strict` fails on it)."""
        text = raw.strip()
        message = (
            msg("column '{column}': empty: the row is left out", column=column)
            if not text
            else msg(
                "column '{column}': '{text}' is a spreadsheet error: the row is left out",
                column=column,
                text=text,
            )
        )
        self.warnings.append(Diagnostic(position, Code.RESULT_SKIPPED, message, severity="warning"))

    def stopped(self, errors_before: int, display: str) -> bool:
        """Whether a file has given too many errors since `errors_before` (then said, once)."""
        if len(self.errors) - errors_before < MAX_ERRORS_PER_FILE:
            return False
        self.fail(
            Position(display),
            msg(
                "more than {count} errors: stopped reading this file",
                count=MAX_ERRORS_PER_FILE,
            ),
        )
        return True

    def far(self, column: str, period: Period) -> Message | None:
        """A result dated more than ten years before the plan or a year after it is a typing
        mistake (9999-12-31) that would move the plan's as-of date: refused."""
        plan = self.plan.period
        if plan.first.year - 10 <= period.first.year and period.last.year <= plan.last.year + 1:
            return None
        return msg(
            "column '{column}': {date} is far from the plan's period ({first} – {last})",
            column=column,
            date=period.label,
            first=str(plan.first),
            last=str(plan.last),
        )

    @staticmethod
    def reference(
        value: str, known: set[str] | dict[str, str], what: str
    ) -> tuple[str | None, Message | str]:
        """The id a cell refers to, or None and the reason."""
        if isinstance(known, dict):
            found = known.get(value) or known.get(folded(value))
            if found:
                return found, ""
            choices = sorted(set(known.values()))
        else:
            if value in known:
                return value, ""
            choices = sorted(known)
        hint = close_matches(value, choices)
        suggestion = msg(" Did you mean '{id}'?", id=hint[0]) if hint else ""
        if not choices:
            return None, msg(NONE_DEFINED[what], value=value)
        return None, msg(
            UNKNOWN[what], value=value, suggestion=suggestion, known=", ".join(choices)
        )

    def _record(
        self, where: Position, cell: dict[str, Any], decimal: Literal[",", "."] | None
    ) -> None:
        """One row: a measure, or its problems reported at `where`. Rows repeat the same few
        dates, KPIs and parts: each distinct one is read and checked once (`_dated`,
        `_resolve`)."""
        raw_date = cell["date"]
        if type(raw_date) is str:
            dated = self._dates.get(raw_date)
            if dated is None:
                dated = self._dates[raw_date] = self._dated(raw_date)
        else:
            dated = self._dated(raw_date)
        period, problems = dated
        raw_value = cell.get("value")
        numbers = self._numbers[decimal]
        value: float | None = numbers.get(raw_value) if type(raw_value) is str else None
        if value is not None:
            pass  # a text read before, in this file's decimal convention
        elif (
            isinstance(raw_value, int | float)
            and not isinstance(raw_value, bool)
            and math.isfinite(raw_value)
        ):
            value = float(raw_value)
        else:
            try:
                value = parse_number(str(raw_value or ""), decimal)
                if type(raw_value) is str and len(numbers) < _REMEMBERED:
                    numbers[raw_value] = value
            except NumberError:
                if unusable(raw_value):
                    self.skip(where, "value", str(raw_value or ""))
                    return
                value = None
                problems += (
                    msg(
                        "column '{column}': cannot read '{text}' as a number",
                        column="value",
                        text=str(raw_value or ""),
                    ),
                )
        cells = (cell.get("kpi"), cell.get("segment"), cell.get("axis"), cell.get("action"))
        parts = self._parts.get(cells)
        if parts is None:
            parts = self._parts_of(cells)
        problems += parts.problems
        if problems:
            for problem in problems:
                self.fail(where, problem)
            return
        assert period is not None and value is not None and parts.kpi is not None
        raw_note = cell.get("note")
        note = (cell_text(raw_note) or None) if raw_note else None
        self.measures.append(
            Measure(period, parts.kpi, value, parts.segment, parts.axis, parts.action, note, where)
        )

    def _parts_of(self, cells: tuple[Any, Any, Any, Any]) -> _Parts:
        """What a row's KPI, segment, axis and action cells resolve to, resolved once per
        distinct text; the cells as found are remembered too when they are all text (other
        values that compare equal, 1 and True, may not read the same)."""
        texts = (cell_text(cells[0]), cell_text(cells[1]), cell_text(cells[2]), cell_text(cells[3]))
        parts = self._parts.get(texts)
        if parts is None:
            parts = self._parts[texts] = self._resolve(texts)
        if all(c is None or type(c) is str for c in cells):
            self._parts[cells] = parts
        return parts

    def _dated(self, raw: object) -> tuple[Period | None, tuple[Message, ...]]:
        """The period of a date cell, or what is wrong with it (unreadable, or too far from
        the plan's period)."""
        try:
            period = raw if isinstance(raw, Period) else date_cell(str(raw).strip())
        except PeriodError as exc:
            return None, (msg("column '{column}': {problem}", column="date", problem=exc.args[0]),)
        too_far = self.far("date", period)
        return period, (too_far,) if too_far is not None else ()

    def _resolve(self, texts: tuple[str, str, str, str]) -> _Parts:
        """The KPI, segment, axis and action a row's cells name, or what is wrong with them."""
        refs: dict[str, str | None] = {}
        problems: list[Message] = []
        known_ids: tuple[set[str] | dict[str, str], ...] = (
            self.kpis,
            self.segments,
            self.axes,
            self.actions,
        )
        for role, text, known, what in zip(
            _PARTS,
            texts,
            known_ids,
            ("KPI", "segment", "axis", "action"),
            strict=True,
        ):
            if not text:
                refs[role] = None
                if role == "kpi":
                    problems.append(msg("column '{column}': empty", column="kpi"))
                continue
            refs[role], reason = self.reference(text, known, what)
            if refs[role] is None:
                problems.append(msg("column '{column}': {problem}", column=role, problem=reason))
        if problems:
            return _Parts(None, None, None, None, tuple(problems))
        segment, axis = self.scope(refs["segment"], refs["axis"], refs["action"])
        return _Parts(refs["kpi"], segment, axis, refs["action"], ())

    def scope(
        self, segment: str | None, axis: str | None, action_id: str | None
    ) -> tuple[str | None, str | None]:
        """Complete a row's segment and axis from its action or axis, which imply them."""
        if action_id is not None:
            action = self.plan.action(action_id)
            segment = segment or (action.segment if action else None)
            axis = axis or (action.axis if action else None)
        if axis is not None and segment is None:
            owners = self.plan.segments_of_axis(axis)
            segment = owners[0] if len(owners) == 1 else None
        return segment, axis


# What spreadsheets write in a cell they could not compute, in English and French.
_SPREADSHEET_ERRORS = frozenset(
    {
        "#N/A", "#N/D", "#DIV/0!", "#VALUE!", "#VALEUR!", "#REF!", "#NAME?", "#NOM?",
        "#NUM!", "#NOMBRE!", "#NULL!", "#NUL!", "#SPILL!", "#CALC!", "#GETTING_DATA",
    }
)  # fmt: skip


def unusable(raw: object) -> bool:
    """An empty value cell or a spreadsheet error value."""
    if raw is None:
        return True
    text = str(raw).strip()
    return not text or text.upper() in _SPREADSHEET_ERRORS


@lru_cache(maxsize=8192)
def date_cell(text: str) -> Period:
    return parse_date_cell(text)


WORKBOOK_FORMAT = CsvFormat("", "")
"""The format of a workbook: its numbers are numbers (a dot once made text)."""


def open_table(
    path: Path,
    display: str,
    fmt: CsvFormat,
    source: ResultsSource | None,
    wanted: Sequence[str],
) -> CsvReader | SheetReader:
    """The table of a results file: a CSV file, or a sheet of a workbook."""
    if fmt is WORKBOOK_FORMAT:
        sheet = source.sheet if source else None
        header_row = source.header_row if source else None
        return SheetReader(path, display, sheet, wanted, header_row)
    return CsvReader(path, display, fmt)


def decimal_for(fmt: CsvFormat) -> Literal[",", "."] | None:
    if fmt is WORKBOOK_FORMAT:
        return "."
    # Excel writes `;` where the decimal mark is a comma (French, German...).
    return "," if fmt.delimiter in {";", "\t"} else "."
