"""True figures on a real team's data: each case computed by hand in its docstring."""

from __future__ import annotations

from pathlib import Path

import pytest

from pacsite.analysis import analyse
from pacsite.pipeline import check
from tests.conftest import WriteFiles

ROI_PLAN = """\
title: Distribution 2026
year: 2026
language: fr
as_of: 2026-04-30
status: published
alerts: {roi_min: 1.5, roi_window_months: 2}
kpis:
  - {id: ca, name: Chiffre d'affaires, unit: EUR, cadence: month}
segments:
  - id: hotels
    name: Hôtels
    axes:
      - id: offre-groupe
        name: Offre groupe
        budget: 27500
        objective: {kpi: ca, target: 200000, due: 2026-12-31}
  - id: restaurants
    name: Restaurants
    axes:
      - id: carte-pro
        name: Carte pro
        budget: 10000
        objective: {kpi: ca, target: 50000, due: 2026-12-31}
actions:
  - {id: lancer-offre, title: Lancer l'offre groupe, segment: hotels, axis: offre-groupe,
     start: 2026-04-01, due: 2026-06-30, status: in_progress}
  - {id: demarcher-chefs, title: Démarcher 30 chefs, segment: restaurants, axis: carte-pro,
     start: 2026-01-15, due: 2026-03-31, status: in_progress}
results:
  - file: ventes.csv
"""

SALES = """\
date,kpi,value,segment
2025-03,ca,10000,hotels
2025-04,ca,10000,hotels
2026-03,ca,11000,hotels
2026-04,ca,14000,hotels
"""


def _analysed(write_files: WriteFiles, plan: str = ROI_PLAN, sales: str = SALES) -> object:
    root = write_files({"plans/pac/plan.yaml": plan, "plans/pac/ventes.csv": sales})
    outcome = check(root / "plans")
    assert outcome.errors == []
    [analysed] = outcome.plans
    return analysed


def test_the_roi_alert_compares_the_same_days_on_both_sides(write_files: WriteFiles) -> None:
    """The rule's two months end on 30 April: 1 March – 30 April. The axis started on 1 April
    (its action), so only April counts on both sides: 14 000 € this April against 10 000 € last
    April, 4 000 € extra. Its cost, 27 500 € over 1 April – 31 December (275 days), is
    27 500 × 30 / 275 = 3 000 € for April's 30 days. ROI 4 000 / 3 000 = 1,33×, below 1,5×:
    an alert. (Counting March and April, 25 000 € against April's 10 000 €, it read 5×.)"""
    analysis = _analysed(write_files).analysis  # type: ignore[attr-defined]
    [alert] = [a for a in analysis.alerts if a.kind == "roi_low"]
    assert alert.where.axis == "offre-groupe"
    assert alert.value == pytest.approx(4000 / 3000)
    assert alert.reference == 1.5


def test_an_axis_with_no_results_of_its_own_is_not_at_zero(write_files: WriteFiles) -> None:
    """The restaurants have no row at all: their axis's ROI cannot be measured yet — no alert,
    and the reason is said (no results for its scope), not 0×."""
    analysis = _analysed(write_files).analysis  # type: ignore[attr-defined]
    assert not [a for a in analysis.alerts if a.kind == "roi_low" and a.where.axis == "carte-pro"]
    [restaurants] = [s for s in analysis.segments if s.segment.id == "restaurants"]
    [axis] = restaurants.axes
    assert axis.roi is None and axis.unmeasured == "no_results"


def test_the_site_says_why_an_axis_has_no_roi(site: object) -> None:
    build = site({"plans/pac/plan.yaml": ROI_PLAN, "plans/pac/ventes.csv": SALES})  # type: ignore[operator]
    build.build()
    page = build.html("pac/segments/restaurants/")
    basis = page.select_one(".pacsite-roi-basis")
    assert basis is not None and "aucun résultat pour le périmètre" in basis.get_text()
    dashboard = build.html("pac/")
    assert "0×" not in dashboard.get_text() and "0,0×" not in dashboard.get_text()


