"""The PAC workbook: the Excel template teams already keep, read into a plan.

One schema (`SHEETS`, `workbook_schema.py`) says which sheet holds which part of the plan and which column holds which
field, with its English and French headers; the template and the export (`render/workbook.py`)
write it, `read_workbook` reads it back. Reading is tolerant of what people do to templates: a
title above the table (merged or not), the header row anywhere in the first rows, columns in any
order, French or English headers, formulas (their values are read), dates typed as text or as
dates, amounts as "15 000 €", and extra columns, kept in the item's notes (or description).
Every value remembers its cell, so the plan's own validation points at `plan.xlsx:Actions!C12`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from ..catalog import msg
from ..model import PeriodError, parse_date_cell, parse_period
from .diagnostics import Code, Diagnostic, Position
from .sheets import cell_text
from .workbook_schema import SHEETS, Column, Sheet
from .xlsxguard import WorkbookTooLarge, check_workbook
from .yamlsource import DataPath, SourceMap

__all__ = ["Unreadable", "WorkbookRead", "read_workbook"]


def _fold(text: str) -> str:
    return " ".join(str(text).replace("\u00a0", " ").replace("\u202f", " ").strip().lower().split())


def _names(sheet: Sheet) -> dict[str, Column]:
    out: dict[str, Column] = {}
    for column in sheet.columns:
        for name in (column.en, column.fr, column.key):
            out.setdefault(_fold(name), column)
    return out


@dataclass
class WorkbookRead:
    """A PAC workbook read: the plan's data (as YAML would give it), where each value was, the
    results rows, and what could not be read."""

    data: dict[str, Any]
    smap: SourceMap
    results: list[tuple[dict[str, str], Position]]
    diagnostics: list[Diagnostic]
    language: str = "en"
    """The language of its sheet names (for messages when the plan does not say)."""


class _Cells:
    """A sheet's rows with their numbers, and the place of a cell."""

    def __init__(self, book: CalamineWorkbook, name: str, display: str):
        sheet = book.get_sheet_by_name(name)
        self.name, self.display = name, display
        self.first_row, self.first_column = sheet.start or (0, 0)
        self.rows = [(self.first_row + i + 1, row) for i, row in enumerate(sheet.iter_rows())]

    def at(self, row: int, index: int) -> Position:
        return Position(self.display, row, self.first_column + index + 1, sheet=self.name)


def read_workbook(path: Path, display: str) -> WorkbookRead:
    """The plan held by a PAC workbook (see `SHEETS`), without validating it."""
    smap = SourceMap()
    data: dict[str, Any] = {}
    diagnostics: list[Diagnostic] = []
    results: list[tuple[dict[str, str], Position]] = []
    try:
        check_workbook(path, display)  # before calamine allocates what the sheets say
        book = CalamineWorkbook.from_path(str(path))
    except WorkbookTooLarge as exc:
        raise Unreadable(exc.diagnostic) from None
    except Exception as exc:  # calamine raises its own types for every unreadable file
        raise Unreadable(
            Diagnostic(
                Position(display),
                Code.SYNTAX,
                msg("cannot read the workbook: {problem}", problem=str(exc).strip()),
            )
        ) from None
    smap.values[()] = Position(display)
    found = {_fold(n): n for n in book.sheet_names}
    french = sum(_fold(s.fr) in found and s.fr != s.en for s in SHEETS)
    english = sum(_fold(s.en) in found and s.fr != s.en for s in SHEETS)
    try:
        for sheet in SHEETS:
            name = found.get(_fold(sheet.en)) or found.get(_fold(sheet.fr))
            if name is None:
                continue
            cells = _Cells(book, name, display)
            if sheet.key == "plan":
                _read_fields(cells, sheet, data, smap, diagnostics)
            elif sheet.key == "results":
                results = list(_read_results(cells, sheet, diagnostics))
            else:
                _read_table(cells, sheet, data, smap, diagnostics)
    finally:
        book.close()
    return WorkbookRead(data, smap, results, diagnostics, "fr" if french > english else "en")


