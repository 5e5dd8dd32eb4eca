"""Building sites with the plugin: pages, SWOT, action sheets, charts, formats, failures."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import plotly.graph_objects as go
import pytest
from mkdocs.exceptions import Abort, PluginError

from tests.conftest import DONE_PLAN, MINIMAL_PLAN, ROOT, SiteBuild

Site = Callable[..., SiteBuild]

PLAN = (
    MINIMAL_PLAN.replace("year: 2025\n", "year: 2025\nas_of: 2025-03-31\nowner: Claire Dubois\n")
    .replace(
        "    name: Particuliers\n",
        """    name: Particuliers
    share: 0.6
    swot:
      strengths: [Atelier intégré, Reprise immédiate]
      weaknesses: [Site web vieillissant]
      opportunities: [Bonus hybride]
      threats: [Mandataires en ligne]
""",
    )
    .replace(
        "    due: 2025-03-31\n",
        """    due: 2025-03-31
    description: Stand de 80 m² avec 6 véhicules.
    needs:
      - {info: Liste des visiteurs 2024, from: Marketing}
    channel: events
    type: event
    budget: 8000
    spent: 8600
    status: done
    raci: {responsible: julie, accountable: direction}
""",
    )
    .replace(
        "target: 100, due: 2025-12-31}",
        "target: 100, due: 2025-12-31, phasing: {2025-Q1: 30, 2025-Q2: 20, 2025-Q3: 20, 2025-Q4: 30}}",
    )
    + """\
budget:
  total: 6000000
