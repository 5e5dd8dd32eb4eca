"""Analytics against hand-computed figures."""

from __future__ import annotations

from datetime import date

import pytest

from pacsite.analysis import Scope, analyse, assess, build_date, series
from pacsite.model import Kpi, Measure, Plan, parse_period
from pacsite.pipeline import check as load_plans
from tests.conftest import EXAMPLE_PLANS, MINIMAL_PLAN, WriteFiles


def m(when: str, kpi: str, value: float, **scope: str) -> Measure:
    return Measure(parse_period(when), kpi, value, **scope)  # type: ignore[arg-type]


SUM = Kpi(id="ventes", name="Ventes", aggregation="sum", cadence="month")
LEVEL = Kpi(id="satisfaction", name="Satisfaction", unit="%", aggregation="mean", cadence="month")
COST = Kpi(
    id="cpl",
    name="Coût par lead",
    unit="EUR",
    direction="decrease",
    aggregation="mean",
    cadence="month",
)


def test_sports_retailer_seasons_add_up_to_the_annual_target() -> None:
    [loaded] = [p for p in load_plans(EXAMPLE_PLANS).loaded if p.plan.id == "enseigne-sport-2025"]
    plan = loaded.plan
    annual = next(o for o in plan.objectives if o.id == "ca-annuel")
    assert annual.target == 1_100_000
    assert annual.phasing is not None
    assert sum(annual.phasing.values()) == 1_100_000
    assert [p.label for p in sorted(annual.phasing)] == [
        "2025-Q1",
        "2025-Q2",
        "2025-07-01/2025-08-31",
        "2025-09-01/2025-12-31",
    ]
    assert [a.objective.target for s in plan.segments for a in s.axes if a.objective] == [
        180_000,
        220_000,
        300_000,
        400_000,
    ]
    assert plan.budget is not None and plan.budget.total == 72_000
    assert sum(line.amount for line in plan.budget.lines) == 72_000 == 12 * 6_000
    assert sum(a.budget or 0 for a in plan.actions) == 72_000


def test_pro_rata_trajectory_of_a_cumulative_kpi() -> None:
    window = parse_period("2025-Q1")  # 90 days
    measures = [m("2025-01", "ventes", 40), m("2025-02-10", "ventes", 14)]
    p = assess(SUM, 120, None, window, measures, date(2025, 2, 14))
    assert p.actual == 54
    assert p.expected == pytest.approx(120 * 45 / 90)
    assert p.ratio == pytest.approx(0.9)
    assert p.status == "at_risk"
    assert p.progress == pytest.approx(0.45)


def test_phasing_trajectory() -> None:
    window = parse_period("2025-Q1")
    phasing = {
        parse_period("2025-01"): 30.0,
        parse_period("2025-02"): 40.0,
        parse_period("2025-03"): 50.0,
    }
    p = assess(
        SUM,
        120,
        None,
        window,
        [m("2025-01", "ventes", 31), m("2025-02-05", "ventes", 20)],
        date(2025, 2, 14),
        phasing=phasing,
    )
    assert p.expected == pytest.approx(30 + 40 * 14 / 28)
    assert p.ratio == pytest.approx(51 / 50)
    assert p.status == "on_track"


def test_level_kpi_moves_from_baseline_to_target() -> None:
    window = parse_period("2025")
    measures = [m("2025-05", "satisfaction", 87), m("2025-06", "satisfaction", 88)]
    p = assess(LEVEL, 90, 84, window, measures, date(2025, 7, 2))
    assert p.actual == pytest.approx(87.5)
    assert p.expected == pytest.approx(84 + 6 * 183 / 365)
    assert p.status == "on_track"
    assert p.progress == pytest.approx(3.5 / 6)


