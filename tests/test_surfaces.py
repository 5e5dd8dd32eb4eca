"""A figure is computed once: every surface that shows it (dashboard, segment page, KPI page,
budget page, action sheet, `pacsite status`, CSV export) shows the same text, on every example
plan."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from pacsite.cli import main
from pacsite.model import Plan
from pacsite.pipeline import AnalysedPlan, Outcome, run
from pacsite.render import Formatter
from pacsite.settings import read_mkdocs_yml
from tests.conftest import ROOT


def _text(node: Any) -> str:
    return re.sub(r"[ \t\r\n]+", " ", node.get_text(" ")).strip()


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Outcome, Path, str]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = tmp_path_factory.mktemp("surfaces") / "site"
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site)))
    outcome = run(*read_mkdocs_yml(ROOT / "mkdocs.yml"), render=False)
    return outcome, site, ""


@pytest.fixture(scope="module")
def status_text(example: tuple[Outcome, Path, str]) -> str:
    import contextlib
    import os

    out = io.StringIO()
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out):
            assert main(["status"]) == 0
    finally:
        os.chdir(cwd)
    return out.getvalue()


def _page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def _plans(
    example: tuple[Outcome, Path, str],
) -> Iterator[tuple[AnalysedPlan, Plan, Formatter, Path]]:
    """Each example plan, its model, its formatter and the built site."""
    outcome, site, _ = example
    for plan in outcome.plans:
        p = plan.loaded.plan
        yield plan, p, Formatter(p.language or "en", p.currency), site


def _plan_status(status: str, title: str) -> str:
    """The part of `pacsite status` about one plan: from its title to the next plan's."""
    starts = [m.start() for m in re.finditer(r"^.+\n=+$", status, re.MULTILINE)]
    start = status.index(title + "\n" + "=" * len(title))
    end = next((s for s in starts if s > start), len(status))
    return status[start:end]


def test_budget_is_the_same_on_dashboard_budget_page_and_status(
    example: tuple[Outcome, Path, str], status_text: str
) -> None:
    for plan, p, fmt, site in _plans(example):
        b = plan.analysis.budget
        spent, total, share = fmt.money(b.spent), fmt.money(b.total), fmt.percent(b.consumed)
        dashboard = _text(_page(site, p.id).select_one(".pacsite-budget"))
        assert spent in dashboard and total in dashboard and share in dashboard, p.id
        figures = [
            _text(f.select_one(".pacsite-big"))
            for f in _page(site, f"{p.id}/budget").select(".pacsite-headline__figure")
        ]
        assert figures == [total, fmt.money(b.allocated), spent, share], p.id
        block = _plan_status(status_text, p.title)
        assert f"{spent}" in block and f"{total} ({share})" in block, (p.id, block)


def test_objectives_are_the_same_on_dashboard_and_status(
    example: tuple[Outcome, Path, str], status_text: str
) -> None:
    for plan, p, fmt, site in _plans(example):
        block = _plan_status(status_text, p.title)
        rows = _page(site, p.id).select("tr.pacsite-objective, tr.pacsite-keyresult")
        shown = 0
        for state in plan.analysis.objectives:
            for result in state.results:
                figure = (
                    f"{fmt.value(result.actual, result.kpi.unit)} / "
                    f"{fmt.value(result.target, result.kpi.unit)}"
                )
                verdict = fmt.t("status." + result.status)
                assert f"{result.kpi.name}{fmt.colon}{figure} ({verdict})" in block, (p.id, figure)
                assert any(figure in _text(row) and verdict in _text(row) for row in rows), figure
                shown += 1
            assert f"{fmt.percent(state.progress):>6}  {state.objective.title}" in block
        assert shown, p.id


def test_kpi_targets_are_the_same_on_dashboard_tiles_and_kpi_page(
    example: tuple[Outcome, Path, str],
) -> None:
    for plan, p, fmt, site in _plans(example):
        tiles = {
            t["href"].split("#kpi-")[1]: _text(t)
            for t in _page(site, p.id).select("a.pacsite-tile")
        }
        table = {
            tr.a["href"].removeprefix("#kpi-"): [_text(td) for td in tr.select("td")]
            for tr in _page(site, f"{p.id}/kpis").select("table.pacsite-kpi-table tbody tr")
        }
        for state in plan.analysis.kpis:
            target = state.headline
            if target is None:
                continue
            value, verdict = (
                fmt.value(target.target, state.kpi.unit),
                fmt.t("status." + target.status),
            )
            assert f"{value} · {verdict}" in tiles[state.kpi.id]
            assert table[state.kpi.id][1] == value and table[state.kpi.id][5] == verdict


