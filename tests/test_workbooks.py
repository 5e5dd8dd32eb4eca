"""Spreadsheets in: results from .xlsx, .ods and .xls exports read like their CSV twins, errors
located at the cell."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
import xlsxwriter

from pacsite.analysis import build_date
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


@pytest.mark.parametrize("streamed", [False, True], ids=["loaded", "streamed"])
def test_an_xlsx_export_gives_the_same_series_as_its_csv_twin(
    write_files: WriteFiles, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    """Read whole (calamine) or streamed (openpyxl, for large files): the same series."""
    if streamed:
        monkeypatch.setattr("pacsite.load.sheets.STREAM_ABOVE", 0)
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
    assert ("chiffre-affaires", "2025-01-29", 8500.5, "particuliers") in _series(
        from_xlsx
    )  # a formula


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
    assert any("Affaires" in e.message and "Deals, Notes" in e.message for e in errors)


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


# The PAC workbook: template, import, export ------------------------------------------------


def _example() -> list[object]:
    from tests.conftest import ROOT

    return load_plans(ROOT / "plans").plans


def _import(workbook: Path, folder: Path) -> object:
    from pacsite.load.workbook_import import import_workbook

    imported = import_workbook(workbook, workbook.name, folder.name)
    assert [d for d in imported.diagnostics if d.severity == "error"] == []
    for relative, text in imported.files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load_plans(folder.parent, root=folder.parent.parent)


def test_every_example_plan_comes_back_from_its_workbook(tmp_path: Path) -> None:
    """import(export(plan)) is the same plan, with the same results."""
    from pacsite.render.workbook import plan_workbook

    for analysed in _example():
        plan = analysed.loaded.plan  # type: ignore[attr-defined]
        measures = analysed.loaded.measures  # type: ignore[attr-defined]
        book = tmp_path / f"{plan.id}.xlsx"
        book.write_bytes(
            plan_workbook(
                plan, plan.language or "en", analysis=analysed.analysis, measures=measures
            )  # type: ignore[attr-defined]
        )
        back = _import(book, tmp_path / plan.id / "plans" / plan.id)
        assert back.errors == [], back.errors  # type: ignore[attr-defined]
        [loaded] = back.loaded  # type: ignore[attr-defined]
        assert loaded.plan.model_dump(exclude={"results"}) == plan.model_dump(exclude={"results"})
        key = lambda m: (m.kpi, str(m.period), m.value, m.segment, m.axis, m.action, m.note)  # noqa: E731
        assert sorted(map(key, loaded.measures)) == sorted(map(key, measures)), plan.id


def test_a_template_filled_like_a_real_team_imports_validates_and_builds(
    tmp_path: Path, site: object
) -> None:
    """A title merged above the actions, a date typed as text and one as a date, an amount as
    '15 000 €', an extra column: the plan validates and builds."""
    import openpyxl

    from pacsite.cli import main

    template = tmp_path / "modele.xlsx"
    assert main(["template", "xlsx", str(template), "--language", "fr"]) == 0
    book = openpyxl.load_workbook(template)
    assert book.sheetnames[0] == "Lisez-moi"
    actions = book["Actions"]
    actions.insert_rows(1, amount=2)
    actions["A1"] = "Plan d'actions — Garage du Centre"
    actions.merge_cells("A1:F1")
    header = [c.value for c in actions[3]]
    col = {name: i + 1 for i, name in enumerate(header) if name}
    extra = len(header) + 1
    actions.cell(3, extra, "Priorité")
    row = 5
    year = build_date().year  # the starter plan's year
    values = {
        "Identifiant": "relance-devis",
        "Quoi": "Relancer les devis de plus de 15 jours",
        "Segment": actions.cell(4, col["Segment"]).value,
        "Axe": actions.cell(4, col["Axe"]).value,
        "Qui": actions.cell(4, col["Qui"]).value,
        "Début": f"15/03/{year}",
        "Quand (échéance)": dt.datetime(year, 4, 30),
        "Budget": "15 000 €",
        "Statut": "planned",
    }
    for name, value in values.items():
        actions.cell(row, col[name], value)
    actions.cell(row, extra, "haute")
    book.save(template)

    plans = tmp_path / "equipe" / "plans"
    back = _import(template, plans / "garage")
    assert back.errors == [], back.errors  # type: ignore[attr-defined]
    [loaded] = back.loaded  # type: ignore[attr-defined]
    action = next(a for a in loaded.plan.actions if a.id == "relance-devis")
    assert action.budget == 15_000 and action.start is not None
    assert action.start.first.month == 3 and action.start.first.day == 15
    assert action.notes == "Priorité: haute"
    from tests.conftest import MKDOCS_YML

    (tmp_path / "equipe" / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (tmp_path / "equipe" / "docs").mkdir()
    (tmp_path / "equipe" / "docs" / "index.md").write_text("# Accueil\n", encoding="utf-8")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(tmp_path / "equipe" / "mkdocs.yml")))
    assert (tmp_path / "equipe" / "site" / "garage" / "index.html").is_file()


def test_a_wrong_cell_is_an_error_at_that_cell_and_nothing_is_written(
    tmp_path: Path, capsys: object
) -> None:
    import openpyxl

    from pacsite.cli import main

    template = tmp_path / "modele.xlsx"
    assert main(["template", "xlsx", str(template), "--language", "fr"]) == 0
    book = openpyxl.load_workbook(template)
    actions = book["Actions"]
    header = [c.value for c in actions[1]]
    status = header.index("Statut") + 1
    actions.cell(2, status, "fini")
    book.save(template)
    target = tmp_path / "plans" / "mon-plan"
    assert main(["import", str(template), str(target)]) == 1
    captured = capsys.readouterr()  # type: ignore[attr-defined]
    err = captured.out + captured.err
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[status - 1]
    assert f"modele.xlsx:Actions!{letters}2" in err and "[PAC002]" in err
    assert not target.exists()


def test_the_export_holds_the_site_figures_and_is_the_same_every_time(tmp_path: Path) -> None:
    """Opened with openpyxl: each objective's actual, expected and verdict are the analysis's."""
    import openpyxl

    from pacsite.render import Formatter
    from pacsite.render.workbook import plan_workbook

    [dealer] = [p for p in _example() if p.loaded.plan.id == "concession-2025"]  # type: ignore[attr-defined]
    plan, analysis = dealer.loaded.plan, dealer.analysis  # type: ignore[attr-defined]
    data = plan_workbook(plan, "fr", analysis=analysis, measures=dealer.loaded.measures)  # type: ignore[attr-defined]
    assert data == plan_workbook(plan, "fr", analysis=analysis, measures=dealer.loaded.measures)  # type: ignore[attr-defined]
    path = tmp_path / "concession.xlsx"
    path.write_bytes(data)
    book = openpyxl.load_workbook(path)
    sheet = book["Objectifs"]
    header = [c.value for c in sheet[1]]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2) if r[0].value}
    fmt = Formatter("fr", plan.currency)
    for state in analysis.objectives:
        if len(state.results) != 1:
            continue
        [p] = state.results
        row = rows[state.objective.id]
        assert row[header.index("Réalisé")].value == p.actual
        assert row[header.index("Attendu à date")].value == p.expected
        assert row[header.index("État")].value == fmt.t("status." + state.status)
    assert rows["ca-2025"][header.index("Réalisé")].value == 2_588_100
    assert sheet.freeze_panes == "A2"
    assert "Alertes" in book.sheetnames and "Indicateurs par période" in book.sheetnames