SUSPENDED = ROI_PLAN.replace(
    "        budget: 10000\n", "        budget: 10000\n        status: suspended\n"
)


def test_a_suspended_axis_actions_wait_on_every_surface(
    write_files: WriteFiles, tmp_path: Path
) -> None:
    """`demarcher-chefs` was due on 31 March and is still in progress on 30 April: late, 30
    days — unless its axis is suspended, when it waits with it: no overdue alert, not counted
    late, not stale (PAC110), the workbook's computed column empty."""
    import openpyxl

    from pacsite.render.workbook import plan_workbook

    running = _analysed(write_files).analysis  # type: ignore[attr-defined]
    assert [s.action.id for s in running.overdue] == ["demarcher-chefs"]
    analysed = _analysed(write_files, SUSPENDED)
    analysis = analysed.analysis  # type: ignore[attr-defined]
    assert analysis.overdue == [] and analysis.rollup.overdue == 0
    assert not [a for a in analysis.alerts if a.kind == "overdue"]
    assert not [s for s in analysis.stale if s.kind == "action"]
    data = plan_workbook(
        analysed.loaded.plan,  # type: ignore[attr-defined]
        "fr",
        analysis=analysis,
        measures=analysed.loaded.measures,  # type: ignore[attr-defined]
    )
    path = tmp_path / "export.xlsx"
    path.write_bytes(data)
    sheet = openpyxl.load_workbook(path)["Actions"]
    header = [c.value for c in sheet[1]]
    late = header.index("En retard (calculé)")
    rows = {r[0].value: r[late].value for r in sheet.iter_rows(min_row=2)}
    assert rows["demarcher-chefs"] in (None, "", "non", "Non")


FIRSTS = """\
date,kpi,value,segment
2026-03-01,ca,11000,hotels
2026-04-01,ca,14000,hotels
"""


def test_monthly_results_dated_on_the_first_stand_for_their_month(
    write_files: WriteFiles,
) -> None:
    """Excel's `avr.-26` is 01/04/2026 in the file. Read as a day, April's figure would be a
    month old on 30 April; it stands for April: fresh, no PAC109."""
    analysed = _analysed(write_files, sales=FIRSTS)
    measures = analysed.loaded.measures  # type: ignore[attr-defined]
    assert [(str(m.period), m.period.granularity) for m in measures] == [
        ("2026-03", "month"),
        ("2026-04", "month"),
    ]
    assert not [s for s in analysed.analysis.stale if s.kind == "kpi"]  # type: ignore[attr-defined]


def test_a_daily_export_keeps_its_days(write_files: WriteFiles) -> None:
    """One row on another day than the 1st: the file is a daily export, every row a day."""
    daily = FIRSTS + "2026-04-17,ca,500,hotels\n"
    measures = _analysed(write_files, sales=daily).loaded.measures  # type: ignore[attr-defined]
    assert {m.period.granularity for m in measures} == {"day"}


def test_analyse_gives_the_same_roi_as_the_pipeline(write_files: WriteFiles) -> None:
    analysed = _analysed(write_files)
    again = analyse(analysed.loaded.plan, analysed.loaded.measures)  # type: ignore[attr-defined]
    [alert] = [a for a in again.alerts if a.kind == "roi_low"]
    assert alert.value == pytest.approx(4000 / 3000)


def test_the_roi_alert_reads_in_french_and_never_rounds_onto_its_floor(
    write_files: WriteFiles,
) -> None:
    from pacsite.render import Formatter, describe_alert

    analysed = _analysed(write_files)
    analysis = analysed.analysis  # type: ignore[attr-defined]
    [alert] = [a for a in analysis.alerts if a.kind == "roi_low"]
    text = describe_alert(alert, analysis, Formatter("fr"))
    assert text == (
        "ROI de l’axe Offre groupe à 1,3× sur les 2 derniers mois, sous le minimum de 1,5×"
    )
    fr, en = Formatter("fr"), Formatter("en")
    assert fr.multiple_below(1.46, 1.5) == "1,46×"  # never "1,5× sous le minimum de 1,5×"
    assert fr.multiple_below(1.496, 1.5) == "1,496×"
    assert en.multiple_below(0.62, 1.5) == "0.6×"


