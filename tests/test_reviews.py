"""Review meetings as data, their decisions, and stale data: each rule on both sides of its
threshold, hand-dated."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from pacsite.analysis import analyse
from pacsite.analysis.stale import (
    review_rhythm_days,
    stale_action,
    stale_kpi,
    stale_results,
)
from pacsite.model import Action, Kpi, Period, Plan, parse_period
from pacsite.pipeline import check as load_plans
from tests.conftest import DONE_PLAN, MINIMAL_PLAN, SiteBuild, WriteFiles

YEAR = parse_period("2025")


def test_a_monthly_kpi_is_stale_a_week_after_the_month_following_its_latest_result() -> None:
    """Latest result: March. April's was due by 30 April + 7 days = 7 May."""
    kpi = Kpi(id="ventes", name="Ventes", cadence="month")
    march = parse_period("2025-03")
    assert stale_kpi(kpi, march, YEAR, date(2025, 5, 7), 7) is None
    assert stale_kpi(kpi, march, YEAR, date(2025, 5, 8), 7) == date(2025, 5, 7)
    assert stale_kpi(kpi, None, YEAR, date(2025, 12, 1), 7) is None  # no data: another verdict
    # December's result closes the plan: nothing more is due
    assert stale_kpi(kpi, parse_period("2025-12"), YEAR, date(2026, 6, 1), 7) is None


def test_a_quarterly_kpi_waits_for_the_next_quarter() -> None:
    kpi = Kpi(id="ca", name="CA", cadence="quarter")
    q1 = parse_period("2025-Q1")
    assert stale_kpi(kpi, q1, YEAR, date(2025, 7, 7), 7) is None  # Q2 ended 30 June, + 7 days
    assert stale_kpi(kpi, q1, YEAR, date(2025, 7, 8), 7) == date(2025, 7, 7)


def test_an_action_is_stale_when_its_status_lags_its_dates() -> None:
    planned = Action(id="a", title="Visiter", start="2025-01-15", due="2025-03-31")
    assert stale_action(planned, date(2025, 2, 14), 30) is None  # 30 days after its start
    assert stale_action(planned, date(2025, 2, 15), 30) == (
        date(2025, 1, 15),
        date(2025, 2, 14),
        "start",
    )
    running = planned.model_copy(update={"status": "in_progress"})
    assert stale_action(running, date(2025, 4, 30), 30) is None
    assert stale_action(running, date(2025, 5, 1), 30) == (
        date(2025, 3, 31),
        date(2025, 4, 30),
        "due",
    )
    for status in ("done", "cancelled", "late", "suspended"):
        assert (
            stale_action(planned.model_copy(update={"status": status}), date(2026, 1, 1), 30)
            is None
        )


def test_a_results_file_is_stale_past_the_review_rhythm() -> None:
    assert stale_results(date(2025, 3, 31), YEAR, date(2025, 5, 1), 31) is None
    assert stale_results(date(2025, 3, 31), YEAR, date(2025, 5, 2), 31) == date(2025, 5, 1)
    assert stale_results(date(2024, 6, 30), YEAR, date(2025, 6, 30), 31) is None  # last year's
    assert stale_results(date(2025, 12, 31), YEAR, date(2026, 6, 30), 31) is None  # complete


def test_the_review_rhythm_is_the_latest_review_kind() -> None:
    plan = Plan.model_validate({"title": "x", "year": 2025})
    assert review_rhythm_days(plan) == 31
    quarterly = Plan.model_validate(
        {"title": "x", "year": 2025, "reviews": [{"date": "2025-04-02", "kind": "trimestrielle"}]}
    )
    assert review_rhythm_days(quarterly) == 92


STALE_PLAN = (
    MINIMAL_PLAN.replace("title: Plan de test\n", "title: Plan de test\nas_of: 2025-06-30\n")
    + "results:\n  - file: r.csv\n"
)


