"""KPI results: long-format CSV/YAML files and mapped CRM exports, read into `Measure`s.

Every row is either read or reported (`file:LINE: column 'value': ...`): never silently skipped.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from ..catalog import N_, Figure, Message, msg
from ..model import (
    Measure,
    NumberError,
    Period,
    PeriodError,
    Plan,
    ResultsSource,
    parse_date_cell,
    parse_number,
    parse_period,
)
from ..text import fold
from .crossref import NONE_DEFINED, UNKNOWN
from .csvfile import CsvError, CsvFormat, CsvReader, CsvRow, detect_format
from .diagnostics import Code, Diagnostic, Position, display_path
from .files import inside
from .schema_errors import close_matches
from .sheets import WORKBOOK_SUFFIXES, SheetReader
from .yamlsource import Limits, SourceError, read_yaml

__all__ = ["Measure", "load_results"]

_MAX_ERRORS_PER_FILE = 50

# Column names people use, folded (lower case, no accents), for the long format.
_COLUMNS = {
    "date": {"date", "periode", "period", "mois", "month", "semaine", "week", "jour", "day"},
    "kpi": {"kpi", "indicateur", "indicator", "metric", "mesure"},
    "value": {"value", "valeur", "montant", "amount", "realise", "actual", "resultat"},
    "segment": {"segment"},
    "axis": {"axis", "axe"},
    "action": {"action"},
    "note": {"note", "notes", "commentaire", "comment", "remarque"},
}


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


def _text(cell: object) -> str:
    """A cell as text without surrounding spaces ("" for an empty one)."""
    return cell.strip() if type(cell) is str else str(cell or "").strip()


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    return fold(text)  # cached: export cells repeat the same few values


class _Reader:
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
            _fold(s.name): s.id for s in plan.segments
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
            found = known.get(value) or known.get(_fold(value))
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

    # Long format -------------------------------------------------------------------------

    def long_csv(self, path: Path, source: ResultsSource | None = None) -> None:
        display = self.display(path)
        try:
            fmt = (
                _WORKBOOK
                if path.suffix.lower() in WORKBOOK_SUFFIXES
                else detect_format(
                    path,
                    display,
                    source.delimiter if source else None,
                    source.encoding if source else None,
                )
            )
            with _open(path, display, fmt, source, _LONG_HEADERS) as csv_file:
                columns = self._long_columns(csv_file.header, display)
                if columns is None:
                    return
                decimal = (source.decimal if source else None) or _decimal_for(fmt)
                renamed = {_fold(k): v for k, v in source.values.items()} if source else {}
                errors_before = len(self.errors)
                for row in csv_file.rows():
                    self._long_row(row, columns, csv_file, decimal, renamed)
                    if len(self.errors) - errors_before >= _MAX_ERRORS_PER_FILE:
                        self.fail(
                            Position(display),
                            msg(
                                "more than {count} errors: stopped reading this file",
                                count=_MAX_ERRORS_PER_FILE,
                            ),
                        )
                        return
        except CsvError as exc:
            self.errors.append(exc.diagnostic)

    def _long_columns(self, header: list[str], display: str) -> dict[str, str] | None:
        columns: dict[str, str] = {}
        for name in header:
            for role, aliases in _COLUMNS.items():
                if _fold(name) in aliases and role not in columns:
                    columns[role] = name
        missing = [role for role in ("date", "kpi", "value") if role not in columns]
        if missing:
            self.fail(
                Position(display, 1),
                msg(
                    "missing columns {missing}: a results file has the columns date, kpi, value "
                    "(and optionally segment, axis, action, note); found {header}. For another "
                    "shape, map it in the plan's `results:`",
                    missing=", ".join(missing),
                    header=", ".join(header),
                ),
            )
            return None
        return columns

    def _long_row(
        self,
        row: CsvRow,
        columns: dict[str, str],
        table: CsvReader | SheetReader,
        decimal: Literal[",", "."] | None,
        renamed: dict[str, str] | None = None,
    ) -> None:
        get = row.cells.get
        cells = {role: get(name, "") for role, name in columns.items()}
        if renamed:  # what the export calls a KPI, a segment or an axis → the plan's id
            for role in ("kpi", "segment", "axis"):
                text = cells.get(role)
                if text:
                    cells[role] = renamed.get(_fold(text), text)
        self._record(table.position(row.line), cells, decimal)

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
                if _unusable(raw_value):
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
        note = (_text(raw_note) or None) if raw_note else None
        self.measures.append(
            Measure(period, parts.kpi, value, parts.segment, parts.axis, parts.action, note, where)
        )

    def _parts_of(self, cells: tuple[Any, Any, Any, Any]) -> _Parts:
        """What a row's KPI, segment, axis and action cells resolve to, resolved once per
        distinct text; the cells as found are remembered too when they are all text (other
        values that compare equal, 1 and True, may not read the same)."""
        texts = (_text(cells[0]), _text(cells[1]), _text(cells[2]), _text(cells[3]))
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
            period = raw if isinstance(raw, Period) else _cached_date_cell(str(raw).strip())
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

    def long_yaml(self, path: Path) -> None:
        display = self.display(path)
        try:
            data, smap = read_yaml(path, display, Limits())
        except SourceError as exc:
            self.errors.extend(exc.diagnostics)
            return
        if data is None:
            return
        if not isinstance(data, list):
            self.fail(
                smap.locate(()), "a YAML results file is a list of {date, kpi, value} records"
            )
            return
        for i, item in enumerate(data):
            where = smap.locate((i,))
            if not isinstance(item, dict):
                self.fail(where, msg("expected a record {{date, kpi, value, segment, axis, note}}"))
                continue
            unknown = set(item) - set(_COLUMNS)
            if unknown:
                self.fail(
                    where,
                    msg(
                        "unknown keys {keys}: use {known}",
                        keys=", ".join(map(str, sorted(unknown))),
                        known=", ".join(_COLUMNS),
                    ),
                )
                continue
            cell = dict(item)
            if "date" in cell and not isinstance(cell["date"], str):
                try:
                    cell["date"] = parse_period(cell["date"])
                except PeriodError:
                    cell["date"] = str(cell["date"])
            cell.setdefault("date", "")
            self._record(where, cell, None)

    # Mapped exports ----------------------------------------------------------------------

    def mapped_csv(self, path: Path, source: ResultsSource, where: Position) -> None:
        display = self.display(path)
        try:
            fmt = (
                _WORKBOOK
                if path.suffix.lower() in WORKBOOK_SUFFIXES
                else detect_format(path, display, source.delimiter, source.encoding)
            )
            named = [
                source.date_column,
                source.value_column,
                source.segment_column,
                source.axis_column,
            ]
            headers = [name for name in named if name]
            with _open(path, display, fmt, source, headers) as csv_file:
                header = csv_file.header
                lookup = {_fold(h): h for h in header}
                wanted = {
                    "date_column": source.date_column,
                    "value_column": source.value_column,
                    "segment_column": source.segment_column,
                    "axis_column": source.axis_column,
                }
                wanted |= {f"filter on '{k}'": k for k in source.filter}
                missing = [
                    f"{role} '{name}'"
                    for role, name in wanted.items()
                    if name and _fold(name) not in lookup
                ]
                if missing:
                    self.fail(
                        csv_file.position(getattr(csv_file, "header_line", 1)),
                        msg(
                            "column not found: {missing}. Columns: {header}",
                            missing=", ".join(missing),
                            header=", ".join(header),
                        ),
                    )
                    return
                decimal = source.decimal or _decimal_for(fmt)
                self._mapped_rows(csv_file.rows(), source, lookup, csv_file, decimal)
        except CsvError as exc:
            self.errors.append(exc.diagnostic)

    def _mapped_rows(
        self,
        rows: Iterator[CsvRow],
        source: ResultsSource,
        lookup: dict[str, str],
        table: CsvReader | SheetReader,
        decimal: Literal[",", "."] | None,
    ) -> None:
        display = table.display

        def col(name: str | None) -> str | None:
            return lookup[_fold(name)] if name else None

        filters = {
            col(k): {_fold(v)} if isinstance(v, str) else {_fold(x) for x in v}
            for k, v in source.filter.items()
        }
        date_col, value_col = col(source.date_column), col(source.value_column)
        segment_col, axis_col = col(source.segment_column), col(source.axis_column)
        # Aggregated per (day, segment, axis) while streaming: memory grows with days, not rows.
        groups: dict[tuple[Period, str | None, str | None], list[float]] = {}
        first_line: dict[tuple[Period, str | None, str | None], int] = {}
        errors_before = len(self.errors)
        renamed = {_fold(k): v for k, v in source.values.items()}
        # values of the segment and axis columns that name nothing: said once per column
        unknown: dict[str, dict[str, int]] = {}
        unknown_at: dict[str, Position] = {}
        # rows without a date at the bottom of an export (totals), until a dated row follows
        undated: list[tuple[CsvRow, PeriodError]] = []
        for row in rows:
            if any(
                _fold(row.cells.get(c or "", "")) not in allowed for c, allowed in filters.items()
            ):
                continue
            where = table.position(row.line)
            try:
                period = _date(row.cells.get(date_col or "", ""), source.date_format)
            except PeriodError as exc:
                if _total_row(row.cells.get(date_col or "", "")):
                    undated.append((row, exc))  # a total, if nothing dated follows
                    continue
                self.fail(
                    table.position(row.line, date_col),
                    msg("column '{column}': {problem}", column=date_col, problem=exc.args[0]),
                )
                continue
            for earlier, problem in undated:  # a dated row follows: they were no totals
                self.fail(
                    table.position(earlier.line, date_col),
                    msg("column '{column}': {problem}", column=date_col, problem=problem.args[0]),
                )
            undated.clear()
            if (too_far := self.far(date_col or "date", period)) is not None:
                self.fail(where, too_far)
                continue
            value = 1.0
            if value_col:
                raw = row.cells.get(value_col, "")
                if _unusable(raw):
                    self.skip(table.position(row.line, value_col), value_col, raw)
                    continue
                try:
                    value = parse_number(raw, decimal)
                except NumberError:
                    self.fail(
                        table.position(row.line, value_col),
                        msg(
                            "column '{column}': cannot read '{text}' as a number",
                            column=value_col,
                            text=raw,
                        ),
                    )
                    continue
            segment = axis = None
            named: dict[str, str | None] = {}
            for column, known, what in (
                (segment_col, self.segments, "segment"),
                (axis_col, self.axes, "axis"),
            ):
                text = row.cells.get(column, "").strip() if column else ""
                if not column or not text:
                    continue
                text = renamed.get(_fold(text), text)  # what the CRM calls it → the plan's id
                found, _ = self.reference(text, known, what)
                if found is None:
                    seen = unknown.setdefault(column, {})
                    seen[text] = seen.get(text, 0) + 1
                    unknown_at.setdefault(column, where)
                named[what] = found
            if any(v is None for v in named.values()):
                continue
            segment, axis = named.get("segment"), named.get("axis")
            key = (period, segment, axis)
            groups.setdefault(key, []).append(value)
            first_line.setdefault(key, row.line)
            if len(self.errors) - errors_before >= _MAX_ERRORS_PER_FILE:
                self.fail(
                    Position(display),
                    msg(
                        "more than {count} errors: stopped reading this file",
                        count=_MAX_ERRORS_PER_FILE,
                    ),
                )
                return
        for column, seen in unknown.items():
            ids = set(self.segments.values()) if column == segment_col else self.axes
            known_ids = sorted(ids)
            what = "segment" if column == segment_col else "axis"
            listed = ", ".join(f"'{v}' ({n})" for v, n in sorted(seen.items(), key=lambda i: -i[1]))
            self.fail(
                unknown_at[column],
                msg(
                    N_UNMAPPED[what],
                    column=column,
                    count=Figure(sum(seen.values())),
                    values=listed,
                    known=", ".join(known_ids) or "—",
                    example=next(iter(seen)),
                ),
            )
        for row, _ in undated:  # at the bottom, without a date: a total the CRM adds
            self.notes.append(
                Diagnostic(
                    table.position(row.line, date_col),
                    Code.RESULT_SKIPPED,
                    msg(
                        "a row without a date at the bottom of the export ('{text}'): read as "
                        "a total and left out",
                        text=row.cells.get(date_col or "", "").strip() or "—",
                    ),
                    severity="info",
                )
            )
        assert source.kpi is not None
        for (period, segment, axis), values in groups.items():
            total = _aggregate(values, source.aggregate)
            position = table.position(first_line[(period, segment, axis)])
            segment, axis = self.scope(segment, axis, None)
            self.measures.append(
                Measure(period, source.kpi, total, segment, axis, None, None, position)
            )


N_UNMAPPED = {
    "segment": N_(
        "column '{column}': {count} rows name no segment of the plan: {values}. Segments: "
        "{known}. Map the export's names in the results entry: values: {{'{example}': <segment>}}"
    ),
    "axis": N_(
        "column '{column}': {count} rows name no axis of the plan: {values}. Axes: {known}. "
        "Map the export's names in the results entry: values: {{'{example}': <axis>}}"
    ),
}
_TOTALS = frozenset(
    {"", "total", "totaux", "totals", "sous-total", "sous total", "subtotal", "sub-total",
     "grand total", "total general", "total général", "somme", "sum", "ensemble"}
)  # fmt: skip


def _total_row(date_cell: str) -> bool:
    """A row whose date cell is empty or says total: maybe the export's total, when nothing
    dated comes after it."""
    text = _fold(date_cell).rstrip(" :")
    return text in _TOTALS or text.startswith(("total ", "sous-total ", "subtotal "))


def _date(text: str, date_format: str | None) -> Period:
    if date_format is None:
        # CRM exports repeat the same days with different times: cache on the day part.
        return _cached_date_cell(text.strip()[:10] if len(text) > 10 and text[4:5] == "-" else text)
    try:
        return Period.day(datetime.strptime(text.strip(), date_format).date())
    except ValueError:
        raise PeriodError(
            msg("'{text}' does not match the date format '{format}'", text=text, format=date_format)
        ) from None


# What spreadsheets write in a cell they could not compute, in English and French.
_SPREADSHEET_ERRORS = frozenset(
    {
        "#N/A", "#N/D", "#DIV/0!", "#VALUE!", "#VALEUR!", "#REF!", "#NAME?", "#NOM?",
        "#NUM!", "#NOMBRE!", "#NULL!", "#NUL!", "#SPILL!", "#CALC!", "#GETTING_DATA",
    }
)  # fmt: skip


def _unusable(raw: object) -> bool:
    """An empty value cell or a spreadsheet error value."""
    if raw is None:
        return True
    text = str(raw).strip()
    return not text or text.upper() in _SPREADSHEET_ERRORS


@lru_cache(maxsize=8192)
def _cached_date_cell(text: str) -> Period:
    return parse_date_cell(text)


def _aggregate(values: list[float], how: str) -> float:
    if how == "count":
        return float(len(values))
    if how == "mean":
        return sum(values) / len(values)
    if how == "last":
        return values[-1]
    return sum(values)


_WORKBOOK = CsvFormat("", "")
"""The format of a workbook: its numbers are numbers (a dot once made text)."""
_LONG_HEADERS = ("date", "kpi", "value")


def _open(
    path: Path,
    display: str,
    fmt: CsvFormat,
    source: ResultsSource | None,
    wanted: Sequence[str],
) -> CsvReader | SheetReader:
    """The table of a results file: a CSV file, or a sheet of a workbook."""
    if fmt is _WORKBOOK:
        sheet = source.sheet if source else None
        header_row = source.header_row if source else None
        return SheetReader(path, display, sheet, wanted, header_row)
    return CsvReader(path, display, fmt)


def _decimal_for(fmt: CsvFormat) -> Literal[",", "."] | None:
    if fmt is _WORKBOOK:
        return "."
    # Excel writes `;` where the decimal mark is a comma (French, German...).
    return "," if fmt.delimiter in {";", "\t"} else "."


def load_results(
    plan: Plan,
    folder: Path,
    results_dir: Path | None,
    smap_position: dict[int, Position],
    base: Path | None = None,
) -> tuple[list[Measure], list[Diagnostic]]:
    """Read every results file of a plan.

    Args:
        plan: the validated plan (ids of KPIs, segments, axes and actions are checked).
        folder: the folder `results:` paths are relative to.
        results_dir: the plan's `results/` folder, if any: its files not mapped in `results:`
            are long-format CSV or YAML.
        smap_position: where each `results:` entry was typed, for errors about the entry.
        base: the project folder, for the file names shown in errors.
    """
    reader = _Reader(plan, base)
    boundary = base if base is not None else folder
    declared: set[Path] = set()
    for i, source in enumerate(plan.results):
        where = smap_position.get(i, Position("?"))
        refused = inside(folder / source.file, boundary, source.file)
        if refused is not None:
            reader.fail(where, refused, Code.REFERENCE)
            continue
        path = (folder / source.file).resolve()
        declared.add(path)
        if not path.is_file():
            reader.fail(
                where,
                msg(
                    "results file '{file}' not found (relative to {folder})",
                    file=source.file,
                    folder=reader.display(folder),
                ),
                Code.REFERENCE,
            )
            continue
        if source.kpi is None:
            reader.long_csv(path, source)
        else:
            reader.mapped_csv(path, source, where)
    if results_dir is not None:
        for path in sorted(results_dir.iterdir()):
            if path.resolve() in declared or path.name.startswith("."):
                continue
            refused = inside(path, boundary)
            if refused is not None:
                reader.fail(Position(reader.display(path)), refused, Code.REFERENCE)
                continue
            if path.suffix.lower() == ".csv" or path.suffix.lower() in WORKBOOK_SUFFIXES:
                reader.long_csv(path)
            elif path.suffix.lower() in {".yaml", ".yml"}:
                reader.long_yaml(path)
    found = reader.errors + reader.warnings + reader.notes
    return firsts_as_periods(plan, reader.measures), found


def firsts_as_periods(plan: Plan, measures: list[Measure]) -> list[Measure]:
    """Monthly and quarterly results dated on the first day stand for their period.

    Spreadsheets store a month as its first day (Excel shows `mars-26`, the file holds
    01/03/2026): read as a day, March's figure would look a month old on 8 March. So, in one
    results file, when every row of a KPI whose cadence is the month (or the quarter) is dated
    on the first day of a month (of a quarter), the rows stand for those months (quarters). The
    rule stops there: a single row on another day — a daily export, with sales on the 1st —
    keeps every row of that KPI in that file a day.
    """
    cadences = {k.id: k.cadence for k in plan.kpis}
    groups: dict[tuple[str, str], list[int]] = {}
    for i, m in enumerate(measures):
        if cadences.get(m.kpi) in {"month", "quarter"}:
            groups.setdefault((m.position.file, m.kpi), []).append(i)
    out = list(measures)
    for (_, kpi), indexes in groups.items():
        periods = [measures[i].period for i in indexes]
        quarterly = cadences[kpi] == "quarter"
        if all(_first_of(p, quarterly) for p in periods):
            for i in indexes:
                day = measures[i].period.first
                period = (
                    Period.quarter(day.year, (day.month - 1) // 3 + 1)
                    if quarterly
                    else Period.month(day.year, day.month)
                )
                out[i] = replace(measures[i], period=period)
    return out


def _first_of(period: Period, quarterly: bool) -> bool:
    day = period.first
    return (
        period.granularity == "day"
        and day.day == 1
        and (not quarterly or day.month in {1, 4, 7, 10})
    )
