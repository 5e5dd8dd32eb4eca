"""The PAC workbook written: the template a team fills in, and a plan's export with where it
stands — the same sheets and columns (`load/workbook_schema.py`), so an export imports back as the
same plan. Written with XlsxWriter: formats, frozen headers, widths and drop-down lists that
Excel and LibreOffice open ready; the same bytes for the same plan (fixed document dates).
"""

from __future__ import annotations

import datetime as dt
import io
import typing
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .. import catalog
from ..analysis import PlanAnalysis
from ..load.workbook_import import plain
from ..load.workbook_schema import SHEETS, Column, Sheet
from ..model import Measure, Period, PeriodError, Plan, parse_period
from ..model.plan import ReviewDecision
from ..model.units import currency_code
from .i18n import Formatter

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

__all__ = ["plan_workbook"]

WORKBOOK_OPTIONS = {
    "in_memory": True,
    # every text is text: a plan's `=HYPERLINK(…)` or `+cmd|…` is never a live formula, a URL
    # or a number in a workbook anyone opens (XlsxWriter's `write()` would make it one)
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}
"""The options of every workbook pacsite writes."""

_DECISION_CODES: tuple[ReviewDecision, ...] = typing.get_args(ReviewDecision)
_MONEY_COLUMNS = {"budget", "spent", "amount", "budget.total"}
_KPI_FIGURES = {
    "baseline",
    "target",
    "actual",
    "expected",
    "gap",
    "objective.baseline",
    "objective.target",
    "value",
}
_HELP = {
    "en": (
        "How to use this workbook",
        "Fill one sheet per part of the plan; keep the header row (you may add a title above it, "
        "reorder columns or add your own: they are kept in the notes). Ids are short names "
        "without spaces (salon-auto); other sheets refer to them. Dates are dates, or periods "
        "typed as text: 2025, 2025-03, 2025-Q1, 2025-W18. Amounts may be typed as '15 000 €'. "
        "Then: pacsite import THIS.xlsx plans/my-plan",
    ),
    "fr": (
        "Mode d'emploi de ce classeur",
        "Remplissez une feuille par partie du plan ; gardez la ligne d'en-têtes (vous pouvez "
        "ajouter un titre au-dessus, changer l'ordre des colonnes ou en ajouter : elles sont "
        "gardées dans les notes). Les identifiants sont des noms courts sans espace "
        "(salon-auto) ; les autres feuilles y renvoient. Les dates sont des dates, ou des "
        "périodes saisies en texte : 2025, 2025-03, 2025-T1, 2025-W18. Les montants peuvent "
        "s'écrire « 15 000 € ». Puis : pacsite import CE-CLASSEUR.xlsx plans/mon-plan",
    ),
}


def plan_workbook(
    plan: Plan,
    language: str,
    *,
    analysis: PlanAnalysis | None = None,
    measures: Sequence[Measure] = (),
    template: bool = False,
    created: dt.date | None = None,
) -> bytes:
    """The workbook of a plan: its sheets, and (with `analysis`) where it stands.

    Args:
        template: the empty template's extras: a "how to" sheet, no computed columns.
        created: the document's date (the as-of date, for the same bytes every build).
    """
    out = io.BytesIO()
    import xlsxwriter  # on first use: workbooks are made while MkDocs builds

    book = xlsxwriter.Workbook(out, WORKBOOK_OPTIONS)
    day = created or (analysis.as_of if analysis else dt.date(2000, 1, 1))
    book.set_properties({"title": plan.title, "created": dt.datetime(day.year, day.month, day.day)})
    writer = _Writer(book, plan, language, analysis)
    if template:
        writer.how_to()
    for sheet in SHEETS:
        writer.sheet(sheet, measures, computed=analysis is not None and not template)
    if analysis is not None and not template:
        writer.kpis_by_period()
        writer.alerts()
    book.close()
    return out.getvalue()