def test_stale_items_are_located_findings(write_files: WriteFiles) -> None:
    """Judged on 30 June 2025: sales stop in March (April's were due by 7 May), the fair is
    still planned since 15 January, and the results file's latest row is 31 March."""
    root = write_files(
        {
            "plans/demo.yaml": STALE_PLAN,
            "plans/r.csv": "date,kpi,value\n2025-01-31,ventes,3\n2025-03-31,ventes,5\n",
        }
    )
    result = load_plans(root / "plans", root=root)
    assert result.errors == []
    found = {d.code: d for d in result.warnings if d.code in {"PAC109", "PAC110", "PAC111"}}
    assert set(found) == {"PAC109", "PAC110", "PAC111"}
    assert found["PAC109"].path == "kpis[0]" and found["PAC109"].position.line == 8
    assert "2025-05-07" in found["PAC109"].message
    assert found["PAC110"].path == "actions[0]" and found["PAC110"].position.line == 18
    assert "166 jours" in found["PAC110"].message  # 15 January to 30 June
    assert found["PAC111"].position.file == "plans/r.csv"
    # silenced like any lint code; an archived plan has no stale data
    quiet = STALE_PLAN + "lint:\n  ignore: [PAC109, PAC110, PAC111]\n"
    (root / "plans/demo.yaml").write_text(quiet, encoding="utf-8")
    assert not [d for d in load_plans(root / "plans", root=root).warnings if d.code >= "PAC109"]
    archived = STALE_PLAN.replace("as_of:", "status: archived\nas_of:")
    (root / "plans/demo.yaml").write_text(archived, encoding="utf-8")
    assert not [d for d in load_plans(root / "plans", root=root).warnings if d.code >= "PAC109"]


REVIEWED = (
    MINIMAL_PLAN.replace("title: Plan de test\n", "title: Plan de test\nas_of: 2025-06-30\n")
    + """\
results:
  - file: r.csv
reviews:
  - date: 2025-04-02
    kind: trimestrielle
    attendees: [Julie Martin]
    decisions:
      - {axis: reprise, decision: abandonner, reason: Aucune reprise en trois mois}
    lessons: [Les reprises se signent au salon, pas par courrier]
"""
)
RESULTS = "date,kpi,value,segment,axis\n2025-01-31,chiffre-affaires,10,particuliers,reprise\n"


@pytest.mark.parametrize(
    ("as_of", "status", "alerted"),
    [("2025-04-01", "active", True), ("2025-04-02", "dropped", False)],
)
def test_a_dropped_axis_stops_counting_from_the_day_of_its_review(
    write_files: WriteFiles, as_of: str, status: str, alerted: bool
) -> None:
    """The trade-in axis is far behind (10 for 1 000 by June); the review of 2 April drops it:
    from that day it no longer raises an alert nor makes its segment off track."""
    root = write_files({"plans/demo.yaml": REVIEWED, "plans/r.csv": RESULTS})
    [loaded] = load_plans(root / "plans", root=root).loaded
    analysis = analyse(loaded.plan, loaded.measures, as_of=date.fromisoformat(as_of))
    [segment] = analysis.segments
    [axis] = segment.axes
    assert axis.axis.status == status
    assert axis.progress is not None and axis.progress.actual == 10  # its history stays
    assert any(a.where.axis == "reprise" for a in analysis.alerts) is alerted
    assert (segment.status == "off_track") is alerted
    if not alerted:
        decided = analysis.decisions["reprise"]
        assert decided.decision.decision == "drop" and decided.review.day == date(2025, 4, 2)


def test_a_review_names_axes_and_actions_of_the_plan(write_files: WriteFiles) -> None:
    plan = REVIEWED.replace("axis: reprise, decision", "axis: repris, decision") + (
        "    corrective_actions: [salom]\n"
    )
    root = write_files({"plans/demo.yaml": plan, "plans/r.csv": RESULTS})
    errors = {(d.code, d.path) for d in load_plans(root / "plans", root=root).errors}
    assert errors == {
        ("PAC003", "reviews[0].decisions[0].axis"),
        ("PAC003", "reviews[0].corrective_actions[0]"),
    }
    bad = REVIEWED.replace("decision: abandonner", "decision: peut-être")
    (root / "plans/demo.yaml").write_text(bad, encoding="utf-8")
    [error] = load_plans(root / "plans", root=root).errors
    assert error.code == "PAC002" and error.path == "reviews[0].decisions[0].decision"
    assert (
        error.position.line
        == bad.splitlines().index(
            "      - {axis: reprise, decision: peut-être, reason: Aucune reprise en trois mois}"
        )
        + 1
    )


