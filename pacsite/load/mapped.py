"""Mapped CRM exports: one row per deal or opportunity, filtered, dated and summed per day,
segment and axis into one KPI's results (the `results:` entries with a `kpi:`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Literal

from ..catalog import N_, Figure, msg
from ..model import (
    Measure,
    NumberError,
    Period,
    PeriodError,
    ResultsSource,
    parse_number,
)
from .csvfile import CsvError, CsvReader, CsvRow, detect_format
from .diagnostics import Code, Diagnostic, Position
from .rowreader import (
    WORKBOOK_FORMAT,
    RowReader,
    date_cell,
    decimal_for,
    folded,
    open_table,
    unusable,
)
from .sheets import WORKBOOK_SUFFIXES, SheetReader

__all__ = ["MappedExports"]


class MappedExports(RowReader):
    """Reads mapped exports (`mapped_csv`) into the reader's measures and errors."""

    def mapped_csv(self, path: Path, source: ResultsSource, where: Position) -> None:
        display = self.display(path)
        try:
            fmt = (
                WORKBOOK_FORMAT
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
            with open_table(path, display, fmt, source, headers) as csv_file:
                header = csv_file.header
                lookup = {folded(h): h for h in header}
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
                    if name and folded(name) not in lookup
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
                decimal = source.decimal or decimal_for(fmt)
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
            return lookup[folded(name)] if name else None

        filters = {
            col(k): {folded(v)} if isinstance(v, str) else {folded(x) for x in v}
            for k, v in source.filter.items()
        }
        date_col, value_col = col(source.date_column), col(source.value_column)
        segment_col, axis_col = col(source.segment_column), col(source.axis_column)
        # Aggregated per (day, segment, axis) while streaming: memory grows with days, not rows.
        groups: dict[tuple[Period, str | None, str | None], list[float]] = {}
        first_line: dict[tuple[Period, str | None, str | None], int] = {}
        errors_before = len(self.errors)
        renamed = {folded(k): v for k, v in source.values.items()}
        # values of the segment and axis columns that name nothing: said once per column
        unknown: dict[str, dict[str, int]] = {}
        unknown_at: dict[str, Position] = {}
        # rows without a date at the bottom of an export (totals), until a dated row follows
        undated: list[tuple[CsvRow, PeriodError]] = []
        for row in rows:
            if any(
                folded(row.cells.get(c or "", "")) not in allowed for c, allowed in filters.items()
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
                if unusable(raw):
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
                text = renamed.get(folded(text), text)  # what the CRM calls it → the plan's id
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
            if self.stopped(errors_before, display):
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
    text = folded(date_cell).rstrip(" :")
    return text in _TOTALS or text.startswith(("total ", "sous-total ", "subtotal "))


def _date(text: str, date_format: str | None) -> Period:
    if date_format is None:
        # CRM exports repeat the same days with different times: cache on the day part.
        return date_cell(text.strip()[:10] if len(text) > 10 and text[4:5] == "-" else text)
    try:
        return Period.day(datetime.strptime(text.strip(), date_format).date())
    except ValueError:
        raise PeriodError(
            msg("'{text}' does not match the date format '{format}'", text=text, format=date_format)
        ) from None


def _aggregate(values: list[float], how: str) -> float:
    if how == "count":
        return float(len(values))
    if how == "mean":
        return sum(values) / len(values)
    if how == "last":
        return values[-1]
    return sum(values)