"""
)

RESULTS = "date,kpi,value,segment\n2025-01,ventes,8,particuliers\n2025-02,ventes,9,particuliers\n2025-03,ventes,14,particuliers\n"


def build(site: Site, plan: str = PLAN, **extra: str) -> SiteBuild:
    s = site(
        {"plans/concession/plan.yaml": plan, "plans/concession/results/r.csv": RESULTS, **extra}
    )
    s.build()
    return s


def test_one_page_per_segment_with_the_four_swot_quadrants(site: Site) -> None:
    s = build(site)
    soup = s.html("concession/segments/particuliers")
    assert soup.h1.get_text(strip=True) == "Particuliers"
    swot = soup.select_one("table.pacsite-swot")
    quadrants = {
        kind: [li.get_text(strip=True) for li in swot.select(f"td.pacsite-swot__{kind} li")]
        for kind in ("strengths", "weaknesses", "opportunities", "threats")
    }
    assert quadrants == {
        "strengths": ["Atelier intégré", "Reprise immédiate"],
        "weaknesses": ["Site web vieillissant"],
        "opportunities": ["Bonus hybride"],
        "threats": ["Mandataires en ligne"],
    }
    # internal row holds strengths and weaknesses; external row opportunities and threats
    rows = swot.select("tbody tr")
    assert [r.th.get_text(strip=True) for r in rows] == ["Interne", "Externe"]
    assert [td["class"][0] for td in rows[0].select("td")] == [
        "pacsite-swot__strengths",
        "pacsite-swot__weaknesses",
    ]


def test_action_sheet_has_the_5q(site: Site) -> None:
    soup = build(site).html("concession/actions/salon")
    rows = {tr.th.get_text(strip=True): tr.td for tr in soup.select("table.pacsite-fiveq tr")}
    assert list(rows) == ["Qui", "Quoi", "Quand", "Informations nécessaires", "Auprès de qui"]
    assert rows["Qui"].get_text(" ", strip=True) == "Julie Martin"
    assert rows["Quoi"].get_text(strip=True) == "Stand de 80 m² avec 6 véhicules."
    assert rows["Quand"].get_text(strip=True) == "15 janv. 2025 → 31 mars 2025"
    assert "Liste des visiteurs 2024" in rows["Informations nécessaires"].get_text()
    assert rows["Auprès de qui"].get_text(strip=True) == "Marketing"
    raci = {
        tr.th.get_text(strip=True): tr.td.get_text(strip=True)
        for tr in soup.select("table.pacsite-raci-action tr")
    }
    assert raci["Réalise (R)"] == "Julie Martin" and raci["Approuve (A)"] == "direction"


def test_kpi_chart_has_the_series_values(site: Site) -> None:
    s = build(site)
    figures = s.charts("concession/kpis")
    ventes = next(f for f in figures if f["layout"]["title"]["text"] == "Ventes")
    by_name = {t["name"]: t for t in ventes["data"]}
    assert by_name["Réalisé"]["y"] == [8, 9, 14]
    assert by_name["Réalisé"]["x"] == ["janv. 2025", "févr. 2025", "mars 2025"]
    assert by_name["Objectif"]["y"] == pytest.approx(
        [30 * 31 / 90, 30 * 28 / 90, 30 * 31 / 90]
    )  # Q1 by days
    assert by_name["Réalisé cumulé"]["y"] == [8, 17, 31]
    assert by_name["Trajectoire de l'objectif"]["y"][-1] == pytest.approx(30)
    for figure in figures:
        go.Figure(figure)  # valid against Plotly's schema


def test_french_and_english_number_formatting(site: Site) -> None:
    fr = build(site).html("concession")
    text = fr.get_text(" ")
    assert "6\u202f000\u202f000\u00a0€" in text  # budget total, French style
    assert "31 mars 2025" in text
    english = PLAN.replace("language: fr", "language: en").replace(
        "year: 2025", "year: 2025\ncurrency: USD"
    )
    en = build(site, english).html("concession").get_text(" ")
    assert "$6,000,000" in en and "March 31, 2025" in en


def test_urls_nav_and_portal(site: Site) -> None:
    s = build(site)
    for path in [
        "plans",
        "concession",
        "concession/strategy",
        "concession/segments/particuliers",
        "concession/actions",
        "concession/actions/salon",
        "concession/kpis",
        "concession/budget",
        "concession/raci",
    ]:
        assert (s.site / path / "index.html").is_file(), path
    portal = s.html("plans")
    [link] = portal.select("table.pacsite-portal a")
    assert link["href"] == "../concession/" and link.get_text(strip=True) == "Plan de test"
    nav = [
        a.get_text(" ", strip=True)
        for a in s.html("concession").select("nav.md-nav--primary a.md-nav__link")
    ]
    assert "Plan de test" in " ".join(nav) and "Matrice RACI" in nav


def test_no_request_outside_the_site(tmp_path: Path) -> None:
    """The example site: no script, stylesheet or image from another host."""
    from bs4 import BeautifulSoup
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    mkdocs_build(config)
    pages = list((tmp_path / "site").rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in (
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("iframe", "src"),
        ):
            for element in soup.find_all(tag):
                if tag == "link" and set(element.get("rel") or []) & {"canonical", "alternate"}:
                    continue  # an address, not a request
                url = element.get(attribute) or ""
                assert not url.startswith(("http:", "https:", "//")), f"{page}: {tag} {url}"
    assert (tmp_path / "site" / "assets" / "pacsite" / "plotly.min.js").stat().st_size > 1_000_000


def test_a_broken_plan_leaves_the_previous_site_untouched(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    s = build(site)
    before = {p: p.read_bytes() for p in s.site.rglob("*") if p.is_file()}
    (s.root / "plans/concession/plan.yaml").write_text(
        PLAN.replace("kpi: ventes, target", "kpi: vente, target"), encoding="utf-8"
    )
    with pytest.raises((PluginError, Abort)):
        s.build()
    assert (
        "plans/concession/plan.yaml:12:49: objectives[0].kpi: indicateur inconnu « vente »"
        in caplog.text
    )
    after = {p: p.read_bytes() for p in s.site.rglob("*") if p.is_file()}
    assert after == before


def test_strict_fails_on_a_lint_finding(site: Site) -> None:
    s = site(
        {"plans/concession/plan.yaml": PLAN.replace("title: Exposer au salon", "title: Salon auto")}
    )
    s.build()  # a warning only
    with pytest.raises(Abort):
        s.build(strict=True)


def test_lint_severity_from_mkdocs_yml(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    from tests.conftest import MKDOCS_YML

    yml = MKDOCS_YML.replace("  - pacsite\n", "  - pacsite:\n      lint: {PAC101: ignore}\n")
    s = site(
        {
            "plans/concession/plan.yaml": PLAN.replace(
                "title: Exposer au salon", "title: Salon auto"
            )
        },
        yml,
    )
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        site_dir = s.build(strict=True)  # the same plan fails a strict build without the option
    assert not [r for r in caplog.records if "PAC101" in r.getMessage()]
    action = s.html("concession/actions/salon")
    assert action.select_one("h1").get_text(strip=True) == "Salon auto"
    assert (site_dir / "concession" / "index.html").is_file()


def test_hostile_text_is_shown_as_text(site: Site) -> None:
    evil = "<script>alert(1)</script><!-- x --> {{ 7*7 }} [lien](javascript:alert(2))"
    plan = (
        PLAN.replace("    name: Particuliers\n", f"    name: 'Particuliers {evil}'\n")
        .replace("strengths: [Atelier intégré, Reprise immédiate]", f"strengths: ['{evil}']")
        .replace(
            "description: Stand de 80 m² avec 6 véhicules.",
            f"description: '{evil} <img src=x onerror=alert(3)>'",
        )
    )
    s = build(site, plan)
    for path in [
        "concession/segments/particuliers",
        "concession/actions/salon",
        "concession",
        "concession/kpis",
    ]:
        soup = s.html(path)
        executable = [sc for sc in soup.find_all("script") if sc.get("type") != "application/json"]
        assert not [sc for sc in executable if "alert(" in (sc.string or "")], path
        assert not [
            el
            for el in soup.find_all("script")
            if "alert(" in (el.string or "") and el.parent.name != "div"
        ], path
        assert not soup.select("[onerror]") and not soup.select("a[href^='javascript']")
    segment = s.html("concession/segments/particuliers")
    assert (
        evil.split("[")[0].strip() in segment.select_one("td.pacsite-swot__strengths li").get_text()
    )
    assert "{{ 7*7 }}" in segment.h1.get_text()
    raw = (s.site / "concession/segments/particuliers/index.html").read_text(encoding="utf-8")
    assert "</script><!--" not in raw


def test_one_block_overridden_the_rest_of_the_page_unchanged(site: Site) -> None:
    from tests.conftest import MKDOCS_YML

    plain = site({"plans/concession/plan.yaml": PLAN})
    plain.build()
    yml = MKDOCS_YML.replace("  language: fr\n", "  language: fr\n  custom_dir: overrides\n")
    # a team's override: extends the packaged base and replaces one block, using its macros
    override = (
        '{% extends "pacsite/base/segment.md" %}\n'
        '{% block swot %}<p class="mine">SWOT maison de {{ s.segment.name }}</p>'
        "{{ m.status(v, s.status) }}{% endblock %}\n"
    )
    (plain.root / "overrides/pacsite").mkdir(parents=True)
    (plain.root / "overrides/pacsite/segment.md").write_text(override, encoding="utf-8")
    (plain.root / "mkdocs.yml").write_text(yml, encoding="utf-8")
    before = plain.html("concession/segments/particuliers").select_one("article")
    plain.build()
    after = plain.html("concession/segments/particuliers").select_one("article")
    mine = after.select_one("p.mine")
    assert mine.get_text() == "SWOT maison de Particuliers"
    status = after.select_one(
        "p.mine + p .pacsite-status, p.mine + .pacsite-status, p.mine .pacsite-status"
    )
    assert status is not None, str(mine.parent)[:2000]
    assert before.select("table.pacsite-swot") and not after.select("table.pacsite-swot")
    # everything but the SWOT block (its heading and table) is as it was
    swot_heading = before.find(id="matrice-swot")
    assert swot_heading is not None
    swot_heading.decompose()
    kept = [str(x) for x in before.select("h1, h2, .pacsite-axis, .pacsite-meta, .pacsite-chart")]
    assert kept == [
        str(x) for x in after.select("h1, h2, .pacsite-axis, .pacsite-meta, .pacsite-chart")
    ]
    other = plain.html("concession").select_one("article")
    assert other.select_one("h1").get_text() == "Plan de test"  # other pages untouched


def test_one_macro_and_a_page_title_overridden_alone(site: Site) -> None:
    """A team overrides one shared fragment (`pacsite/macros/status.html`): every page shows
    it, inside the other macros that use it too (a progress row); and a page's title block."""
    from tests.conftest import MKDOCS_YML

    project = site({"plans/concession/plan.yaml": PLAN})
    yml = MKDOCS_YML.replace("  language: fr\n", "  language: fr\n  custom_dir: overrides\n")
    (project.root / "mkdocs.yml").write_text(yml, encoding="utf-8")
    macros = project.root / "overrides/pacsite/macros"
    macros.mkdir(parents=True)
    (macros / "status.html").write_text(
        '{% macro status(v, value) -%}<b class="mine-{{ value }}">{{ v.t("status." + value) }}'
        "</b>{%- endmacro %}\n",
        encoding="utf-8",
    )
    (project.root / "overrides/pacsite/kpis.md").write_text(
        '{% extends "pacsite/base/kpis.md" %}\n'
        "{% block title %}# Nos indicateurs — {{ v.plan.title }}{% endblock %}\n",
        encoding="utf-8",
    )
    project.build(strict=True)
    dashboard = project.html("concession")
    assert not dashboard.select(".pacsite-status.pacsite-status--on_track")
    mine = dashboard.select("b[class^=mine-]")
    rows = dashboard.select("tr b[class^=mine-]")  # through progress_row
    assert mine and rows, str(dashboard.select_one("article"))[:1500]
    # the other fragments are the packaged ones
    assert project.html("concession/actions").select("span.pacsite-status[class*=pacsite-action--]")
    kpis = project.html("concession/kpis")
    assert kpis.select_one("article h1").get_text(strip=True) == "Nos indicateurs — Plan de test"
    assert project.html("concession/budget").select_one("article h1").get_text(strip=True)