def test_reviews_can_live_in_their_own_files(write_files: WriteFiles) -> None:
    folder = REVIEWED[: REVIEWED.index("reviews:")]
    review = """\
date: 2025-04-02
kind: quarterly
decisions:
  - {axis: reprise, decision: suspend}
"""
    root = write_files(
        {
            "plans/demo/plan.yaml": folder,
            "plans/demo/r.csv": RESULTS,
            "plans/demo/reviews/t1.yaml": review,
        }
    )
    [loaded] = load_plans(root / "plans", root=root).loaded
    assert [r.decisions[0].decision for r in loaded.plan.reviews] == ["suspend"]
    assert Period.containing(loaded.plan.reviews[0].day, "month") == parse_period("2025-04")


def _commit(repo: Path, when: str, message: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Claire Dubois",
        "GIT_AUTHOR_EMAIL": "c@example.com",
        "GIT_COMMITTER_NAME": "Claire Dubois",
        "GIT_COMMITTER_EMAIL": "c@example.com",
        "GIT_AUTHOR_DATE": f"{when}T10:00:00+01:00",
        "GIT_COMMITTER_DATE": f"{when}T10:00:00+01:00",
    }
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


REVIEWS = """\
reviews:
  - date: 2025-02-01
    kind: mensuelle
    lessons: [Le salon attire surtout des familles]
  - date: 2025-05-01
    kind: trimestrielle
    attendees: [Julie Martin]
    decisions:
      - {axis: reprise, decision: renforcer, reason: Les reprises transforment bien}
    lessons: [Relancer les devis sous 15 jours]
"""
TWO = "  - id: relance\n    title: Relancer les devis\n    segment: particuliers\n    axis: reprise\n    owner: julie\n    start: 2025-01-15\n    due: 2025-05-31\n    status: in_progress\n"
POSTERS = "  - id: affiches\n    title: Afficher la campagne\n    segment: particuliers\n    axis: reprise\n    owner: julie\n    start: 2025-03-01\n    due: 2025-09-30\n"
THREE = "  - id: appels\n    title: Appeler les clients du salon\n    segment: particuliers\n    axis: reprise\n    owner: julie\n    due: 2025-06-15\n    status: in_progress\n"
SALES = "date,kpi,value\n2025-01-31,ventes,10\n2025-02-28,ventes,20\n2025-03-31,ventes,30\n2025-04-30,ventes,40\n"


def test_a_review_page_lists_exactly_what_changed_since_the_previous_review(
    site: Callable[..., SiteBuild],
) -> None:
    """Three commits between the reviews of 1 February and 1 May: the target goes from 100 to
    120, the fair is done and a follow-up action added, the follow-up's due date slips a month.
    Progress: 10 of 100 on 1 February (10 %), 10 + 20 + 30 + 40 = 100 of 120 on 1 May (83 %)."""
    first = (
        MINIMAL_PLAN.replace("title: Plan de test\n", "title: Plan de test\nas_of: 2025-05-15\n")
        + TWO
        + POSTERS
        + "results:\n  - file: r.csv\n"
    )
    project = site({"plans/demo.yaml": first, "plans/r.csv": SALES})
    repo = project.root
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    _commit(repo, "2025-01-10", "Plan 2025")
    plan = repo / "plans/demo.yaml"
    text = first.replace("ventes, target: 100,", "ventes, target: 120,")
    plan.write_text(text, encoding="utf-8")
    _commit(repo, "2025-02-15", "Objectif relevé")
    text = text.replace("    due: 2025-03-31\n", "    due: 2025-03-31\n    status: done\n")
    text = text.replace("results:\n", "").replace("  - file: r.csv\n", "")
    text = text + THREE + "results:\n  - file: r.csv\n"
    plan.write_text(text, encoding="utf-8")
    _commit(repo, "2025-03-10", "Salon fait, relance ajoutée")
    text = text.replace("    due: 2025-05-31\n", "    due: 2025-06-30\n")
    plan.write_text(text, encoding="utf-8")
    _commit(repo, "2025-04-10", "Relance décalée")
    plan.write_text(text + REVIEWS, encoding="utf-8")
    _commit(repo, "2025-05-02", "Compte rendu de revue")
    project.build()  # not strict: the stale posters are a finding (PAC110)

    page = project.html("demo/reviews/2025-05-01")
    [row] = page.select("table.pacsite-review-objectives tbody tr")
    cells = [" ".join(td.get_text(" ").split()) for td in row.select("td")]
    assert cells[1:4] == ["10 %", "83 %", "+73,3 pts"]
    changes = [
        " ".join(li.get_text(" ").split()) for li in page.select(".pacsite-review-changes li")
    ]
    assert len(changes) == 4, changes
    assert any("100" in c and "120" in c for c in changes)  # the target
    assert any("Appeler les clients du salon" in c for c in changes)  # the action added
    assert any("Exposer au salon" in c for c in changes)  # its status
    assert any("Relancer les devis" in c for c in changes)  # its due date
    text_of = " ".join(page.get_text(" ").split())
    finished = text_of.split("Terminées")[1].split("Glissées")[0]
    assert "Exposer au salon" in finished and "Relancer" not in finished
    slipped = text_of.split("Glissées")[1].split("Ajoutées")[0]
    assert "Relancer les devis" in slipped and "Appeler" not in slipped
    added = text_of.split("Ajoutées")[1].split("Actions en retard")[0]
    assert "Appeler les clients du salon" in added and "Relancer" not in added
    [axis] = page.select("table.pacsite-review-axes tbody tr")
    assert "Renforcer" in axis.get_text() and "Les reprises transforment bien" in axis.get_text()
    assert "Relancer les devis sous 15 jours" in text_of
    # stale on 1 May: the posters, still planned 61 days after their 1 March start
    stale = [" ".join(li.get_text(" ").split()) for li in page.select("ul.pacsite-stale li")]
    assert stale == [
        "« Afficher la campagne » : toujours « Prévue » depuis son début, le 1 mars 2025"
    ]
    assert not project.html("demo/reviews/2025-02-01").select("ul.pacsite-stale li")
    # the first review compares with the plan's start; the next review exists too
    assert project.html("demo/reviews/2025-02-01").select("table.pacsite-review-objectives")
    assert "Prochaine revue" in project.html("demo/reviews/next").get_text()