def test_decrease_kpi_is_on_track_when_under() -> None:
    window = parse_period("2025")
    p = assess(COST, 120, 165, window, [m("2025-12", "cpl", 130)], date(2025, 12, 31))
    assert p.expected == pytest.approx(120)
    assert p.ratio == pytest.approx(120 / 130)
    assert p.status == "missed"  # the year is over and 130 is above the 120 aimed at
    assert p.progress == pytest.approx(35 / 45)
    before_the_end = assess(COST, 120, 165, window, [m("2025-11", "cpl", 130)], date(2025, 11, 30))
    assert before_the_end.status == "at_risk"  # 94 % of the way there, with a month to go
    assert (
        assess(COST, 120, 165, window, [m("2025-12", "cpl", 118)], date(2025, 12, 31)).status
        == "achieved"
    )


def test_a_closed_window_below_target_is_missed_not_at_risk() -> None:
    """Q1 ended at 90 of 100: not "at risk" forever, missed; 100 of 100 is achieved."""
    window = parse_period("2025-Q1")
    measures = [m("2025-01", "ventes", 30), m("2025-02", "ventes", 30), m("2025-03", "ventes", 30)]
    late = assess(SUM, 100, None, window, measures, date(2025, 6, 30))
    assert (late.status, late.actual, late.ratio) == ("missed", 90, pytest.approx(0.9))
    measures.append(m("2025-03", "ventes", 10))
    assert assess(SUM, 100, None, window, measures, date(2025, 6, 30)).status == "achieved"


def test_statuses_before_start_and_without_data() -> None:
    window = parse_period("2025-Q2")
    assert assess(SUM, 10, None, window, [], date(2025, 3, 1)).status == "not_started"
    assert assess(SUM, 10, None, window, [], date(2025, 5, 1)).status == "no_data"


def test_thresholds_are_configurable() -> None:
    from pacsite.analysis import Thresholds

    window = parse_period("2025-Q1")
    measures = [m("2025-01", "ventes", 36)]
    assert (
        assess(SUM, 120, None, window, measures, date(2025, 1, 31)).status == "at_risk"
    )  # 36 / 41.3
    p = assess(SUM, 120, None, window, measures, date(2025, 1, 31), thresholds=Thresholds(0.8, 0.5))
    assert p.status == "on_track" and p.ratio == pytest.approx(36 / (120 * 31 / 90))


def test_weekly_roll_up_to_months_and_detail_levels() -> None:
    kpi = Kpi(id="ventes", name="V", cadence="month")
    measures = [
        m("2025-W05", "ventes", 10, segment="a"),  # 27 Jan - 2 Feb: Thursday 30 Jan, January
        m("2025-W06", "ventes", 5, segment="a"),
        m("2025-01", "ventes", 7, segment="b"),
        m("2025-02", "ventes", 100),  # a plan total: wins over segment rows for February
        m("2025-02", "ventes", 3, segment="a", axis="x", action="y"),
    ]
    assert [(p.period.label, p.value) for p in series(measures, kpi)] == [
        ("2025-01", 17),
        ("2025-02", 100),
    ]
    assert [(p.period.label, p.value) for p in series(measures, kpi, Scope(segment="a"))] == [
        ("2025-01", 10),
        ("2025-02", 5),
    ]
    assert [p.value for p in series(measures, kpi, Scope(action="y"))] == [3]


PLAN = (
    MINIMAL_PLAN.replace("year: 2025\n", "year: 2025\nas_of: 2025-05-31\ncurrency: EUR\n")
    + """\
  - id: appel
    title: Appeler les clients dormants
    segment: particuliers
    axis: reprise
    owner: julie
    start: 2025-04-01
    due: 2025-05-31
    budget: 2000
    spent: 2500
    status: done
  - id: mailing
    title: Envoyer un mailing
    segment: particuliers
    axis: reprise
    owner: julie
    start: 2025-04-01
    due: 2025-04-30
    budget: 1000
    status: in_progress
alerts:
  drop_pct: 10
  roi_min: 1.5
  roi_window_months: 2
"""
)


def _analysis(write_files: WriteFiles, plan: str, results: str) -> object:
    root = write_files({"plans/demo/plan.yaml": plan, "plans/demo/results/r.csv": results})
    result = load_plans(root / "plans", root=root)
    assert result.errors == [], [str(e) for e in result.errors]
    [loaded] = result.loaded
    return analyse(loaded.plan, loaded.measures)