@pytest.mark.parametrize(
    ("language", "value", "text"),
    [
        ("fr", 1, "+1\u00a0pt"),
        ("fr", 1.5, "+1,5\u00a0pt"),
        ("fr", 2, "+2\u00a0pts"),
        ("en", 1, "+1\u00a0pt"),
        ("en", 1.5, "+1.5\u00a0pts"),
        ("en", -3, "\u22123\u00a0pts"),
    ],
)
def test_points_agree_with_their_number(language: str, value: float, text: str) -> None:
    from pacsite.render import Formatter

    assert Formatter(language).signed_points(value) == text


def test_one_chart_per_kpi_on_a_segment_page_and_whole_ticks_for_counts(site: object) -> None:
    """The hotels' axis lists its objective's KPI among its KPIs: one chart of it, not two.
    A count that stays under 6 ticks 0, 1, 2… (never 0,2 / 0,4)."""
    plan = ROI_PLAN.replace(
        "        objective: {kpi: ca, target: 200000, due: 2026-12-31}\n",
        "        objective: {kpi: ca, target: 200000, due: 2026-12-31}\n        kpis: [ca, devis]\n",
        1,
    ).replace(
        "  - {id: ca, name: Chiffre d'affaires, unit: EUR, cadence: month}\n",
        "  - {id: ca, name: Chiffre d'affaires, unit: EUR, cadence: month}\n"
        "  - {id: devis, name: Devis signés, unit: count, cadence: month}\n",
    )
    sales = SALES + "2026-03,devis,2,hotels\n2026-04,devis,3,hotels\n"
    build = site({"plans/pac/plan.yaml": plan, "plans/pac/ventes.csv": sales})  # type: ignore[operator]
    build.build()
    charts = build.charts("pac/segments/hotels/")
    titles = [c["layout"]["title"]["text"] for c in charts]
    assert titles == ["Chiffre d&#39;affaires — Hôtels", "Devis signés — Hôtels"]
    count = charts[1]["layout"]["yaxis"]
    assert count["dtick"] == 1 and count["tickformat"] == ",d"
    money = charts[0]["layout"]["yaxis"]
    assert "dtick" not in money


def test_a_tile_shows_whole_euros(write_files: WriteFiles) -> None:
    """503 548,08 € of invoices reads 503 548 € on the dashboard's tile (cents below 100 €)."""
    from pacsite.render import Formatter

    fmt = Formatter("fr")
    assert fmt.computed(503_548.08, "EUR") == "503\u202f548\u00a0€"
    assert fmt.computed(78.66, "EUR") == "78,66\u00a0€"


def test_a_consolidated_kpi_missed_by_every_plan_is_missed(write_files: WriteFiles) -> None:
    """Two branches' revenue objectives closed on 30 June; judged on 31 December. Nord made
    80 000 of 100 000, Sud 40 000 of 50 000: each "missed". Together 120 000 of 150 000, the
    window closed: missed too (a running ratio, 0,8, read "at risk")."""
    from pacsite.analysis.portfolio import portfolio

    branch = """\
title: Agence {name}
year: 2025
as_of: 2025-12-31
language: fr
kpis:
  - {{id: ca, name: Chiffre d'affaires, unit: EUR}}
objectives:
  - {{id: ca-s1, title: Réaliser {target} €, kpi: ca, target: {target}, due: 2025-06-30}}
results:
  - file: {id}.csv
"""
    files = {}
    for plan_id, name, target, made in (
        ("nord", "Nord", 100_000, 80_000),
        ("sud", "Sud", 50_000, 40_000),
    ):
        files[f"plans/{plan_id}.yaml"] = branch.format(id=plan_id, name=name, target=target)
        files[f"plans/{plan_id}.csv"] = f"date,kpi,value\n2025-05,ca,{made}\n"
    outcome = check(write_files(files) / "plans")
    assert outcome.errors == []
    analyses = [p.analysis for p in outcome.plans]
    assert [a.objectives[0].status for a in analyses] == ["missed", "missed"]
    [shared] = portfolio(analyses).shared
    assert (shared.actual, shared.target) == (120_000, 150_000)
    assert shared.status == "missed"