def test_expected_by_now_is_the_same_on_dashboard_kpi_page_and_status(
    example: tuple[Outcome, Path, str], status_text: str
) -> None:
    for plan, p, fmt, site in _plans(example):
        block = _plan_status(status_text, p.title)
        rows = [
            _text(r) for r in _page(site, p.id).select("tr.pacsite-objective, tr.pacsite-keyresult")
        ]
        kpi_rows = [
            _text(r) for r in _page(site, f"{p.id}/kpis").select("table.pacsite-kpi-table tr")
        ]
        for state in plan.analysis.objectives:
            for result in state.results:
                if result.expected is None or result.gap is None:
                    continue
                unit = result.kpi.unit
                shown = f"{fmt.value(fmt.whole(result.expected, unit), unit)} ({fmt.gap(result.gap, unit)})"
                assert any(shown in r for r in rows), (p.id, shown)
                if result.status not in {"achieved", "missed"}:
                    assert f"({fmt.gap(result.gap, result.kpi.unit)})" in block
        for kpi in plan.analysis.kpis:
            if kpi.headline is not None and kpi.headline.gap is not None:
                gap = fmt.gap(kpi.headline.gap, kpi.kpi.unit)
                assert any(f"({gap})" in r for r in kpi_rows), (p.id, kpi.kpi.id)


def test_counts_are_the_same_on_dashboard_and_status(
    example: tuple[Outcome, Path, str], status_text: str
) -> None:
    for plan, p, fmt, site in _plans(example):
        a = plan.analysis
        figures = [_text(f) for f in _page(site, p.id).select(".pacsite-headline__figure")]
        assert figures[2].startswith(f"{a.rollup.done}/{a.rollup.total} ")
        assert figures[3].startswith(f"{len(a.current_alerts)} ")
        block = _plan_status(status_text, p.title)
        assert f"{fmt.t('cli.alerts')} ({len(a.current_alerts)})" in block
        assert f"({len(a.overdue)})" in block


def test_action_status_is_the_same_on_sheet_list_and_export(
    example: tuple[Outcome, Path, str],
) -> None:
    for plan, p, fmt, site in _plans(example):
        delimiter = ";" if p.language == "fr" else ","
        export = (site / p.id / "actions.csv").read_text(encoding="utf-8-sig")
        rows = {r[0]: r for r in csv.reader(io.StringIO(export), delimiter=delimiter)}
        for state in plan.analysis.actions:
            label = fmt.t("action." + state.status)
            sheet = _text(_page(site, f"{p.id}/actions/{state.action.id}").select_one("article"))
            assert label in sheet
            if state.action.title in rows:
                assert label in rows[state.action.title], state.action.id


def test_axis_figures_are_the_same_on_segment_and_budget_pages(
    example: tuple[Outcome, Path, str],
) -> None:
    for plan, p, fmt, site in _plans(example):
        budget_rows = [_text(tr) for tr in _page(site, f"{p.id}/budget").select("tr")]
        for segment in plan.analysis.segments:
            page = _page(site, f"{p.id}/segments/{segment.segment.id}")
            for axis in segment.axes:
                box = _text(page.select_one(f"#axis-{axis.axis.id}"))
                roi, spent = fmt.multiple(axis.roi), fmt.money(axis.rollup.spent)
                assert f"{spent} " in box and fmt.money(axis.budget) in box
                assert roi in box
                row = next(r for r in budget_rows if r.startswith(axis.axis.name + " "))
                assert spent in row and fmt.money(axis.budget) in row and roi in row


def test_the_dealership_target_shows_where_it_comes_from(
    example: tuple[Outcome, Path, str],
) -> None:
    """`target: +20 %` on a baseline of 200: the dashboard says 240 = 200 + 20 %."""
    _, site, _ = example
    rows = [_text(r) for r in _page(site, "concession-2025").select("tr.pacsite-objective")]
    volume = next(r for r in rows if r.startswith("Vendre 240 véhicules"))
    assert "103 / 240" in volume and "240 = 200 + 20\u00a0%" in volume