def test_axis_roi_and_rollup(write_files: WriteFiles) -> None:
    results = "date,kpi,value,segment,axis,action\n2025-04,chiffre-affaires,6000,particuliers,,\n2025-05,chiffre-affaires,3000,particuliers,,\n"
    a = _analysis(write_files, PLAN, results)
    [axis] = a.segments[0].axes  # type: ignore[attr-defined]
    # from its first action (salon, 15 January) to its objective's due date
    assert axis.window == parse_period("2025-01-15/2025-06-30")
    assert axis.revenue == 9000
    assert axis.cost == 2500 + 1000  # spent when known, else budget; salon has neither
    # the segment's revenue is not the axis's: without last year nor a baseline, no ROI
    assert axis.reference is None and axis.roi is None
    r = a.rollup  # type: ignore[attr-defined]
    assert (r.total, r.done, r.overdue, r.budget, r.spent) == (3, 1, 2, 3000, 2500)
    kinds = sorted((al.kind, al.action or al.axis or "") for al in a.alerts)  # type: ignore[attr-defined]
    assert ("overdue", "mailing") in kinds and ("overdue", "salon") in kinds
    assert ("over_budget", "appel") in kinds


def test_axis_roi_is_incremental_against_last_year(write_files: WriteFiles) -> None:
    """Extra revenue = this window so far minus the same dates last year; ÷ cost."""
    results = (
        "date,kpi,value,segment\n"
        "2024-01,chiffre-affaires,500,particuliers\n"  # before the window's first month
        "2024-04,chiffre-affaires,2000,particuliers\n"
        "2024-05,chiffre-affaires,1000,particuliers\n"
        "2025-04,chiffre-affaires,6000,particuliers\n"
        "2025-05,chiffre-affaires,3000,particuliers\n"
    )
    a = _analysis(write_files, PLAN, results)
    [axis] = a.segments[0].axes  # type: ignore[attr-defined]
    # window 15 Jan – 30 Jun 2025, judged on 31 May: last year 15 Jan – 31 May 2024 (months
    # counted from the month holding its first day: January 2024 counts)
    assert axis.reference.source == "last_year"
    assert axis.reference.window == parse_period("2024-01-15/2024-05-31")
    assert axis.reference.value == 500 + 2000 + 1000
    assert axis.extra == 9000 - 3500
    assert axis.roi == pytest.approx(5500 / 3500)


def test_axis_roi_is_incremental_against_the_baseline_pro_rata(write_files: WriteFiles) -> None:
    plan = PLAN.replace(
        "objective: {kpi: chiffre-affaires, target: 1000, due: 2025-06-30}",
        "objective: {kpi: chiffre-affaires, baseline: 12000, target: 20000, due: 2025-06-30}",
    )
    assert plan != PLAN
    results = (
        "date,kpi,value,segment\n"
        "2025-04,chiffre-affaires,6000,particuliers\n2025-05,chiffre-affaires,3000,particuliers\n"
    )
    a = _analysis(write_files, plan, results)
    [axis] = a.segments[0].axes  # type: ignore[attr-defined]
    # 137 of the window's 167 days gone (15 Jan – 31 May of 15 Jan – 30 Jun)
    assert axis.reference.source == "baseline"
    assert axis.reference.value == pytest.approx(12000 * 137 / 167)
    assert axis.roi == pytest.approx((9000 - 12000 * 137 / 167) / 3500)


def test_action_roi_alert_over_the_window(write_files: WriteFiles) -> None:
    results = "date,kpi,value,segment,axis,action\n2025-04,chiffre-affaires,600,,,appel\n2025-05,chiffre-affaires,400,,,appel\n"
    a = _analysis(write_files, PLAN, results)
    [alert] = [al for al in a.alerts if al.kind == "roi_low" and al.action]  # type: ignore[attr-defined]
    assert alert.action == "appel"
    assert alert.value == pytest.approx(1000 / 2500)  # whole cost inside the 2-month window
    assert alert.reference == 1.5


