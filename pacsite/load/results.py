"""KPI results: long-format CSV/YAML files and mapped CRM exports, read into `Measure`s.

Every row is either read or reported (`file:LINE: column 'value': ...`): never silently skipped.
The rows' common reading is `rowreader.py`'s, the mapped exports `mapped.py`'s.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Literal

from ..catalog import msg
from ..model import (
    Measure,
    Period,
    PeriodError,
    Plan,
    ResultsSource,
    parse_period,
)
from .csvfile import CsvError, CsvReader, CsvRow, detect_format
from .diagnostics import Code, Diagnostic, Position
from .files import inside
from .mapped import MappedExports
from .rowreader import WORKBOOK_FORMAT, decimal_for, folded, open_table
from .sheets import WORKBOOK_SUFFIXES, SheetReader
from .yamlsource import Limits, SourceError, read_yaml

__all__ = ["Measure", "load_results"]

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

_LONG_HEADERS = ("date", "kpi", "value")


class _Reader(MappedExports):
    """Reads the results of one plan: long formats here, mapped exports in `MappedExports`."""

    # Long format -------------------------------------------------------------------------

    def long_csv(self, path: Path, source: ResultsSource | None = None) -> None:
        display = self.display(path)
        try:
            fmt = (
                WORKBOOK_FORMAT
                if path.suffix.lower() in WORKBOOK_SUFFIXES
                else detect_format(
                    path,
                    display,
                    source.delimiter if source else None,
                    source.encoding if source else None,
                )
            )
            with open_table(path, display, fmt, source, _LONG_HEADERS) as csv_file:
                columns = self._long_columns(csv_file.header, display)
                if columns is None:
                    return
                decimal = (source.decimal if source else None) or decimal_for(fmt)
                renamed = {folded(k): v for k, v in source.values.items()} if source else {}
                errors_before = len(self.errors)
                for row in csv_file.rows():
                    self._long_row(row, columns, csv_file, decimal, renamed)
                    if self.stopped(errors_before, display):
                        return
        except CsvError as exc:
            self.errors.append(exc.diagnostic)

    def _long_columns(self, header: list[str], display: str) -> dict[str, str] | None:
        columns: dict[str, str] = {}
        for name in header:
            for role, aliases in _COLUMNS.items():
                if folded(name) in aliases and role not in columns:
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
                    cells[role] = renamed.get(folded(text), text)
        self._record(table.position(row.line), cells, decimal)

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
    for pulled in plan.sources:  # what `pacsite pull` wrote: the long format
        refused = inside(folder / pulled.path, boundary, pulled.path)
        if refused is not None:
            reader.fail(Position(reader.display(folder)), refused, Code.REFERENCE)
            continue
        path = (folder / pulled.path).resolve()
        declared.add(path)
        if path.is_file():
            reader.long_csv(path)
        else:
            reader.notes.append(
                Diagnostic(
                    Position(reader.display(path)),
                    Code.RESULT_SKIPPED,
                    msg(
                        "source '{id}' has not been pulled yet: `pacsite pull` writes its results",
                        id=pulled.id,
                    ),
                    severity="info",
                )
            )
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


def failing_sources(plan: Plan, folder: Path) -> dict[str, tuple[date | None, date]]:
    """The CRM sources whose pull fails, as `pacsite pull` recorded it in the sidecar beside
    their results file: (day of the figures shown — the last pull that worked —, day the pull
    began to fail), by source id."""
    found: dict[str, tuple[date | None, date]] = {}
    for pulled in plan.sources:
        sidecar = folder / pulled.sidecar
        try:
            state = json.loads(sidecar.read_text(encoding="utf-8"))
            failing = date.fromisoformat(str(state["failed_since"])[:10])
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            continue
        try:
            shown: date | None = date.fromisoformat(str(state.get("pulled_at"))[:10])
        except ValueError:
            shown = None
        found[pulled.id] = (shown, failing)
    return found


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
