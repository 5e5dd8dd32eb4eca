"""The portal as a portfolio: plans side by side, shared KPIs consolidated, ranked — hand-checked."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import SiteBuild

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