def test_the_plan_never_reads_better_than_its_segments(
    example: tuple[Outcome, Path, str], status_text: str
) -> None:
    from pacsite.analysis import worst
    from pacsite.analysis.verdicts import running

    for plan, p, fmt, site in _plans(example):
        a = plan.analysis
        parts = [o.status for o in a.objectives] + [s.status for s in a.segments]
        ended = a.as_of >= p.period.last
        assert a.status == running(worst(parts), ended)
        for segment in a.segments:
            # never better than a segment (a running plan reads "off track" for a missed season)
            assert worst([a.status, running(segment.status, ended)]) == a.status
        headline = _text(_page(site, p.id).select(".pacsite-headline__figure")[1])
        assert headline.startswith(fmt.t("status." + a.status))


def test_the_dealership_tiles_say_how_june_compares_with_last_june(
    example: tuple[Outcome, Path, str],
) -> None:
    """Vehicles: 15 in June 2025 for 16 in June 2024 (10 + 6): −6 % vs last year."""
    outcome, site, _ = example
    [plan] = [p for p in outcome.plans if p.loaded.plan.id == "concession-2025"]
    vehicles = plan.analysis.kpi_state("vehicules-vendus")
    assert vehicles is not None and vehicles.last_year[-1] == 16
    assert vehicles.year_over_year == pytest.approx(15 / 16 - 1)
    tiles = {
        t["href"].split("#kpi-")[1]: _text(t)
        for t in _page(site, "concession-2025").select("a.pacsite-tile")
    }
    assert "\u22126\u00a0% vs l’an dernier" in tiles["vehicules-vendus"]


def test_an_axis_says_whose_results_measure_it(example: tuple[Outcome, Path, str]) -> None:
    """The bank's life-insurance objective reads 48/80 for the plan and its phoning axis 38/80:
    the axis page says its figure is measured on the axis's (or segment's) own results."""
    for plan, p, fmt, site in _plans(example):
        for segment in plan.analysis.segments:
            page = _page(site, f"{p.id}/segments/{segment.segment.id}")
            for axis in segment.axes:
                if axis.progress is None:
                    continue
                box = _text(page.select_one(f"#axis-{axis.axis.id}"))
                words = fmt.t(
                    "axis.measured_on." + axis.measured_on,
                    start=fmt.date(axis.window.first, "medium"),
                )
                assert words in box, (p.id, axis.axis.id)
    [bank] = [x for x in example[0].plans if x.loaded.plan.id == "banque-q1-2025"]
    measured = {a.axis.id: a.measured_on for s in bank.analysis.segments for a in s.axes}
    assert set(measured.values()) <= {"axis", "segment"} and measured


def test_spend_is_paced_against_the_plan_rhythm(example: tuple[Outcome, Path, str]) -> None:
    """The sports retailer: 72 000 € over 2025 is 6 000 € a month; on 31 October (304 of 365
    days) 59 967 € would be spent; 55 600 € were: 4 367 € behind the rhythm."""
    outcome, site, _ = example
    [plan] = [p for p in outcome.plans if p.loaded.plan.id == "enseigne-sport-2025"]
    b = plan.analysis.budget
    assert (b.monthly, b.months) == (6000, 12)
    assert b.expected_to_date == pytest.approx(72000 * 304 / 365)
    assert b.pacing == pytest.approx(55600 - 72000 * 304 / 365)
    text = _text(_page(site, "enseigne-sport-2025/budget").select_one(".pacsite-pacing"))
    assert "6\u202f000\u00a0€ par mois" in text and "59\u202f967\u00a0€" in text
    assert "\u22124\u202f367\u00a0€" in text


def test_the_segment_split_so_far_is_set_beside_the_planned_one(
    example: tuple[Outcome, Path, str],
) -> None:
    """The dealership planned 60/40; January–June 2025 revenue is 1 523 300 € for private
    customers and 1 064 800 € for companies: 59 % and 41 % so far."""
    outcome, site, _ = example
    [plan] = [p for p in outcome.plans if p.loaded.plan.id == "concession-2025"]
    private, companies = plan.analysis.segments
    assert private.actual_share == pytest.approx(1_523_300 / 2_588_100)
    assert companies.actual_share == pytest.approx(1_064_800 / 2_588_100)
    rows = [
        _text(r) for r in _page(site, "concession-2025").select("table.pacsite-segments tbody tr")
    ]
    assert "60\u00a0% 59\u00a0% réalisé" in rows[0] and "40\u00a0% 41\u00a0% réalisé" in rows[1]