def test_a_consolidated_kpi_still_running_somewhere_is_not_missed(
    write_files: WriteFiles,
) -> None:
    """Nord's window closed (missed); Sud's runs to 31 December: the whole is not over, so it is
    judged on its trajectory, and a missed part makes it off track at worst, never missed."""
    from pacsite.analysis.portfolio import portfolio

    base = """\
title: Agence {name}
year: 2025
as_of: 2025-09-30
language: fr
kpis:
  - {{id: ca, name: Chiffre d'affaires, unit: EUR}}
objectives:
  - {{id: ca-obj, title: Réaliser {target} €, kpi: ca, target: {target}, due: {due}}}
results:
  - file: {id}.csv
"""
    files = {
        "plans/nord.yaml": base.format(id="nord", name="Nord", target=100_000, due="2025-06-30"),
        "plans/nord.csv": "date,kpi,value\n2025-05,ca,10000\n",
        "plans/sud.yaml": base.format(id="sud", name="Sud", target=50_000, due="2025-12-31"),
        "plans/sud.csv": "date,kpi,value\n2025-05,ca,10000\n",
    }
    outcome = check(write_files(files) / "plans")
    [shared] = portfolio([p.analysis for p in outcome.plans]).shared
    assert shared.status != "missed"


def test_the_export_sets_each_period_target_beside_its_actual(
    write_files: WriteFiles, tmp_path: Path
) -> None:
    """The plan's revenue objective, 240 000 € over 2026 (365 days), spread evenly by day:
    April's own target is 240 000 × 30 / 365 = 19 726 €, beside April's 14 000 €; the cumulative
    pair, labelled as such: 25 000 € made (March and April) against 240 000 × 120 / 365 =
    78 904 € by 30 April. A review that suspended the restaurants' axis shows on the Axes
    sheet."""
    import openpyxl

    from pacsite.render.workbook import plan_workbook

    plan = ROI_PLAN.replace(
        "segments:\n",
        "objectives:\n  - {id: ca-2026, title: Réaliser 240 000 €, kpi: ca, target: 240000,"
        " due: 2026-12-31}\nsegments:\n",
    ).replace(
        "results:\n",
        "reviews:\n  - date: 2026-04-15\n    decisions:\n"
        "      - {axis: carte-pro, decision: suspend, reason: pas de résultats}\n"
        "results:\n",
    )
    analysed = _analysed(write_files, plan)
    data = plan_workbook(
        analysed.loaded.plan,  # type: ignore[attr-defined]
        "fr",
        analysis=analysed.analysis,  # type: ignore[attr-defined]
        measures=analysed.loaded.measures,  # type: ignore[attr-defined]
    )
    path = tmp_path / "export.xlsx"
    path.write_bytes(data)
    book = openpyxl.load_workbook(path)
    sheet = book["Indicateurs par période"]
    header = [c.value for c in sheet[1]]
    assert header == [
        "Indicateur", "Période", "Réalisé", "Objectif de la période", "An dernier",
        "Réalisé cumulé", "Objectif cumulé",
    ]  # fmt: skip
    rows = [
        dict(zip(header, (c.value for c in row), strict=False))
        for row in sheet.iter_rows(min_row=2)
    ]
    april = next(r for r in rows if r[header[1]] == "2026-04")
    assert april[header[2]] == 14_000
    assert april[header[3]] == pytest.approx(240_000 * 30 / 365, abs=0.5)
    assert april[header[5]] == 25_000
    assert april[header[6]] == pytest.approx(240_000 * 120 / 365, abs=0.5)
    axes = book["Axes"]
    axes_header = [c.value for c in axes[1]]
    statuses = {
        row[axes_header.index("Identifiant")].value: (
            row[axes_header.index("Statut")].value,
            row[axes_header.index("Statut après les revues")].value,
        )
        for row in axes.iter_rows(min_row=2)
    }
    assert statuses["carte-pro"] == (None, "Suspendu")  # as written (active); as reviewed