def test_a_weekly_kpi_falling_18_percent_raises_one_alert(write_files: WriteFiles) -> None:
    plan = PLAN.replace(
        "  - {id: ventes, name: Ventes, unit: count}",
        "  - {id: ventes, name: Ventes, unit: count, cadence: week}",
    )
    results = "date,kpi,value\n2025-W10,ventes,100\n2025-W11,ventes,100\n2025-W12,ventes,82\n2025-W13,ventes,85\n2025-W14,ventes,80\n"
    a = _analysis(write_files, plan, results)
    drops = [al for al in a.alerts if al.kind == "kpi_drop"]  # type: ignore[attr-defined]
    assert [(d.period.label, d.kpi, round(d.change, 2)) for d in drops] == [
        ("2025-W12", "ventes", -0.18)
    ]


def test_a_decrease_kpi_rising_12_percent_raises_one_alert(write_files: WriteFiles) -> None:
    plan = PLAN.replace(
        "  - {id: ventes, name: Ventes, unit: count}",
        "  - {id: ventes, name: Ventes, unit: count}\n  - {id: cpl, name: Coût par lead, unit: EUR, direction: decrease, aggregation: mean}",
    )
    results = "date,kpi,value\n2025-02,cpl,100\n2025-03,cpl,100\n2025-04,cpl,112\n2025-05,cpl,95\n"
    a = _analysis(write_files, plan, results)
    drops = [al for al in a.alerts if al.kind == "kpi_drop"]  # type: ignore[attr-defined]
    assert [(d.period.label, d.kpi, round(d.change, 2)) for d in drops] == [
        ("2025-04", "cpl", 0.12)
    ]


def test_kpi_alert_overrides_the_plan_rule(write_files: WriteFiles) -> None:
    plan = PLAN.replace(
        "  - {id: ventes, name: Ventes, unit: count}",
        "  - {id: ventes, name: Ventes, unit: count, alert: {drop_pct: 25}}",
    )
    results = "date,kpi,value\n2025-02,ventes,100\n2025-03,ventes,80\n"
    a = _analysis(write_files, plan, results)
    assert [al for al in a.alerts if al.kind == "kpi_drop"] == []  # type: ignore[attr-defined]


