"""Read spreadsheets (.xlsx, .xlsm, .xls, .ods) as CRMs and people really make them.

python-calamine (Rust) reads every format with the values Excel cached for formulas, real dates
for date cells, and the merged ranges; a sheet is read row by row. A table may start below a
title (merged or not) and blank rows: its header is the first row that names the columns looked
for (else the first row with two cells or more).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from python_calamine import CalamineSheet, CalamineWorkbook

from ..catalog import msg
from ..model.measure import column_letters
from .csvfile import CsvError, CsvRow
from .diagnostics import Code, Diagnostic, Position

__all__ = ["WORKBOOK_SUFFIXES", "SheetReader", "cell_name", "cell_text", "column_letters"]

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
_HEADER_SCAN = 30  # rows looked at for the header


def cell_name(row: int, column: int) -> str:
    """`C12` for row 12, column 3 (both from 1)."""
    return f"{column_letters(column)}{row}"


def cell_text(value: Any) -> str:
    """A cell as the text the CSV readers parse: dates in ISO, numbers with a dot, no `.0`
    on whole numbers, nothing for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def _fold(text: str) -> str:
    return " ".join(text.strip().lower().split())


class SheetReader:
    """One sheet of a workbook opened for reading row by row, like `CsvReader`: `header`, and
    `rows()` of `CsvRow` whose `line` is the sheet's row number; `position()` names a cell.

    Args:
        sheet: the sheet's name or 1-based number (default: the first sheet).
        wanted: column names to find the header row by (folded for comparison).
        header_row: the header's row number, when the user says where it is.

    Raises:
        CsvError: the file is not a workbook, the sheet does not exist, or it has no header.
    """

    def __init__(
        self,
        path: Path,
        display: str,
        sheet: str | int | None = None,
        wanted: Sequence[str] = (),
        header_row: int | None = None,
    ):
        self.display = display
        try:
            self.book = CalamineWorkbook.from_path(str(path))
        except Exception as exc:  # calamine raises its own types for every unreadable file
            raise CsvError(
                Diagnostic(
                    Position(display),
                    Code.SYNTAX,
                    msg("cannot read the workbook: {problem}", problem=str(exc).strip()),
                )
            ) from None
        names = list(self.book.sheet_names)
        self.sheet_name = self._choose(names, sheet)
        try:
            found: CalamineSheet = self.book.get_sheet_by_name(self.sheet_name)
        except Exception as exc:
            raise CsvError(
                Diagnostic(
                    Position(display),
                    Code.SYNTAX,
                    msg(
                        "cannot read sheet '{sheet}': {problem}",
                        sheet=self.sheet_name,
                        problem=str(exc),
                    ),
                )
            ) from None
        self.first_row, self.first_column = found.start or (0, 0)
        self._rows = found.iter_rows()
        self._row = self.first_row  # 0-based index of the next row to read
        self.header, self._columns = self._find_header({_fold(w) for w in wanted if w}, header_row)

    def _choose(self, names: list[str], sheet: str | int | None) -> str:
        if not names:
            raise CsvError(
                Diagnostic(Position(self.display), Code.RESULTS, msg("the workbook has no sheet"))
            )
        if sheet is None:
            return names[0]
        if isinstance(sheet, int) or (isinstance(sheet, str) and sheet.isdigit()):
            number = int(sheet)
            if 1 <= number <= len(names):
                return names[number - 1]
        else:
            folded = {_fold(n): n for n in names}
            if _fold(sheet) in folded:
                return folded[_fold(sheet)]
        raise CsvError(
            Diagnostic(
                Position(self.display),
                Code.RESULTS,
                msg(
                    "sheet '{sheet}' not found: the workbook has {sheets}",
                    sheet=str(sheet),
                    sheets=", ".join(names),
                ),
            )
        )

    def _next(self) -> tuple[int, list[Any]] | None:
        try:
            cells = next(self._rows)
        except StopIteration:
            return None
        self._row += 1
        return self._row, cells  # 1-based row number

    def _find_header(self, wanted: set[str], header_row: int | None) -> tuple[list[str], list[int]]:
        seen: list[tuple[int, list[Any]]] = []
        best: tuple[int, list[Any]] | None = None
        while len(seen) < _HEADER_SCAN:
            item = self._next()
            if item is None:
                break
            number, cells = item
            seen.append(item)
            texts = [_fold(cell_text(c)) for c in cells]
            if header_row is not None:
                if number == header_row:
                    best = item
                    break
                continue
            if wanted and len(wanted & set(texts)) == len(wanted):
                best = item
                break
            if best is None and len([t for t in texts if t]) >= 2 and not wanted:
                best = item
                break
        if best is None and wanted and seen:
            # the row naming most of the wanted columns, else the first with two cells or more
            scored = [
                (len(wanted & {_fold(cell_text(c)) for c in cells}), n, cells) for n, cells in seen
            ]
            top = max(scored, key=lambda s: (s[0], -s[1]))
            if top[0]:
                best = (top[1], top[2])
            else:
                best = next(
                    ((n, c) for n, c in seen if len([x for x in c if cell_text(x).strip()]) >= 2),
                    None,
                )
        if best is None:
            raise CsvError(
                Diagnostic(
                    Position(self.display, sheet=self.sheet_name),
                    Code.RESULTS,
                    msg("no header row found in sheet '{sheet}'", sheet=self.sheet_name),
                )
            )
        number, cells = best
        self._pending = [item for item in seen if item[0] > number]
        header, columns = [], []
        for i, cell in enumerate(cells):
            name = cell_text(cell).strip()
            if name:
                header.append(name)
                columns.append(self.first_column + i + 1)
        self.header_line = number
        return header, columns

    def position(self, line: int, column: str | None = None) -> Position:
        """Where a row (and a cell of it, by column name) is: `file.xlsx:Sheet!C12`."""
        index = 0
        if column is not None and column in self.header:
            index = self._columns[self.header.index(column)]
        return Position(self.display, line, index, sheet=self.sheet_name)

    def __enter__(self) -> SheetReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.book.close()

    def rows(self) -> Iterator[CsvRow]:
        """The rows after the header, as text; blank rows are skipped."""
        offsets = [c - self.first_column - 1 for c in self._columns]

        def records() -> Iterator[tuple[int, list[Any]]]:
            yield from self._pending
            while (item := self._next()) is not None:
                yield item

        for number, cells in records():
            texts = [cell_text(cells[o]) if o < len(cells) else "" for o in offsets]
            if not any(t.strip() for t in texts):
                continue
            yield CsvRow(number, dict(zip(self.header, texts, strict=True)))
