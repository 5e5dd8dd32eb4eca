"""The PAC workbook: the Excel template teams already keep, read into a plan.

One schema (`SHEETS`) says which sheet holds which part of the plan and which column holds which
field, with its English and French headers; the template and the export (`render/workbook.py`)
write it, `read_workbook` reads it back. Reading is tolerant of what people do to templates: a
title above the table (merged or not), the header row anywhere in the first rows, columns in any
order, French or English headers, formulas (their values are read), dates typed as text or as
dates, amounts as "15 000 €", and extra columns, kept in the item's notes (or description).
Every value remembers its cell, so the plan's own validation points at `plan.xlsx:Actions!C12`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from python_calamine import CalamineWorkbook

from ..catalog import LANGUAGES, gettext, msg
from ..model import Period, PeriodError, Plan, parse_date_cell, parse_period
from ..text import fold
from .diagnostics import Code, Diagnostic, Position
from .sheets import cell_text
from .xlsxguard import WorkbookTooLarge, check_workbook
from .yamlsource import DataPath, SourceMap

__all__ = [
    "SHEETS",
    "Column",
    "Imported",
    "Sheet",
    "WorkbookRead",
    "import_workbook",
    "plan_files",
    "read_workbook",
    "sheet_title",
]

Kind = Literal["text", "markdown", "number", "date", "ids", "lines", "needs", "decisions", "bool"]


@dataclass(frozen=True)
class Column:
    """A column of a sheet: the field it holds (a dotted path in the item), its headers, how a
    cell reads, and the closed list of values Excel offers (data validation)."""

    key: str
    en: str
    fr: str
    kind: Kind = "text"
    choices: tuple[str, ...] = ()
    computed: bool = False
    """Written by the export (where the plan stands), never read back."""
    width: int = 16
    words: str = ""
    """The catalog family of the choices' labels (`action.` → `action.planned`: Prévue): the
    workbook shows and offers labels in its language, and reads back a label or a code."""

    def header(self, language: str) -> str:
        return self.fr if language == "fr" else self.en

    def label(self, code: str, language: str) -> str:
        """A choice as the workbook's readers say it (`planned` → Prévue); other values as they
        are."""
        if not self.words or code not in self.choices:
            return code
        label = gettext(language, self.words + code)
        return code if label == self.words + code else label

    def labels(self, language: str) -> list[str]:
        """The drop-down list of this column in `language`."""
        return [self.label(code, language) for code in self.choices]

    def code(self, text: str) -> str:
        """The choice a cell names, by its code or its label in any language (case and accents
        aside); other text as it is, for validation to judge."""
        if not self.words:
            return text
        wanted = fold(text)
        for code in self.choices:
            if wanted == fold(code) or any(
                wanted == fold(self.label(code, language)) for language in LANGUAGES
            ):
                return code
        return text


@dataclass(frozen=True)
class Sheet:
    """A sheet: the plan's list it holds (`segments`), or the plan's own fields (`plan`)."""

    key: str
    en: str
    fr: str
    columns: tuple[Column, ...]
    about_en: str = ""
    about_fr: str = ""

    def title(self, language: str) -> str:
        return self.fr if language == "fr" else self.en


def sheet_title(key: str, language: str) -> str:
    return next(s for s in SHEETS if s.key == key).title(language)


C = Column
_STATUS = ("planned", "in_progress", "done", "late", "cancelled", "suspended")
_AXIS = ("active", "priority", "suspended", "dropped")
_TYPE = ("prospecting", "marketing", "event", "partnership", "loyalty", "other")
_CHANNELS = ("digital", "email", "events", "field", "media", "partnerships", "phone")
_SEGMENT_KIND = ("horizontal", "vertical", "mixed")
_OBJ_TYPE = ("awareness", "acquisition", "retention", "engagement", "revenue", "other")

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "plan",
        "Plan",
        "Plan",
        (
            C("title", "Title", "Titre", width=40),
            C("organization", "Organisation", "Organisation"),
            C("period", "Period", "Période", "date"),
            C("currency", "Currency", "Devise"),
            C("language", "Language", "Langue", choices=("fr", "en")),
            C("owner", "Owner", "Responsable"),
            C(
                "status",
                "Status",
                "Statut",
                choices=("draft", "published", "archived"),
                words="plan.",
            ),
            C("as_of", "As of", "Date d'arrêté", "date"),
            C("summary", "Summary", "Résumé", "markdown"),
            C("strategy", "Strategy", "Stratégie", "markdown"),
            C("market", "Market", "Marché", "markdown"),
            C("competition", "Competition", "Concurrence", "markdown"),
            C("budget.total", "Budget total", "Budget total", "number"),
            C("alerts.drop_pct", "Alert: drop %", "Alerte : baisse %", "number"),
            C("alerts.roi_min", "Alert: minimum ROI", "Alerte : ROI minimum", "number"),
            C(
                "alerts.roi_window_months",
                "Alert: ROI window (months)",
                "Alerte : fenêtre du ROI (mois)",
                "number",
            ),
            C("lint.ignore", "Checks ignored", "Contrôles ignorés", "ids"),
        ),
        "One row per field: its name in column A, its value in column B.",
        "Une ligne par champ : son nom en colonne A, sa valeur en colonne B.",
    ),
    Sheet(
        "team",
        "Team",
        "Équipe",
        (
            C("id", "Id", "Identifiant"),
            C("name", "Name", "Nom", width=24),
            C("role", "Role", "Rôle", width=28),
            C("email", "E-mail", "E-mail", width=28),
        ),
    ),
    Sheet(
        "kpis",
        "KPIs",
        "Indicateurs",
        (
            C("id", "Id", "Identifiant"),
            C("name", "Name", "Nom", width=28),
            C("unit", "Unit", "Unité"),
            C("direction", "Direction", "Sens", choices=("increase", "decrease"), words="choice."),
            C(
                "aggregation",
                "Aggregation",
                "Agrégation",
                choices=("sum", "mean", "last"),
                words="choice.",
            ),
            C(
                "cadence",
                "Cadence",
                "Fréquence",
                choices=("week", "month", "quarter"),
                words="choice.",
            ),
            C(
                "family",
                "Family",
                "Famille",
                choices=("volume", "performance", "efficiency", "other"),
                words="family.",
            ),
            C("description", "Description", "Description", "markdown", width=40),
            C("alert.drop_pct", "Alert: drop %", "Alerte : baisse %", "number"),
            C("alert.roi_min", "Alert: minimum ROI", "Alerte : ROI minimum", "number"),
            C(
                "alert.roi_window_months",
                "Alert: ROI window (months)",
                "Alerte : fenêtre du ROI (mois)",
                "number",
            ),
            C("corrective_actions", "Corrective actions", "Actions correctives", "ids"),
        ),
    ),
    Sheet(
        "objectives",
        "Objectives",
        "Objectifs",
        (
            C("id", "Id", "Identifiant"),
            C("parent", "Key result of", "Résultat clé de"),
            C("title", "Title", "Intitulé", width=40),
            C("kind", "Kind", "Nature", choices=("quantitative", "qualitative"), words="choice."),
            C("type", "Type", "Type", choices=_OBJ_TYPE, words="otype."),
            C("description", "Description", "Description", "markdown", width=40),
            C("kpi", "KPI", "Indicateur"),
            C("baseline", "Baseline", "Base de départ", "number"),
            C("target", "Target", "Cible", "number"),
            C("due", "Due", "Échéance", "date"),
            C("phasing", "Phasing", "Phasage", "lines", width=30),
            C("actual", "Actual", "Réalisé", "number", computed=True),
            C("expected", "Expected to date", "Attendu à date", "number", computed=True),
            C("gap", "Gap", "Écart", "number", computed=True),
            C("progress", "Progress", "Avancement", "number", computed=True),
            C("verdict", "Status", "État", computed=True),
        ),
        "A row per objective; a key result names its objective in 'Key result of'. Phasing: one "
        "line per period, '2025-Q1: 100000'.",
        "Une ligne par objectif ; un résultat clé nomme son objectif dans « Résultat clé de ». "
        "Phasage : une ligne par période, « 2025-T1 : 100000 ».",
    ),
    Sheet(
        "personas",
        "Personas",
        "Personas",
        (
            C("id", "Id", "Identifiant"),
            C("name", "Name", "Nom", width=24),
            C("type", "Type", "Type", choices=("B2B", "B2C")),
            C("profile", "Profile", "Profil", "markdown", width=40),
            C("demographics", "Demographics", "Démographie", "markdown", width=30),
            C("needs", "Needs", "Besoins", "lines", width=30),
            C("motivations", "Motivations", "Motivations", "lines", width=30),
            C("barriers", "Barriers", "Freins", "lines", width=30),
            C("buying_habits", "Buying habits", "Habitudes d'achat", "lines", width=30),
            C("channels", "Channels", "Canaux", "lines", width=24),
        ),
    ),
    Sheet(
        "segments",
        "Segments",
        "Segments",
        (
            C("id", "Id", "Identifiant"),
            C("name", "Name", "Nom", width=28),
            C("kind", "Kind", "Nature", choices=_SEGMENT_KIND, words="kind."),
            C("description", "Description", "Description", "markdown", width=40),
            C("share", "Share", "Part", "number"),
            C("period", "Period", "Période", "date"),
            C("personas", "Personas", "Personas", "ids"),
            C("swot.strengths", "Strengths", "Forces", "lines", width=36),
            C("swot.weaknesses", "Weaknesses", "Faiblesses", "lines", width=36),
            C("swot.opportunities", "Opportunities", "Opportunités", "lines", width=36),
            C("swot.threats", "Threats", "Menaces", "lines", width=36),
        ),
        "SWOT: one line per item in each cell.",
        "SWOT : une ligne par élément dans chaque cellule.",
    ),
    Sheet(
        "axes",
        "Axes",
        "Axes",
        (
            C("segment", "Segment", "Segment"),
            C("id", "Id", "Identifiant"),
            C("name", "Name", "Nom", width=28),
            C("status", "Status", "Statut", choices=_AXIS, words="axis."),
            C("description", "Description", "Description", "markdown", width=40),
            C("objective.kpi", "Objective KPI", "Indicateur de l'objectif"),
            C("objective.baseline", "Objective baseline", "Base de départ", "number"),
            C("objective.target", "Objective target", "Cible de l'objectif", "number"),
            C("objective.due", "Objective due", "Échéance de l'objectif", "date"),
            C("objective.phasing", "Objective phasing", "Phasage de l'objectif", "lines"),
            C("expected_roi", "Expected ROI", "ROI attendu", "number"),
            C("budget", "Budget", "Budget", "number"),
            C("kpis", "KPIs", "Indicateurs", "ids"),
            C("progress", "Progress", "Avancement", "number", computed=True),
            C("decided", "Status after reviews", "Statut après les revues", computed=True),
            C("verdict", "Status (computed)", "État (calculé)", computed=True),
            C("roi", "ROI", "ROI réel", "number", computed=True),
        ),
    ),
    Sheet(
        "actions",
        "Actions",
        "Actions",
        (
            C("id", "Id", "Identifiant"),
            C("title", "What", "Quoi", width=40),
            C("description", "Description", "Description", "markdown", width=40),
            C("segment", "Segment", "Segment"),
            C("axis", "Axis", "Axe"),
            C("owner", "Who", "Qui"),
            C("start", "Start", "Début", "date"),
            C("due", "When (due)", "Quand (échéance)", "date"),
            C(
                "needs",
                "Information needed — from whom",
                "Informations nécessaires — auprès de qui",
                "needs",
                width=40,
            ),
            C("channel", "Channel", "Canal", choices=_CHANNELS, words="channel."),
            C("type", "Type", "Type", choices=_TYPE, words="type."),
            C("budget", "Budget", "Budget", "number"),
            C("spent", "Spent", "Dépensé", "number"),
            C("status", "Status", "Statut", choices=_STATUS, words="action."),
            C("kpis", "KPIs", "Indicateurs", "ids"),
            C("expected.kpi", "Expected: KPI", "Contribution : indicateur"),
            C("expected.value", "Expected: value", "Contribution : valeur", "number"),
            C("raci.responsible", "Responsible", "Réalise (R)", "ids"),
            C("raci.accountable", "Accountable", "Approuve (A)", "ids"),
            C("raci.consulted", "Consulted", "Consulté (C)", "ids"),
            C("raci.informed", "Informed", "Informé (I)", "ids"),
            C("tags", "Tags", "Étiquettes", "lines"),
            C("notes", "Notes", "Notes", "markdown", width=30),
            C("late", "Late (computed)", "En retard (calculé)", computed=True),
        ),
        "The 5Q: what, who, when, information needed and from whom (one per line: 'info — from').",
        "Les 5Q : quoi, qui, quand, informations nécessaires et auprès de qui (une par ligne : "
        "« info — auprès de »).",
    ),
    Sheet(
        "budget",
        "Budget",
        "Budget",
        (
            C("category", "Line", "Ligne", width=30),
            C("amount", "Amount", "Montant", "number"),
            C("segment", "Segment", "Segment"),
            C("axis", "Axis", "Axe"),
            C("channel", "Channel", "Canal", choices=_CHANNELS, words="channel."),
            C("kpi", "KPI", "Indicateur"),
            C("expected_roi", "Expected ROI", "ROI attendu", "number"),
            C("spent", "Spent (computed)", "Dépensé (calculé)", "number", computed=True),
        ),
    ),
    Sheet(
        "reviews",
        "Reviews",
        "Revues",
        (
            C("date", "Date", "Date", "date"),
            C("kind", "Kind", "Type", choices=("monthly", "quarterly"), words="review.kind."),
            C("title", "Title", "Titre"),
            C("attendees", "Attendees", "Participants", "lines", width=28),
            C(
                "decisions",
                "Decisions (axis: decision — reason)",
                "Décisions (axe : décision — raison)",
                "decisions",
                width=44,
            ),
            C("corrective_actions", "Corrective actions", "Actions correctives", "ids"),
            C("lessons", "Lessons learned", "Enseignements", "lines", width=40),
            C("notes", "Notes", "Notes", "markdown", width=30),
        ),
    ),
    Sheet(
        "results",
        "Results",
        "Résultats",
        (
            C("date", "Date", "Date", "date"),
            C("kpi", "KPI", "Indicateur"),
            C("value", "Value", "Valeur", "number"),
            C("segment", "Segment", "Segment"),
            C("axis", "Axis", "Axe"),
            C("action", "Action", "Action"),
            C("note", "Note", "Note", width=30),
        ),
        "One row per result, as the long-format CSV: date, KPI, value.",
        "Une ligne par résultat, comme le CSV au format long : date, indicateur, valeur.",
    ),
)


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
        raise _Unreadable(exc.diagnostic) from None
    except Exception as exc:  # calamine raises its own types for every unreadable file
        raise _Unreadable(
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


class _Unreadable(Exception):
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


@dataclass
class Imported:
    """A workbook imported: the files of the plan folder (relative path → text), or errors."""

    files: dict[str, str]
    diagnostics: list[Diagnostic]
    language: str | None = None
    """The plan's language, as the workbook says it (its `language` field, else its headers)."""