PIPEDRIVE_PLAN = """\
title: Distribution 2026
year: 2026
language: fr
kpis:
  - {id: ca, name: Chiffre d'affaires, unit: EUR, cadence: month}
segments:
  - {id: hotellerie, name: Hôtellerie}
  - {id: restauration, name: Restauration}
results:
  - file: pipedrive.csv
    kpi: ca
    date_column: Deal closed on
    value_column: Value
    segment_column: Pipeline
"""


def _pipedrive() -> str:
    """25 won deals of 1 000 € on the hotels' pipeline, 25 of 400 € on the restaurants', then
    the export's total row."""
    rows = ["Deal closed on,Value,Pipeline,Status"]
    for i in range(25):
        rows.append(f"2026-03-{i + 1:02d},1000,Hôtels,won")
        rows.append(f"2026-03-{i + 1:02d},400,Restaurants,won")
    rows.append("Total,35000,,")
    return "\n".join(rows) + "\n"


def test_unknown_crm_values_are_one_error_listing_them(
    write_files: WriteFiles, capsys: pytest.CaptureFixture[str]
) -> None:

    root = write_files({"plans/d/plan.yaml": PIPEDRIVE_PLAN, "plans/d/pipedrive.csv": _pipedrive()})
    outcome = check(root / "plans")
    [error] = outcome.errors  # not 50, one per row
    assert (error.code, error.position.line) == ("PAC006", 2)
    assert "50 lignes ne désignent aucun segment du plan" in error.message
    assert (
        "« Hôtels » (25)" not in error.message
        and "'Hôtels' (25), 'Restaurants' (25)" in error.message
    )
    assert "values: {'Hôtels': <segment>}" in error.message
    [note] = outcome.notes
    assert (note.severity, note.position.line) == ("info", 52)


