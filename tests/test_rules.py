"""Every verdict (`pacsite.analysis.verdicts`) and alert rule (`pacsite.analysis.rules`), alone, on figures computed by hand."""

from __future__ import annotations

from datetime import date

import pytest

from pacsite.analysis.progress import Progress
from pacsite.analysis.rules import (
    Where,
    drop_reference,
    drop_threshold,
    kpi_drop,
    objective_off_track,
    over_budget,
    overdue,
    roi_low,
    roi_rule,
)
from pacsite.analysis.series import Point
from pacsite.analysis.verdicts import Thresholds, target_status, worst
from pacsite.model import Kpi, Period, Plan

SALES = Kpi(id="ventes", name="Ventes", unit="count")
COST_PER_LEAD = Kpi(id="cpl", name="Coût par lead", unit="EUR", direction="decrease")
MONTH = Period(date(2025, 3, 1), date(2025, 3, 31))
FEB = Period(date(2025, 2, 1), date(2025, 2, 28))


@pytest.mark.parametrize(
    ("ratio", "status"),
    [
        (1.2, "on_track"),
        (1.0, "on_track"),
        (0.9999, "at_risk"),
        (0.85, "at_risk"),
        (0.8, "off_track"),
    ],
)
def test_target_status_from_the_ratio(ratio: float, status: str) -> None:
    assert target_status(ratio, Thresholds(1.0, 0.85)) == status


def test_thresholds_are_settings() -> None:
    assert target_status(0.9, Thresholds(0.95, 0.9)) == "at_risk"
    assert target_status(0.89, Thresholds(0.95, 0.9)) == "off_track"


def test_a_whole_takes_the_most_worrying_verdict_of_its_parts() -> None:
    assert worst(["on_track", "achieved", "at_risk"]) == "at_risk"
    assert worst(["no_data", "on_track"]) == "on_track"
    assert worst(["not_started", "no_data"]) == "not_started"
    assert worst([]) == "no_data"


def _progress(status: str, actual: float, expected: float) -> Progress:
    window = Period(date(2025, 1, 1), date(2025, 12, 31))
    return Progress(
        SALES,
        240,
        200,
        window,
        actual,
        expected,
        actual / expected,
        actual / 240,
        status,  # type: ignore[arg-type]
    )


def test_objective_off_track_only_when_off_track() -> None:
    as_of = date(2025, 3, 31)
    assert objective_off_track(_progress("at_risk", 52, 59.2), as_of, Where()) is None
    alert = objective_off_track(_progress("off_track", 40, 59.2), as_of, Where(objective="vol"))
    assert alert is not None
    assert (alert.kind, alert.severity, alert.kpi, alert.objective) == (
        "objective_off_track",
        "critical",
        "ventes",
        "vol",
    )
    assert (alert.period, alert.value, alert.reference) == (
        Period(date(2025, 1, 1), as_of),
        40,
        59.2,
    )
    assert alert.change == pytest.approx(40 / 59.2)


def test_over_budget() -> None:
    assert over_budget(1000, 1000, Where(action="salon")) is None
    assert over_budget(900, None, Where(action="salon")) is None
    alert = over_budget(1200, 1000, Where(action="salon"))
    assert alert is not None and (alert.severity, alert.value, alert.reference) == (
        "warning",
        1200,
        1000,
    )
    plan = over_budget(6500, 6000, Where(), severity="critical")
    assert plan is not None and plan.severity == "critical" and plan.action is None


def test_overdue() -> None:
    assert overdue(date(2025, 3, 1), 0, False, Where(action="a")) is None
    alert = overdue(date(2025, 3, 1), 30, True, Where(action="a"))
    assert alert is not None
    assert (alert.kind, alert.period, alert.value) == (
        "overdue",
        Period.day(date(2025, 3, 1)),
        30.0,
    )


def test_roi_low_under_the_floor_only() -> None:
    window = Period(date(2025, 2, 1), date(2025, 3, 31))
    assert roi_low(1.5, 1.5, 2, window, Where(axis="reprise")) is None
    assert roi_low(None, 1.5, 2, window, Where(axis="reprise")) is None
    assert roi_low(1.0, None, 2, window, Where(axis="reprise")) is None
    alert = roi_low(1.2, 1.5, 2, window, Where(axis="reprise"))
    assert alert is not None and (alert.value, alert.reference, alert.threshold) == (1.2, 1.5, 2.0)


def test_roi_rule_kpi_first_then_plan() -> None:
    plan = Plan.model_validate(
        {
            "id": "p",
            "title": "P",
            "year": 2025,
            "alerts": {"roi_min": 1.5, "roi_window_months": 2},
            "kpis": [
                {"id": "ca", "name": "CA", "unit": "EUR", "alert": {"roi_min": 3}},
                {"id": "cb", "name": "CB", "unit": "EUR"},
            ],
        }
    )
    assert roi_rule(plan, plan.kpi("ca")) == (3, 2)
    assert roi_rule(plan, plan.kpi("cb")) == (1.5, 2)
    assert drop_threshold(plan, plan.kpi("cb")) == plan.alerts.drop_pct  # type: ignore[arg-type]


