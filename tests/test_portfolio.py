"""The portal as a portfolio: plans side by side, shared KPIs consolidated, ranked — hand-checked."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import SiteBuild, WriteFiles

BRANCH = """\
title: Agence {name}
organization: Banque Régionale
owner: {owner}
year: 2025
as_of: 2025-06-30
language: fr
kpis:
  - {{id: chiffre-affaires, name: Chiffre d'affaires, unit: EUR}}
objectives:
  - {{id: ca, title: Réaliser {target} €, kpi: chiffre-affaires, target: {target}, due: 2025-12-31}}
results:
  - file: {id}.csv
"""


def _branch(plan_id: str, name: str, owner: str, target: int, june: int) -> dict[str, str]:
    return {
        f"plans/{plan_id}.yaml": BRANCH.format(id=plan_id, name=name, owner=owner, target=target),
        f"plans/{plan_id}.csv": f"date,kpi,value\n2025-06-30,chiffre-affaires,{june}\n",
    }


def test_three_branches_share_their_revenue_and_are_ranked(
    site: Callable[..., SiteBuild],
) -> None:
    """On 30 June (181 days of 365): Nord 60 000 of 100 000 (expected 49 589: on track), Sud
    90 000 of 200 000 (99 178: at risk), Est 120 000 of 300 000 (148 767: off track).
    Together: 270 000 of 600 000, expected 297 534: ratio 0,91, at risk."""
    project = site(
        {
            **_branch("nord", "Nord", "Anne", 100_000, 60_000),
            **_branch("sud", "Sud", "Bruno", 200_000, 90_000),
            **_branch("est", "Est", "Anne", 300_000, 120_000),
        }
    )
    project.build(strict=True)
    page = project.html("plans")
    rows = page.select("table.pacsite-portal tbody tr")
    titles = [r.select_one("a").get_text(strip=True) for r in rows]
    assert titles == ["Agence Nord", "Agence Sud", "Agence Est"]
    assert [r.select("td")[5].get_text(strip=True) for r in rows] == [
        "En bonne voie",
        "À surveiller",
        "En retard",
    ]
    assert [r["data-owner"] for r in rows] == ["Anne", "Bruno", "Anne"]
    [shared] = page.select("table.pacsite-shared tbody tr")
    cells = [" ".join(td.get_text(" ").split()) for td in shared.select("td")]
    assert cells[1] == "3"
    assert cells[2] == "270 000 € / 600 000 €"
    assert cells[3] == "297 534 €"  # 600 000 × 181 ÷ 365
    assert cells[4].endswith("45 %") and cells[5] == "À surveiller"
    heat = page.select("table.pacsite-heatmap tbody tr")
    assert [r.select_one("td")["class"][-1] for r in heat] == [
        "pacsite-heat--on_track",
        "pacsite-heat--at_risk",
        "pacsite-heat--off_track",
    ]
    # filters offer the owners (two) and labels are in the site's language
    owners = [o.get_text() for o in page.select("select[data-filter=owner] option")]
    assert owners == ["Tous", "Anne", "Bruno"]
    headers = [th.get_text(strip=True) for th in page.select("table.pacsite-portal thead th")]
    assert headers[:2] == ["Rang", "Plan"]


def test_a_person_has_one_page_and_one_feed_across_plans(site: Callable[..., SiteBuild]) -> None:
    """Julie Martin owns the fair in one plan (by her team id) and a call campaign in another
    (by her name): one page lists both, and her feed holds both events."""
    from icalendar import Calendar

    from tests.conftest import DONE_PLAN

    other = (
        DONE_PLAN.replace("title: Plan de test", "title: Plan de Lyon")
        .replace("    owner: julie\n", "    owner: Julie Martin\n")
        .replace("title: Exposer au salon", "title: Appeler les clients")
    )
    project = site({"plans/paris.yaml": DONE_PLAN, "plans/lyon.yaml": other})
    project.build(strict=True)
    page = project.html("people/julie-martin")
    sections = [h.get_text(strip=True) for h in page.select("article h2")]
    assert sections == ["Plan de Lyon", "Plan de test"]
    links = [a.get_text(strip=True) for a in page.select("table.pacsite-person a")]
    assert sorted(links) == ["Appeler les clients", "Exposer au salon"]
    feed = Calendar.from_ical((project.site / "people/julie-martin.ics").read_bytes())
    assert sorted(str(e["summary"]) for e in feed.walk("VEVENT")) == [
        "Appeler les clients",
        "Exposer au salon",
    ]
    index = project.html("people")
    [row] = index.select("table.pacsite-people tbody tr")
    assert row.select("td")[2].get_text(strip=True) == "2"
    # in the navigation: the people, and each plan's owners page
    nav = " ".join(a.get_text(" ", strip=True) for a in index.select("nav a"))
    assert "Personnes" in nav and "Actions par responsable" in nav


def test_a_plan_cannot_be_named_people(write_files: WriteFiles) -> None:
    """`/people/` is the people pages' address: a plan named so would hide them."""
    from pacsite.pipeline import check
    from tests.conftest import DONE_PLAN

    root = write_files({"plans/people.yaml": DONE_PLAN})
    [error] = check(root / "plans", root=root).errors
    assert error.code == "PAC004" and "'people'" in error.message


def test_people_are_the_analysis_s_one_person_per_name(write_files: WriteFiles) -> None:
    """The people's figures are counted once, by `analysis.people`: Julie Martin by id in one
    plan and by name in the other is one person with two actions, one of them late (the fair,
    due 31 March, not done at the 30 June as-of date)."""
    from pacsite.analysis.people import people
    from pacsite.pipeline import check
    from tests.conftest import DONE_PLAN, MINIMAL_PLAN

    late = (
        MINIMAL_PLAN.replace("title: Plan de test", "title: Plan de Lyon")
        .replace("year: 2025\n", "year: 2025\nas_of: 2025-06-30\n")
        .replace("    owner: julie\n", "    owner: Julie Martin\n")
    )
    root = write_files({"plans/paris.yaml": DONE_PLAN, "plans/lyon.yaml": late})
    out = check(root / "plans", root=root)
    assert not out.errors
    [julie] = people([p.analysis for p in out.plans])
    assert julie.name == "Julie Martin" and julie.key == "julie martin"
    assert [a.plan.title for a, _ in julie.plans] == ["Plan de Lyon", "Plan de test"]
    assert (julie.count, julie.late) == (2, 1)