def test_last_year_stands_beside_the_actual_on_dashboard_kpi_page_and_status(
    example: tuple[Outcome, Path, str], status_text: str
) -> None:
    """The dealership sold 103 vehicles from January to June 2025; the same months of 2024 sold
    8+5, 9+5, 12+8, 10+6, 11+7, 10+6 = 97: +6 %. Revenue 2 588 100 € against 2 401 700 €."""
    outcome, site, _ = example
    [plan] = [p for p in outcome.plans if p.loaded.plan.id == "concession-2025"]
    by_kpi = {r.kpi.id: r for o in plan.analysis.objectives for r in o.results}
    assert by_kpi["vehicules-vendus"].last_year == 97
    assert by_kpi["vehicules-vendus"].year_over_year == pytest.approx(103 / 97 - 1)
    assert by_kpi["chiffre-affaires"].last_year == 2_401_700
    assert by_kpi["satisfaction"].last_year is None  # no survey last year: nothing made up
    for _, p, fmt, _ in _plans(example):
        if p.id != "concession-2025":
            continue
        block = _plan_status(status_text, p.title)
        dashboard = _text(_page(site, p.id).select_one("table.pacsite-objectives"))
        kpi_table = _text(_page(site, f"{p.id}/kpis").select_one("table.pacsite-kpi-table"))
        for result in (by_kpi["vehicules-vendus"], by_kpi["chiffre-affaires"]):
            shown = fmt.beside(result.last_year, result.year_over_year, result.kpi.unit)
            assert shown in dashboard and shown in kpi_table and shown in block, shown
        assert "97 (+6\u00a0%)" in dashboard
        assert "2\u202f401\u202f700\u00a0€ (+8\u00a0%)" in kpi_table
    # a plan without last year's results shows a dash, never an invented figure
    bank_kpis = _page(site, "banque-q1-2025/kpis").select("table.pacsite-kpi-table tbody tr")
    assert all(_text(r.select("td")[4]) == "—" for r in bank_kpis)


def test_each_budget_line_shows_its_kpi_and_what_was_spent_under_it(
    example: tuple[Outcome, Path, str],
) -> None:
    """The dealership's regional motor show line (8 000 €) holds one action, the show itself,
    which spent 8 600 €: 108 %. Actions under no line (8 700 €) are a row of their own, so the
    lines and that row add up to the 34 250 € spent."""
    outcome, site, _ = example
    [plan] = [p for p in outcome.plans if p.loaded.plan.id == "concession-2025"]
    budget = plan.analysis.budget
    show = next(ls for ls in budget.line_states if ls.line.category == "Salon auto régional")
    assert show.actions == ("salon-auto",) and show.spent == 8600
    assert show.kpi == "chiffre-affaires"  # the line's axis's objective says which KPI
    assert sum(ls.spent for ls in budget.line_states) + budget.unlined == budget.spent == 34_250
    rows = _page(site, "concession-2025/budget").select("table.pacsite-budget-lines tbody tr")
    texts = [_text(r) for r in rows]
    [row] = [t for t in texts if t.startswith("Salon auto régional")]
    assert "Chiffre d'affaires" in row and "8\u202f000\u00a0€" in row and "8\u202f600\u00a0€" in row
    assert "108\u00a0%" in row
    assert "8\u202f700\u00a0€" in texts[-1] and "hors lignes" in texts[-1]


def test_the_documented_bank_trajectory_is_what_the_plan_computes(
    example: tuple[Outcome, Path, str],
) -> None:
    """docs/progress-and-alerts.md, judged on 9 March 2025 (day 68 of 90)."""
    outcome, _, _ = example
    [bank] = [p for p in outcome.plans if p.loaded.plan.id == "banque-q1-2025"]
    results = {r.kpi.id: r for o in bank.analysis.objectives for r in o.results}
    assert results["nouveaux-comptes"].expected == pytest.approx(120 * 68 / 90)
    assert results["nouveaux-comptes"].ratio == pytest.approx(97 / (120 * 68 / 90))
    assert results["nouveaux-comptes"].status == "on_track"
    assert results["credits-immobiliers"].status == "at_risk"  # 28 / 30,2 = 0,93
    assert results["assurances-vie"].status == "off_track"  # 48 / 60,4 = 0,79
    assert results["nps"].expected == pytest.approx(28 + 7 * 68 / 90)
    [quality] = [o for o in bank.analysis.objectives if o.objective.id == "qualite-conseil"]
    assert quality.progress == pytest.approx(((33 - 28) / 7 + (31.5 - 30) / 3) / 2)
    assert bank.analysis.status == "off_track"