class Unreadable(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(str(diagnostic))


def _read_fields(
    cells: _Cells, sheet: Sheet, data: dict[str, Any], smap: SourceMap, out: list[Diagnostic]
) -> None:
    """The Plan sheet: a field's name in a column, its value in the next."""
    names = _names(sheet)
    for number, row in cells.rows:
        texts = [cell_text(c).strip() for c in row]
        for i, text in enumerate(texts):
            column = names.get(_fold(text)) if text else None
            if column is None or column.computed:
                continue
            value_index = next(
                (j for j in range(i + 1, len(row)) if cell_text(row[j]).strip()), None
            )
            if value_index is None:
                break
            value = _value(row[value_index], column)
            if value is not None:
                path = tuple(column.key.split("."))
                _put(data, path, value)
                smap.values[path] = cells.at(number, value_index)
            break


def _header(cells: _Cells, sheet: Sheet) -> tuple[int, dict[int, Column | str]] | None:
    """The header row (the first naming two known columns or more) and each column's meaning:
    a known column, or the header of an extra one."""
    names = _names(sheet)
    for position, (number, row) in enumerate(cells.rows[:30]):
        texts = [cell_text(c).strip() for c in row]
        known = [names.get(_fold(t)) for t in texts]
        if len([k for k in known if k is not None]) >= 2:
            meaning: dict[int, Column | str] = {}
            for i, (text, column) in enumerate(zip(texts, known, strict=True)):
                if column is not None:
                    meaning[i] = column
                elif text:
                    meaning[i] = text
            del position
            return number, meaning
    return None


def _items(
    cells: _Cells, sheet: Sheet
) -> Iterator[tuple[int, dict[str, tuple[Any, int]], list[tuple[str, str, int]]]]:
    """Each row under the header: known fields (value, column index) and extra cells."""
    found = _header(cells, sheet)
    if found is None:
        return
    header_row, meaning = found
    for number, row in cells.rows:
        if number <= header_row:
            continue
        fields: dict[str, tuple[Any, int]] = {}
        extra: list[tuple[str, str, int]] = []
        for i, cell in enumerate(row):
            if not cell_text(cell).strip():
                continue
            what = meaning.get(i)
            if isinstance(what, Column):
                if not what.computed:
                    fields[what.key] = (cell, i)
            elif isinstance(what, str):
                extra.append((what, cell_text(cell).strip(), i))
        if fields or extra:
            yield number, fields, extra


def _read_table(
    cells: _Cells, sheet: Sheet, data: dict[str, Any], smap: SourceMap, out: list[Diagnostic]
) -> None:
    columns = {c.key: c for c in sheet.columns}
    for number, fields, extra in _items(cells, sheet):
        item: dict[str, Any] = {}
        where: dict[DataPath, Position] = {}
        for key, (cell, index) in fields.items():
            column = columns[key]
            value = _value(cell, column)
            if value is None:
                continue
            path = tuple(key.split("."))
            _put(item, path, value)
            where[path] = cells.at(number, index)
        if extra:
            kept = "\n".join(f"{header}: {text}" for header, text, _ in extra)
            home = "notes" if sheet.key in {"actions", "reviews"} else "description"
            if any(c.key == home for c in sheet.columns):
                item[home] = f"{item[home]}\n\n{kept}" if home in item else kept
                where.setdefault((home,), cells.at(number, extra[0][2]))
            else:
                header, _, index = extra[0]
                out.append(
                    Diagnostic(
                        cells.at(number, index),
                        Code.SCHEMA,
                        msg(
                            "column '{column}' is not one of this sheet's: its values are not "
                            "imported",
                            column=header,
                        ),
                        severity="warning",
                    )
                )
        target, prefix = _place(sheet.key, item, data, out, cells.at(number, 0))
        if target is None:
            continue
        target.append(item)
        index = len(target) - 1
        smap.values[(*prefix, index)] = cells.at(number, 0)
        for inner, position in where.items():
            smap.values[(*prefix, index, *inner)] = position


def _place(
    key: str, item: dict[str, Any], data: dict[str, Any], out: list[Diagnostic], where: Position
) -> tuple[list[Any] | None, DataPath]:
    """The list an item goes in: the plan's, or a segment's axes, or an objective's key
    results."""
    if key == "axes":
        segment_id = item.pop("segment", None)
        segments = data.setdefault("segments", [])
        for i, segment in enumerate(segments):
            if segment.get("id") == segment_id:
                return segment.setdefault("axes", []), ("segments", i, "axes")
        out.append(
            Diagnostic(
                where,
                Code.REFERENCE,
                msg(
                    "axis '{axis}' names segment '{segment}', which is not on the Segments sheet",
                    axis=str(item.get("id", "?")),
                    segment=str(segment_id or ""),
                ),
            )
        )
        return None, ()
    if key == "objectives" and item.get("parent"):
        parent = item.pop("parent")
        objectives = data.setdefault("objectives", [])
        for i, objective in enumerate(objectives):
            if objective.get("id") == parent:
                for field in ("kind", "type", "description"):
                    item.pop(field, None)
                return objective.setdefault("key_results", []), ("objectives", i, "key_results")
        out.append(
            Diagnostic(
                where,
                Code.REFERENCE,
                msg("key result of '{parent}': no objective has this id", parent=str(parent)),
            )
        )
        return None, ()
    item.pop("parent", None)
    if key == "budget":
        return data.setdefault("budget", {}).setdefault("lines", []), ("budget", "lines")
    return data.setdefault(key, []), (key,)


def _read_results(
    cells: _Cells, sheet: Sheet, out: list[Diagnostic]
) -> Iterator[tuple[dict[str, str], Position]]:
    for number, fields, _ in _items(cells, sheet):
        row = {key: cell_text(cell).strip() for key, (cell, _) in fields.items()}
        yield row, cells.at(number, 0)


def _put(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


_SPLIT_IDS = re.compile(r"[,;\n]+")
_NEED = re.compile(r"\s+[—–-]\s+|\s*←\s*")
_DECISION = re.compile(r"^\s*([^:]+?)\s*:\s*(.+?)(?:\s+[—–-]\s+(.*))?\s*$")


def _lines(text: str) -> list[str]:
    return [line.strip().lstrip("•·-*").strip() for line in text.splitlines() if line.strip()]


def _value(cell: Any, column: Column) -> Any:
    """A cell as the plan's YAML would hold it; None for an empty cell."""
    text = cell_text(cell).strip()
    if not text:
        return None
    kind = column.kind
    if kind == "number":
        if isinstance(cell, int | float) and not isinstance(cell, bool):
            return int(cell) if float(cell).is_integer() else float(cell)
        return text  # "15 000 €": the model reads amounts as people write them
    if kind == "date":
        return _date(cell, text)
    if kind == "ids":
        return [part.strip() for part in _SPLIT_IDS.split(text) if part.strip()]
    if kind == "lines":
        if column.key.endswith("phasing"):
            return _phasing(text)
        return _lines(text)
    if kind == "needs":
        needs = []
        for line in _lines(text):
            parts = _NEED.split(line, maxsplit=1)
            need = {"info": parts[0].strip()}
            if len(parts) > 1 and parts[1].strip():
                need["from"] = parts[1].strip()
            needs.append(need)
        return needs
    if kind == "decisions":
        decisions = []
        for line in _lines(text):
            found = _DECISION.match(line)
            if found is None:
                decisions.append({"axis": line})  # validation says what is missing
                continue
            decision = {"axis": found[1], "decision": found[2]}
            if found[3]:
                decision["reason"] = found[3]
            decisions.append(decision)
        return decisions
    if kind == "markdown":
        return cell_text(cell)  # as typed: Markdown keeps its line breaks
    return column.code(text)


def _date(cell: Any, text: str) -> str:
    """A date cell as ISO; a period typed as text as it is (2025-Q1, 2025-T2, 2025), or a date
    written the French way (31/03/2025, juil-25) made ISO."""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer() and 1900 <= cell <= 2200:
        return str(int(cell))  # a year typed as a number
    try:
        return str(parse_period(text))
    except PeriodError:
        pass
    try:
        return str(parse_date_cell(text))
    except PeriodError:
        return text  # validation says what is wrong, at the cell


def _phasing(text: str) -> dict[str, Any] | str:
    out: dict[str, Any] = {}
    for line in _lines(text):
        period, _, amount = line.partition(":")
        if not amount.strip():
            return text
        out[_date(None, period.strip())] = amount.strip()
    return out