def test_edit_links_open_the_yaml_file(site: Site) -> None:
    from tests.conftest import MKDOCS_YML

    yml = (
        "repo_url: https://git.example.com/ventes/pac\nedit_uri: edit/main/docs/\n"
        + MKDOCS_YML.replace(
            "  language: fr\n", "  language: fr\n  features: [content.action.edit]\n"
        )
    )
    s = site(
        {
            "plans/concession/plan.yaml": PLAN,
            "plans/concession/segments/pros.yaml": "id: pros\nname: Pros\n",
            # an actions file named like a segments file: the link must open the actions one
            "plans/concession/actions/pros.yaml": (
                "- {id: appel, title: Appeler les artisans, segment: pros}\n"
            ),
        },
        yml,
    )
    s.build()

    def edit(path: str) -> str:
        link = s.html(path).select_one("a.md-content__button[href*='edit']")
        return str(link["href"])

    assert (
        edit("concession")
        == "https://git.example.com/ventes/pac/edit/main/plans/concession/plan.yaml"
    )
    assert (
        edit("concession/segments/pros")
        == "https://git.example.com/ventes/pac/edit/main/plans/concession/segments/pros.yaml"
    )
    assert (
        edit("concession/actions/appel")
        == "https://git.example.com/ventes/pac/edit/main/plans/concession/actions/pros.yaml"
    )