def import_workbook(path: Path, display: str, plan_id: str) -> Imported:
    """The plan folder a PAC workbook describes: `plan.yaml`, `segments/<id>.yaml`,
    `actions/<owner>.yaml`, `reviews/<date>.yaml` and `results/<workbook>.csv`. Nothing is
    made when the workbook holds an error: the diagnostics say where."""
    from .plans import validate_data

    try:
        read = read_workbook(path, display)
    except _Unreadable as exc:
        return Imported({}, [exc.diagnostic])
    data = {**read.data, "id": plan_id}
    plan, errors = validate_data(data, read.smap)
    language = str(read.data.get("language") or read.language)
    diagnostics = [d.translated(language) for d in read.diagnostics + errors]
    if plan is None or any(d.severity == "error" for d in diagnostics):
        return Imported({}, diagnostics, language)
    return Imported(plan_files(plan, read.results, path.stem), diagnostics, language)


def plan_files(
    plan: Plan, results: list[tuple[dict[str, str], Position]], stem: str
) -> dict[str, str]:
    """A plan written as a plan folder, in the documented layout."""
    body = _plain(plan.model_dump(mode="python", exclude_defaults=True, by_alias=True))
    body.pop("id", None)
    segments = body.pop("segments", [])
    actions = body.pop("actions", [])
    reviews = body.pop("reviews", [])
    body.pop("results", None)  # the results are the workbook's, written below
    files = {"plan.yaml": _yaml(body)}
    # files are read in name order: a number keeps the workbook's order
    for i, segment in enumerate(segments, start=1):
        files[f"segments/{i}-{segment['id']}.yaml"] = _yaml(segment)
    owners = [str(a.get("owner") or "") for a in actions]
    runs = [o for i, o in enumerate(owners) if i == 0 or owners[i - 1] != o]
    if len(runs) == len(set(runs)):  # each owner's actions together: a file per owner
        for i, owner in enumerate(runs, start=1):
            mine = [a for a in actions if str(a.get("owner") or "") == owner]
            files[f"actions/{i}-{_file_name(owner or 'actions')}.yaml"] = _yaml(mine)
    elif actions:
        files["actions/actions.yaml"] = _yaml(actions)
    for i, review in enumerate(reviews, start=1):
        files[f"reviews/{i}-{review['date']}.yaml"] = _yaml(review)
    if results:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        names = ("date", "kpi", "value", "segment", "axis", "action", "note")
        writer.writerow(names)
        for row, _ in results:
            writer.writerow([row.get(n, "") for n in names])
        files[f"results/{_file_name(stem)}.csv"] = out.getvalue()
    return files


def _plain(value: Any) -> Any:
    """Model data as YAML writes it: periods and dates as text, no empty lists or mappings."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            v = _plain(v)
            if v in ([], {}, None):
                continue
            out[str(k)] = v
        return out
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Period):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _file_name(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "plan"