def test_without_git_a_review_page_says_so_and_still_builds(site: Callable[..., SiteBuild]) -> None:
    plan = (
        DONE_PLAN.replace("title: Plan de test\n", "title: Plan de test\nas_of: 2025-05-15\n")
        + "results:\n  - file: r.csv\n"
        + REVIEWS
    )
    project = site({"plans/demo.yaml": plan, "plans/r.csv": SALES})
    project.build(strict=True)
    page = project.html("demo/reviews/2025-05-01")
    assert page.select_one(".pacsite-note") is not None
    assert "historique git" in page.select_one(".pacsite-note").get_text()
    assert "Ajoutées" not in page.get_text()  # unknown without git, not "none"
    # and a plan with no review at all has its "next review" page
    bare = project.root / "plans/demo.yaml"
    bare.write_text(plan[: plan.index("reviews:")], encoding="utf-8")
    project.build(strict=True)
    assert project.html("demo/reviews/next").select("table.pacsite-review-objectives")


def test_stale_data_is_a_banner_on_the_dashboard_and_a_section_of_status(
    site: Callable[..., SiteBuild], capsys: pytest.CaptureFixture[str]
) -> None:
    from pacsite.cli import main

    project = site(
        {
            "plans/demo.yaml": STALE_PLAN,
            "plans/r.csv": "date,kpi,value\n2025-01-31,ventes,3\n2025-03-31,ventes,5\n",
        }
    )
    project.build()
    banner = project.html("demo").select(".pacsite-stale-banner li")
    texts = [" ".join(li.get_text(" ").split()) for li in banner]
    assert len(texts) == 3
    assert texts[0] == (
        "Ventes : dernier résultat au 31 mars 2025, le suivant était attendu au plus tard le "
        "7 mai 2025"
    )
    assert main(["status", str(project.root / "plans")]) == 0
    out = capsys.readouterr().out
    assert "Données à mettre à jour (3)" in out and "  - Ventes : dernier résultat" in out


def test_stale_data_becomes_ci_annotations(
    write_files: WriteFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    from pacsite.cli import main

    root = write_files(
        {
            "plans/demo.yaml": STALE_PLAN,
            "plans/r.csv": "date,kpi,value\n2025-01-31,ventes,3\n2025-03-31,ventes,5\n",
        }
    )
    assert main(["validate", str(root / "plans"), "--format", "github"]) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if "PAC1" in line]
    assert any(
        line.startswith("::warning file=") and "line=8" in line and "PAC109" in line
        for line in lines
    )
    assert any("PAC110" in line for line in lines) and any("PAC111" in line for line in lines)
    assert main(["validate", str(root / "plans"), "--strict"]) == 1