def test_example_site_builds_strict(tmp_path: Path) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    mkdocs_build(config)
    for plan in ["concession-2025", "banque-q1-2025", "enseigne-sport-2025", "saas-growth-2026"]:
        for page in ["", "strategy/", "kpis/", "budget/", "raci/", "actions/"]:
            assert (tmp_path / "site" / plan / page / "index.html").is_file()


def test_builds_under_properdocs(site: Site) -> None:
    s = site({"plans/concession/plan.yaml": PLAN, "plans/concession/results/r.csv": RESULTS})
    run = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "-q"],
        cwd=s.root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert run.returncode == 0, run.stderr
    assert s.html("concession/segments/particuliers").select_one("table.pacsite-swot") is not None


def test_serve_watches_the_plans(site: Site) -> None:
    from mkdocs.config import load_config

    s = site({"plans/concession/plan.yaml": PLAN})
    config = load_config(str(s.root / "mkdocs.yml"))
    plugin = config.plugins["pacsite"]
    plugin.on_config(config)

    class Server:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = plugin.on_serve(Server(), config=config, builder=None)
    assert server.watched == [str((s.root / "plans").resolve())]


def _get(url: str) -> str:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _until(condition: Callable[[], bool], what: str, timeout: float = 180) -> None:
    """Wait for a condition (a busy machine may take long), never for a fixed time."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def test_serve_shows_a_broken_plan_errors_in_the_browser_and_the_fixed_page_after(
    site: Site,
) -> None:
    """Under `mkdocs serve`, a plan made invalid keeps its last good pages, with the located
    errors at the top of every page; fixed, the page is the new one without them."""
    import os
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    s = site({"plans/concession/plan.yaml": DONE_PLAN})
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=s.root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/concession/"
    plan = s.root / "plans/concession/plan.yaml"
    try:
        _until(lambda: "Plan de test" in _get(url), "the first build")
        plan.write_text(DONE_PLAN.replace("year: 2025", "year: [2025"), encoding="utf-8")
        _until(lambda: "pacsite-serve-errors" in _get(url), "the errors in the page")
        page = _get(url)
        assert "plans/concession/plan.yaml:2" in page and "[PAC001]" in page
        assert "Plan de test" in page  # the last good dashboard is still there
        assert "1 erreur dans les plans" in page
        plan.write_text(DONE_PLAN.replace("Plan de test", "Plan corrigé"), encoding="utf-8")
        _until(lambda: "Plan corrigé" in _get(url), "the fixed page")
        assert "pacsite-serve-errors" not in _get(url)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_gen_for_mkdocs_writes_a_project_plain_mkdocs_builds(tmp_path: Path) -> None:
    """Without the plugin: the pages are made, the configuration has the navigation, the
    charts' CSS and JS, the theme's language; `mkdocs build --strict` builds it as it is."""
    import os

    import yaml

    from pacsite.cli import main

    project = tmp_path / "project"
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        assert main(["gen", str(project), "--for", "mkdocs"]) == 0
    finally:
        os.chdir(cwd)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "pacsite" not in str(config.get("plugins"))
    assert config["extra_css"] == ["assets/pacsite/pacsite.css"]
    assert (project / "docs/assets/pacsite/plotly.min.js").is_file()
    assert (project / "docs/concession-2025/concession-2025.xlsx").is_file()
    titles = [next(iter(item)) for item in config["nav"] if isinstance(item, dict)]
    assert "Home" in titles and "Plans" in titles
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    assert (project / "site/concession-2025/kpis/index.html").is_file()