class _Writer:
    def __init__(self, book: Any, plan: Plan, language: str, analysis: PlanAnalysis | None) -> None:
        self.book, self.plan, self.language, self.analysis = book, plan, language, analysis
        self.fmt = Formatter(language, plan.currency)
        self.header = book.add_format(
            {"bold": True, "bg_color": "#E8EAF6", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.date = book.add_format(
            {"num_format": "dd/mm/yyyy" if language == "fr" else "yyyy-mm-dd", "valign": "top"}
        )
        code = plan.currency
        symbol = {"EUR": "€", "USD": "$", "GBP": "£"}.get(code, code)
        money = f'#,##0 "{symbol}"' if language == "fr" else f'"{symbol}"#,##0'
        self.money = book.add_format({"num_format": money, "valign": "top"})
        self.number = book.add_format({"num_format": "General", "valign": "top"})
        self.percent = book.add_format({"num_format": "0%", "valign": "top"})
        self.text = book.add_format({"valign": "top"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})

    # Sheets ---------------------------------------------------------------------------------

    def how_to(self) -> None:
        title, text = _HELP.get(self.language, _HELP["en"])
        ws = self.book.add_worksheet("Lisez-moi" if self.language == "fr" else "Read me")
        ws.set_column(0, 0, 28)
        ws.set_column(1, 1, 100)
        ws.write(0, 0, title, self.header)
        ws.write(1, 0, text, self.wrap)
        ws.set_row(1, 90)
        row = 3
        for sheet in SHEETS:
            ws.write(row, 0, sheet.title(self.language), self.header)
            about = sheet.about_fr if self.language == "fr" else sheet.about_en
            columns = ", ".join(c.header(self.language) for c in sheet.columns if not c.computed)
            ws.write(row, 1, (about + " " if about else "") + columns, self.wrap)
            row += 1

    def sheet(self, sheet: Sheet, measures: Sequence[Measure], *, computed: bool) -> None:
        ws = self.book.add_worksheet(sheet.title(self.language))
        columns = [c for c in sheet.columns if computed or not c.computed]
        if sheet.key == "plan":
            self._fields(ws, columns)
            return
        for i, column in enumerate(columns):
            ws.write(0, i, column.header(self.language), self.header)
            ws.set_column(i, i, column.width)
            if column.choices:
                ws.data_validation(
                    1,
                    i,
                    5000,
                    i,
                    {
                        "validate": "list",
                        "source": column.labels(self.language),
                        # channels and the like: the usual values offered, others accepted
                        "error_type": "information" if column.key == "channel" else "stop",
                    },
                )
            elif column.kind == "decisions":  # free text: the words it takes, shown on entry
                ws.data_validation(1, i, 5000, i, self.decisions_help())
        ws.freeze_panes(1, 0)
        rows = list(self._rows(sheet.key, measures))
        for r, item in enumerate(rows, start=1):
            kpi = self.plan.kpi(str(item.get("kpi") or item.get("objective.kpi") or ""))
            money_row = kpi is not None and currency_code(kpi.unit) is not None
            for i, column in enumerate(columns):
                self._cell(ws, r, i, column, item.get(column.key), money_row)
        ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)

    def decision(self, code: str) -> str:
        """A review decision in the workbook's language (`push` → Renforcer)."""
        label = catalog.gettext(self.language, "decision." + code)
        return code if label == "decision." + code else label

    def decisions_help(self) -> dict[str, Any]:
        """The input message of the decisions column: one line per axis, the decision words."""
        words = ", ".join(self.decision(code) for code in _DECISION_CODES)
        if self.language == "fr":
            title, text = "Une ligne par axe", f"axe : décision — raison. Décisions : {words}."
        else:
            title, text = "One line per axis", f"axis: decision — reason. Decisions: {words}."
        return {"validate": "any", "input_title": title, "input_message": text}

    def _fields(self, ws: Worksheet, columns: list[Column]) -> None:
        ws.set_column(0, 0, 30)
        ws.set_column(1, 1, 60)
        ws.write(0, 0, "Champ" if self.language == "fr" else "Field", self.header)
        ws.write(0, 1, "Valeur" if self.language == "fr" else "Value", self.header)
        ws.freeze_panes(1, 0)
        data = _dump(self.plan)
        for r, column in enumerate(columns, start=1):
            ws.write(r, 0, column.header(self.language), self.text)
            self._cell(ws, r, 1, column, _get(data, column.key))
            if column.choices:
                ws.data_validation(
                    r, 1, r, 1, {"validate": "list", "source": column.labels(self.language)}
                )

    def _rows(self, key: str, measures: Sequence[Measure]) -> Any:
        plan, analysis = self.plan, self.analysis
        data = _dump(plan)
        if key == "axes":
            for segment in data.get("segments", []):
                for axis in segment.get("axes", []):
                    row = {"segment": segment["id"], **_flat(axis)}
                    axis_state = analysis.axis_state(axis["id"]) if analysis else None
                    if axis_state is not None:
                        # the status its reviews' decisions gave it by the as-of date
                        row["decided"] = self.fmt.t("axis." + axis_state.axis.status)
                        if axis_state.progress is not None:
                            row["progress"] = axis_state.progress.progress
                            row["verdict"] = self.fmt.t("status." + axis_state.progress.status)
                        row["roi"] = axis_state.roi
                    yield row
            return
        if key == "objectives":
            states = {o.objective.id: o for o in analysis.objectives} if analysis else {}
            for objective in data.get("objectives", []):
                state = states.get(objective["id"])
                row = _flat({k: v for k, v in objective.items() if k != "key_results"})
                if state is not None:
                    row["progress"] = state.progress
                    row["verdict"] = self.fmt.t("status." + state.status)
                    if len(state.results) == 1 and not objective.get("key_results"):
                        row |= self._progress(state.results[0])
                yield row
                for j, kr in enumerate(objective.get("key_results", [])):
                    krow = {"parent": objective["id"], **_flat(kr)}
                    if state is not None and j < len(state.results):
                        p = state.results[j]
                        krow |= self._progress(p)
                        krow["progress"] = p.progress
                        krow["verdict"] = self.fmt.t("status." + p.status)
                    yield krow
            return
        if key == "actions":
            late = {s.action.id for s in analysis.actions if s.overdue} if analysis else set()
            for action in data.get("actions", []):
                row = _flat(action)
                if analysis is not None:
                    row["late"] = self.fmt.t("ui.yes") if action["id"] in late else ""
                yield row
            return
        if key == "budget":
            lines = (data.get("budget") or {}).get("lines", [])
            spent = [ls.spent for ls in analysis.budget.line_states] if analysis else []
            for i, line in enumerate(lines):
                row = _flat(line)
                if i < len(spent):
                    row["spent"] = spent[i]
                yield row
            return
        if key == "results":
            for m in measures:
                yield {
                    "date": str(m.period),
                    "kpi": m.kpi,
                    "value": m.value,
                    "segment": m.segment,
                    "axis": m.axis,
                    "action": m.action,
                    "note": m.note,
                }
            return
        for item in data.get(key, []):
            yield _flat(item)

    def _progress(self, p: Any) -> dict[str, Any]:
        return {"actual": p.actual, "expected": p.expected, "gap": p.gap}

    def kpis_by_period(self) -> None:
        """Each KPI's value per period, with the trajectory and last year's, as the charts."""
        assert self.analysis is not None
        ws = self.book.add_worksheet(
            "Indicateurs par période" if self.language == "fr" else "KPIs by period"
        )
        t = self.fmt.t
        headers = [
            t("ui.kpi"),
            t("ui.period"),
            t("chart.actual"),
            t("export.period_target"),
            t("chart.last_year"),
            t("chart.cumulative"),
            t("export.cumulative_target"),
        ]
        for i, h in enumerate(headers):
            ws.write(0, i, h, self.header)
        ws.set_column(0, 0, 28)
        ws.set_column(1, 6, 16)
        ws.freeze_panes(1, 0)
        r = 1
        for k in self.analysis.kpis:
            # each period's actual beside that period's own target; a summed KPI's running
            # totals beside the target's trajectory by the period's end, in columns of their own
            summed = k.kpi.aggregation == "sum"
            columns: tuple[Sequence[float | None], ...] = (
                [p.value for p in k.points],
                k.target_per_period,
                k.last_year,
                k.cumulative if summed else [],
                k.trajectory if summed else [],
            )
            for i, point in enumerate(k.points):
                ws.write(r, 0, k.kpi.name, self.text)
                ws.write(r, 1, str(point.period), self.text)
                for c, values in enumerate(columns, start=2):
                    self._number(ws, r, c, values[i] if i < len(values) else None, k.kpi.unit)
                r += 1
        ws.autofilter(0, 0, max(r - 1, 1), len(headers) - 1)

    def alerts(self) -> None:
        from .describe import describe_alert

        assert self.analysis is not None
        ws = self.book.add_worksheet("Alertes" if self.language == "fr" else "Alerts")
        ws.write(0, 0, self.fmt.t("ui.status"), self.header)
        ws.write(0, 1, self.fmt.t("ui.alerts"), self.header)
        ws.set_column(0, 0, 14)
        ws.set_column(1, 1, 110)
        ws.freeze_panes(1, 0)
        for r, alert in enumerate(self.analysis.current_alerts, start=1):
            ws.write(r, 0, self.fmt.t("alert." + alert.severity), self.text)
            ws.write(r, 1, describe_alert(alert, self.analysis, self.fmt), self.wrap)

    # Cells ------------------------------------------------------------------------------------

    def _number(self, ws: Worksheet, r: int, c: int, value: float | None, unit: str) -> None:
        if value is None:
            return
        ws.write_number(r, c, value, self.money if currency_code(unit) else self.number)

    def _cell(
        self, ws: Worksheet, r: int, c: int, column: Column, value: Any, money_row: bool = False
    ) -> None:
        if value is None or value == "" or value == []:
            return
        kind = column.kind
        if column.key == "progress" and isinstance(value, float):
            ws.write_number(r, c, value, self.percent)
        elif kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
            money = column.key in _MONEY_COLUMNS or (money_row and column.key in _KPI_FIGURES)
            ws.write_number(r, c, value, self.money if money else self.number)
        elif kind == "date":
            day = _day(value)
            if day is not None:
                ws.write_datetime(r, c, dt.datetime(day.year, day.month, day.day), self.date)
            else:
                ws.write_string(r, c, str(value), self.text)
        elif kind == "ids":
            ws.write_string(r, c, ", ".join(map(str, value)), self.text)
        elif kind == "lines":
            if isinstance(value, dict):
                text = "\n".join(f"{k}: {_num(v)}" for k, v in value.items())
            else:
                text = "\n".join(map(str, value))
            ws.write_string(r, c, text, self.wrap)
        elif kind == "needs":
            text = "\n".join(
                f"{n['info']} — {n['from']}" if n.get("from") else n["info"] for n in value
            )
            ws.write_string(r, c, text, self.wrap)
        elif kind == "decisions":
            text = "\n".join(
                f"{d['axis']}: {self.decision(d['decision'])}"
                + (f" — {d['reason']}" if d.get("reason") else "")
                for d in value
            )
            ws.write_string(r, c, text, self.wrap)
        elif kind == "markdown":
            ws.write_string(r, c, str(value), self.wrap)
        else:
            ws.write_string(r, c, column.label(str(value), self.language), self.text)


def _dump(plan: Plan) -> dict[str, Any]:
    data: dict[str, Any] = plain(
        plan.model_dump(mode="python", by_alias=True, exclude_defaults=True)
    )
    return data


def _flat(item: dict[str, Any]) -> dict[str, Any]:
    """Nested fields under dotted keys: {"objective": {"kpi": x}} → {"objective.kpi": x}."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        if isinstance(value, dict) and key in {"objective", "expected", "raci", "swot", "alert"}:
            for inner, v in value.items():
                out[f"{key}.{inner}"] = v
        else:
            out[key] = value
    return out


def _get(data: dict[str, Any], key: str) -> Any:
    value: Any = data
    for part in key.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _day(value: Any) -> dt.date | None:
    """A period that is one day, as a date (written as a real date); None otherwise."""
    try:
        period = value if isinstance(value, Period) else parse_period(str(value))
    except PeriodError:
        return None
    return period.first if period.first == period.last else None


def _num(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