def test_as_of_sources(write_files: WriteFiles, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = Plan.model_validate({"title": "t", "year": 2025})
    assert analyse(plan, [m("2025-03", "x", 1)]).as_of == date(2025, 3, 31)
    assert analyse(plan, [m("2025-03", "x", 1)]).as_of_source == "results"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1750000000")  # 2025-06-15
    assert build_date() == date(2025, 6, 15)
    assert (analyse(plan, []).as_of, analyse(plan, []).as_of_source) == (date(2025, 6, 15), "build")
    dated = Plan.model_validate({"title": "t", "year": 2025, "as_of": "2025-04"})
    assert (analyse(dated, []).as_of, analyse(dated, []).as_of_source) == (
        date(2025, 4, 30),
        "plan",
    )
    assert analyse(dated, [], as_of=date(2025, 1, 1)).as_of_source == "option"


def test_objective_progress_is_the_mean_of_clamped_key_results(write_files: WriteFiles) -> None:
    plan = PLAN.replace(
        "objectives:\n",
        "objectives:\n  - id: ref\n    title: Devenir la référence\n    kind: qualitative\n"
        "    key_results:\n      - {kpi: ventes, target: 10, due: 2025-12-31}\n      - {kpi: chiffre-affaires, target: 1000, due: 2025-12-31}\n",
    )
    results = "date,kpi,value\n2025-02,ventes,30\n2025-03,chiffre-affaires,100\n"
    a = _analysis(write_files, plan, results)
    ref = a.objectives[0]  # type: ignore[attr-defined]
    assert [p.progress for p in ref.results] == [1.0, 0.1]
    assert ref.progress == pytest.approx(0.55)


def test_example_plans_exercise_every_alert_kind() -> None:
    kinds = set()
    for loaded in load_plans(EXAMPLE_PLANS).loaded:
        kinds |= {a.kind for a in analyse(loaded.plan, loaded.measures).alerts}
    assert kinds == {"kpi_drop", "roi_low", "objective_off_track", "overdue", "over_budget"}


def test_a_euro_sign_is_money_as_eur_is(write_files: WriteFiles) -> None:
    """`unit: €` once disabled ROI silently (only `EUR` counted as money)."""
    results = "date,kpi,value,segment\n2025-02,chiffre-affaires,4000,particuliers\n"
    plan = MINIMAL_PLAN.replace("    due: 2025-03-31\n", "    due: 2025-03-31\n    spent: 1000\n")
    plan = plan.replace(
        "{kpi: chiffre-affaires, target: 1000", "{kpi: chiffre-affaires, baseline: 0, target: 1000"
    )
    plan += "results:\n  - file: r.csv\n"
    rois = []
    for unit in ("EUR", "€"):
        root = write_files({f"{unit}/plans/a.yaml": plan.replace("unit: EUR", f'unit: "{unit}"'),
                            f"{unit}/plans/r.csv": results})  # fmt: skip
        [loaded] = load_plans(root / unit / "plans").loaded
        analysis = analyse(loaded.plan, loaded.measures, as_of=date(2025, 3, 31))
        rois.append(analysis.segments[0].axes[0].roi)
    assert rois[0] == rois[1] == 4000 / 1000  # a baseline of 0: all of it is extra


def test_a_seasonal_dip_that_follows_the_phasing_raises_no_alert(write_files: WriteFiles) -> None:
    """The plan expects a quiet February (phasing): falling 50 % from January is no drop;
    March 30 % under what the plan expected of it raises exactly one alert."""
    plan = (
        MINIMAL_PLAN.replace(
            "{id: volume, title: Vendre 100 unités, kpi: ventes, target: 100, due: 2025-12-31}",
            "{id: volume, title: Vendre 100 unités, kpi: ventes, target: 100, due: 2025-12-31, "
            "phasing: {2025-01: 20, 2025-02: 10, 2025-03: 20, 2025-04: 50}}",
        )
        + "alerts: {drop_pct: 10}\nresults:\n  - file: r.csv\n"
    )
    results = "date,kpi,value\n2025-01,ventes,20\n2025-02,ventes,10\n2025-03,ventes,14\n"
    root = write_files({"plans/a.yaml": plan, "plans/r.csv": results})
    [loaded] = load_plans(root / "plans").loaded
    analysis = analyse(loaded.plan, loaded.measures, as_of=date(2025, 3, 31))
    [drop] = [a for a in analysis.alerts if a.kind == "kpi_drop"]
    assert (drop.period.label, drop.basis, drop.reference) == ("2025-03", "plan", 20)
    assert drop.change == pytest.approx(14 / 20 - 1)


def test_an_overspend_is_one_alert_not_repeated_on_its_axis(write_files: WriteFiles) -> None:
    """The call campaign spent 2 500 € of 2 000 €; its axis has 3 000 €: the axis spent 2 500 €
    in all, of which 500 € are the campaign's own overspend — one alert, the action's."""
    plan = PLAN.replace(
        "{id: reprise, name: Reprise, objective:",
        "{id: reprise, name: Reprise, budget: 2000, objective:",
    )
    assert plan != PLAN
    a = _analysis(write_files, plan, "date,kpi,value\n2025-04,ventes,1\n")
    over = [(al.action, al.axis) for al in a.alerts if al.kind == "over_budget"]  # type: ignore[attr-defined]
    assert over == [("appel", "reprise")]  # the action's (placed on its axis), not the axis's too
    tight = plan.replace("budget: 2000, objective:", "budget: 1500, objective:")
    b = _analysis(write_files, tight, "date,kpi,value\n2025-04,ventes,1\n")
    kinds = sorted((al.action or "", al.axis) for al in b.alerts if al.kind == "over_budget")  # type: ignore[attr-defined]
    assert kinds == [("", "reprise"), ("appel", "reprise")]  # 2 000 € beyond 1 500 €: its own
    assert b.alert_counts["over_budget"] == 2  # type: ignore[attr-defined]
