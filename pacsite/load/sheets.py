"""Read spreadsheets (.xlsx, .xlsm, .xls, .ods) as CRMs and people really make them.

python-calamine (Rust) reads every format fast, with the values Excel cached for formulas and
real dates for date cells; but it holds the whole sheet in memory (a 36 MB export: 670 MB). An
.xlsx above `STREAM_ABOVE` bytes is therefore streamed with openpyxl's read-only mode instead
(121 MB for the same file, five times slower): memory stays bounded by the file's distinct texts.
A table may start below a title (merged or not) and blank rows: its header is the first row that
names the columns looked for (else the first row with two cells or more).
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
from .xlsxguard import WorkbookTooLarge, check_workbook

__all__ = ["WORKBOOK_SUFFIXES", "SheetReader", "cell_name", "cell_text", "column_letters"]

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
STREAM_ABOVE = 8 * 1024 * 1024
"""An .xlsx or .xlsm larger than this (bytes) is streamed (openpyxl), not loaded (calamine)."""
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
        self._close: Any = None
        streamed = path.suffix.lower() in {".xlsx", ".xlsm"} and path.stat().st_size > STREAM_ABOVE
        try:
            check_workbook(path, display)  # before any reader allocates what it says
            if streamed:
                self._open_streamed(path, sheet)
            else:
                self._open_loaded(path, sheet)
        except CsvError:
            raise
        except WorkbookTooLarge as exc:
            raise CsvError(exc.diagnostic) from None
        except Exception as exc:  # each library raises its own types for an unreadable file
            raise CsvError(
                Diagnostic(
                    Position(display),
                    Code.SYNTAX,
                    msg("cannot read the workbook: {problem}", problem=str(exc).strip()),
                )
            ) from None
        self._row = self.first_row  # 0-based index of the next row to read
        self.header, self._columns = self._find_header({_fold(w) for w in wanted if w}, header_row)

    def _open_loaded(self, path: Path, sheet: str | int | None) -> None:
        book = CalamineWorkbook.from_path(str(path))
        self._close = book.close
        self.sheet_name = self._choose(list(book.sheet_names), sheet)
        found: CalamineSheet = book.get_sheet_by_name(self.sheet_name)
        self.first_row, self.first_column = found.start or (0, 0)
        self._rows: Iterator[Sequence[Any]] = iter(found.iter_rows())

    def _open_streamed(self, path: Path, sheet: str | int | None) -> None:
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        self._close = book.close
        self.sheet_name = self._choose(list(book.sheetnames), sheet)
        self.first_row, self.first_column = 0, 0
        self._rows = book[self.sheet_name].iter_rows(values_only=True)

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

    def _next(self) -> tuple[int, Sequence[Any]] | None:
        try:
            cells = next(self._rows)
        except StopIteration:
            return None
        self._row += 1
        return self._row, cells  # 1-based row number

    def _find_header(self, wanted: set[str], header_row: int | None) -> tuple[list[str], list[int]]:
        seen: list[tuple[int, Sequence[Any]]] = []
        best: tuple[int, Sequence[Any]] | None = None
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
        if self._close is not None:
            self._close()

    def rows(self) -> Iterator[CsvRow]:
        """The rows after the header, as text; blank rows are skipped."""
        offsets = [c - self.first_column - 1 for c in self._columns]

        def records() -> Iterator[tuple[int, Sequence[Any]]]:
            yield from self._pending
            while (item := self._next()) is not None:
                yield item

        for number, cells in records():
            texts = [cell_text(cells[o]) if o < len(cells) else "" for o in offsets]
            if not any(t.strip() for t in texts):
                continue
            yield CsvRow(number, dict(zip(self.header, texts, strict=True)))
