"""Spreadsheets in: results from .xlsx, .ods and .xls exports read like their CSV twins, errors
located at the cell."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import xlsxwriter

from pacsite.pipeline import check as load_plans
from tests.conftest import DONE_PLAN, WriteFiles
from tests.test_results import HUBSPOT, MAPPED


def _hubspot_xlsx(path: Path, *, amount_error: bool = False) -> None:
    """The HubSpot export as Excel saves it: a merged title over the table, a blank row, real
    dates with times, amounts as numbers (one as a formula), then the rows."""
    rows = list(csv.reader(io.StringIO(HUBSPOT)))
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Deals")
    when = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    sheet.merge_range(0, 0, 0, len(rows[0]) - 1, "Export HubSpot — Q1 2025")
    sheet.write_row(2, 0, rows[0])
    for r, row in enumerate(rows[1:], start=3):
        for c, value in enumerate(row):
            name = rows[0][c]
            if name == "Close Date":
                sheet.write_datetime(r, c, dt.datetime.fromisoformat(value), when)
            elif name == "Amount":
                if r == 4 and amount_error:
                    sheet.write_formula(r, c, "=1/0", None, "#DIV/0!")
                elif r == 4:
                    sheet.write_formula(r, c, "=8000+500.5", None, float(value))
                else:
                    sheet.write_number(r, c, float(value))
            elif name == "Record ID":
                sheet.write_number(r, c, int(value))
            else:
                sheet.write_string(r, c, value)
    book.add_worksheet("Notes").write(0, 0, "nothing here")
    book.close()


def _series(result: object) -> list[tuple[str, str, float, str | None]]:
    return sorted(
        (m.kpi, str(m.period), m.value, m.segment)
        for plan in result.loaded  # type: ignore[attr-defined]
        for m in plan.measures
    )


def test_an_xlsx_export_gives_the_same_series_as_its_csv_twin(write_files: WriteFiles) -> None:
    csv_root = write_files(
        {
            "csv/plans/demo/plan.yaml": DONE_PLAN + MAPPED,
            "csv/plans/demo/results/hubspot-deals.csv": HUBSPOT,
        }
    )
    xlsx_plan = DONE_PLAN + MAPPED.replace("hubspot-deals.csv", "hubspot-deals.xlsx")
    xlsx_root = write_files({"xlsx/plans/demo/plan.yaml": xlsx_plan})
    _hubspot_xlsx(xlsx_root / "xlsx/plans/demo/results/hubspot-deals.xlsx")
    from_csv = load_plans(csv_root / "csv/plans", root=csv_root / "csv")
    from_xlsx = load_plans(xlsx_root / "xlsx/plans", root=xlsx_root / "xlsx")
    assert from_csv.errors == [] and from_xlsx.errors == []
    assert _series(from_xlsx) == _series(from_csv)
    assert ("chiffre-affaires", "2025-01-29", 8500.5, "particuliers") in _series(from_xlsx)  # a formula


def test_an_error_cell_of_a_workbook_is_located_at_its_cell(write_files: WriteFiles) -> None:
    plan = DONE_PLAN + MAPPED.replace("hubspot-deals.csv", "hubspot-deals.xlsx")
    root = write_files({"plans/demo/plan.yaml": plan})
    _hubspot_xlsx(root / "plans/demo/results/hubspot-deals.xlsx", amount_error=True)
    result = load_plans(root / "plans", root=root)
    assert result.errors == []
    [warning] = [w for w in result.warnings if w.code == "PAC008"]
    assert str(warning.position) == "plans/demo/results/hubspot-deals.xlsx:Deals!E5"


def test_a_missing_sheet_names_the_sheets(write_files: WriteFiles) -> None:
    plan = DONE_PLAN + MAPPED.replace("hubspot-deals.csv", "hubspot-deals.xlsx").replace(
        "    aggregate: sum\n", "    aggregate: sum\n    sheet: Affaires\n", 1
    )
    root = write_files({"plans/demo/plan.yaml": plan})
    _hubspot_xlsx(root / "plans/demo/results/hubspot-deals.xlsx")
    errors = load_plans(root / "plans", root=root).errors
    assert any("'Affaires'" in e.message and "Deals, Notes" in e.message for e in errors)


def test_a_long_format_workbook_in_results_is_read(write_files: WriteFiles) -> None:
    """A workbook dropped in `results/` in the long format: date, kpi, value."""
    root = write_files({"plans/demo/plan.yaml": DONE_PLAN})
    (root / "plans/demo/results").mkdir()
    book = xlsxwriter.Workbook(str(root / "plans/demo/results/ventes.xlsx"))
    sheet = book.add_worksheet("Résultats")
    sheet.write_row(0, 0, ["date", "kpi", "value"])
    sheet.write_row(1, 0, ["2025-01-31", "ventes", 3])
    sheet.write_row(2, 0, ["2025-02-28", "ventes", "1 500"])
    book.close()
    result = load_plans(root / "plans", root=root)
    assert result.errors == []
    assert [m.value for plan in result.loaded for m in plan.measures] == [3.0, 1500.0]