def test_kpi_drop_beyond_the_threshold_the_wrong_way() -> None:
    previous = drop_reference(100, None, None)
    assert previous == (100, "previous")
    alert = kpi_drop(SALES, Point(MONTH, 82), previous, 10, Where())  # −18 %
    assert alert is not None and alert.change == pytest.approx(-0.18) and alert.kpi == "ventes"
    assert alert.basis == "previous" and alert.reference == 100
    assert kpi_drop(SALES, Point(MONTH, 90), previous, 10, Where()) is None  # exactly −10 %
    assert kpi_drop(SALES, Point(MONTH, 130), previous, 10, Where()) is None  # a rise is good
    assert kpi_drop(SALES, Point(MONTH, 82), previous, None, Where()) is None  # no rule
    assert kpi_drop(SALES, Point(MONTH, 82), drop_reference(0, None, None), 10, Where()) is None
    rise = kpi_drop(COST_PER_LEAD, Point(MONTH, 56), drop_reference(50, None, None), 10, Where())
    assert rise is not None and rise.change == pytest.approx(0.12)


def test_a_drop_is_judged_against_the_plan_then_last_year_then_the_previous_period() -> None:
    assert drop_reference(100, 60, 50) == (50, "plan")
    assert drop_reference(100, 60, None) == (60, "last_year")
    assert drop_reference(100, None, None) == (100, "previous")
    assert drop_reference(None, None, None) is None
    # a seasonal dip the plan foresaw: 55 after 100, planned 50 — no alert
    assert kpi_drop(SALES, Point(MONTH, 55), drop_reference(100, None, 50), 10, Where()) is None
    # last year's same month was as low: no alert either
    assert kpi_drop(SALES, Point(MONTH, 55), drop_reference(100, 58, None), 10, Where()) is None
    real = kpi_drop(SALES, Point(MONTH, 40), drop_reference(100, None, 50), 10, Where())
    assert real is not None and real.basis == "plan" and real.change == pytest.approx(-0.2)


# Units ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "code"),
    [("EUR", "EUR"), ("eur", "EUR"), ("€", "EUR"), ("$", "USD"), ("£", "GBP"), ("count", None)],
)
def test_currency_symbols_and_codes_both_mean_money(unit: str, code: str | None) -> None:
    from pacsite.analysis import is_monetary
    from pacsite.model.units import currency_code

    assert currency_code(unit) == code
    assert is_monetary(unit) is (code is not None)


def test_a_rate_changes_in_points_and_a_count_is_whole() -> None:
    from pacsite.analysis.kpi import KpiState
    from pacsite.render import Formatter

    nps = Kpi(id="nps", name="NPS", unit="points", aggregation="last")
    state = KpiState(nps, [Point(FEB, 27), Point(MONTH, 33)])
    assert state.change == 6 and state.change_is_good
    fr, en = Formatter("fr"), Formatter("en")
    assert fr.move(state.change, nps.unit) == "+6\u00a0pts"
    assert en.signed_points(-2.5) == "\u22122.5\u00a0pts"
    rate = KpiState(
        Kpi(id="t", name="T", unit="%", aggregation="mean"), [Point(FEB, 31), Point(MONTH, 24)]
    )
    assert rate.change == -7 and rate.change_is_good is False
    sales = KpiState(SALES, [Point(FEB, 100), Point(MONTH, 82)])
    assert sales.change == pytest.approx(-0.18)
    assert fr.move(sales.change, SALES.unit) == "\u221218\u00a0%"
    assert en.move(rate.change, "%") == "\u22127\u00a0pts"
    assert fr.value(3967.1, "count") == "3\u202f967" and en.value(3967.6, "count") == "3,968"


@pytest.mark.parametrize(
    ("ratio", "limit", "shown"),
    [(0.24, 0.10, "24\u00a0%"), (0.104, 0.10, "10,4\u00a0%"), (0.1004, 0.10, "10,04\u00a0%")],
)
def test_a_percentage_is_never_rounded_onto_its_threshold(
    ratio: float, limit: float, shown: str
) -> None:
    from pacsite.render import Formatter

    assert Formatter("fr").percent_beyond(ratio, limit) == shown


def test_a_closed_target_is_achieved_or_missed() -> None:
    from pacsite.analysis.verdicts import closed_status

    assert closed_status(True) == "achieved" and closed_status(False) == "missed"
    assert worst(["on_track", "missed", "off_track"]) == "missed"


def test_a_rate_s_drop_carries_its_gap_in_points() -> None:
    """31 % → 24 % against the previous month: −22,6 % relative (beyond 10 %), 7 points; a
    count's drop has no points."""
    rate = Kpi(id="t", name="T", unit="%", aggregation="mean")
    alert = kpi_drop(rate, Point(MONTH, 24), (31.0, "previous"), 10, Where())
    assert alert is not None and alert.points == pytest.approx(7)
    assert alert.change == pytest.approx(-7 / 31)
    count = kpi_drop(SALES, Point(MONTH, 80), (100.0, "previous"), 10, Where())
    assert count is not None and count.points is None