def test_mapped_crm_values_and_a_total_row_build_under_strict(
    write_files: WriteFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    """With `values:`, 25 000 € of March for the hotels and 10 000 € for the restaurants; the
    total row (35 000 €) is left out with a note, which `--strict` does not count."""
    from pacsite.cli import main

    mapped = PIPEDRIVE_PLAN + "    values: {hôtels: hotellerie, Restaurants: restauration}\n"
    root = write_files({"plans/d/plan.yaml": mapped, "plans/d/pipedrive.csv": _pipedrive()})
    outcome = check(root / "plans")
    assert outcome.errors == []
    [analysed] = outcome.plans
    totals: dict[str | None, float] = {}
    for m in analysed.loaded.measures:
        totals[m.segment] = totals.get(m.segment, 0) + m.value
    assert totals == {"hotellerie": 25_000, "restauration": 10_000}
    capsys.readouterr()
    assert main(["validate", str(root / "plans"), "--strict"]) == 0
    out = capsys.readouterr()
    assert "pipedrive.csv:52" in out.out and "lue comme un total" in out.out
    assert "0 avertissement" in out.err or "0 warning" in out.err


def test_an_undated_row_in_the_middle_is_still_an_error(write_files: WriteFiles) -> None:
    export = _pipedrive().replace("2026-03-02,1000,Hôtels,won", ",1000,Hôtels,won")
    mapped = PIPEDRIVE_PLAN + "    values: {hôtels: hotellerie, Restaurants: restauration}\n"
    root = write_files({"plans/d/plan.yaml": mapped, "plans/d/pipedrive.csv": export})
    [error] = check(root / "plans").errors
    assert (error.code, error.position.line) == ("PAC006", 4)


def test_the_method_proposes_to_prioritise_and_to_deploy(
    write_files: WriteFiles, site: object
) -> None:
    """On 30 April: the restaurants made 8 000 € in March against 10 000 € last March, −20 %:
    prioritise their axes. The hotels' axis, started on 1 April, brought 14 000 € against
    10 000 € last April for 1 000 € of cost: ROI 4×, twice its expected 2×, within a month:
    deploy it to the restaurants. Each proposal shows its figures on the review page."""
    from pacsite.analysis.proposals import proposals

    plan = ROI_PLAN.replace(
        "        budget: 27500\n", "        budget: 1000\n        expected_roi: 2\n"
    )
    sales = SALES + "2025-03,ca,10000,restaurants\n2026-03,ca,8000,restaurants\n"
    analysis = _analysed(write_files, plan, sales).analysis  # type: ignore[attr-defined]
    found = {p.kind: p for p in proposals(analysis.segments, analysis.as_of)}
    assert set(found) == {"prioritise", "deploy"}
    fall = found["prioritise"]
    assert (fall.segment, fall.value, fall.reference) == ("restaurants", 8000, 10000)
    assert fall.change == pytest.approx(-0.2)
    spread = found["deploy"]
    assert (spread.axis, spread.others) == ("offre-groupe", ("restaurants",))
    assert spread.value == pytest.approx(4.0) and spread.reference == 2
    build = site({"plans/pac/plan.yaml": plan, "plans/pac/ventes.csv": sales})  # type: ignore[operator]
    build.build()
    page = build.html("pac/reviews/next/")
    items = [
        " ".join(li.get_text(" ", strip=True).replace("\u202f", " ").replace("\xa0", " ").split())
        for li in page.select("ul.pacsite-proposals li")
    ]
    assert items == [
        "Prioriser les axes du segment Restaurants — son Chiffre d'affaires est à −20 % sur les "
        "mêmes périodes l’an dernier (8 000 € contre 10 000 €)",
        "Déployer Offre groupe sur Restaurants — ROI de 4× pour 2× attendu, en 1 mois",
    ]


def test_a_decision_records_where_an_axis_is_deployed(site: object) -> None:
    plan = ROI_PLAN.replace(
        "results:\n",
        "reviews:\n  - date: 2026-04-30\n    decisions:\n"
        "      - {axis: offre-groupe, decision: push, deploy_to: [restaurants]}\n"
        "results:\n",
    )
    build = site({"plans/pac/plan.yaml": plan, "plans/pac/ventes.csv": SALES})  # type: ignore[operator]
    build.build()
    page = build.html("pac/reviews/2026-04-30/")
    assert "Déployé sur : Restaurants" in page.get_text(" ")
    broken = plan.replace("deploy_to: [restaurants]", "deploy_to: [restaurant]")
    root = build.root
    (root / "plans/pac/plan.yaml").write_text(broken, encoding="utf-8")
    [error] = check(root / "plans").errors
    assert (error.code, error.path) == ("PAC003", "reviews[0].decisions[0].deploy_to[0]")


def test_a_long_format_export_maps_its_kpi_names_too(write_files: WriteFiles) -> None:
    """An export in the long format names its KPI "CA HT" and its segment "Hôtels & co": the
    results entry's `values:` reads them as `ca` and `hotels`."""
    plan = ROI_PLAN.replace(
        "  - file: ventes.csv\n",
        "  - file: export.csv\n    values: {CA HT: ca, Hôtels & co: hotels}\n",
    )
    export = "date,kpi,value,segment\n2026-03,CA HT,11000,Hôtels & co\n"
    root = write_files({"plans/pac/plan.yaml": plan, "plans/pac/export.csv": export})
    outcome = check(root / "plans")
    assert outcome.errors == []
    [measure] = outcome.plans[0].loaded.measures
    assert (measure.kpi, measure.segment, measure.value) == ("ca", "hotels", 11000)
