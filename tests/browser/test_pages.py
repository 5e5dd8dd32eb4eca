"""The example site in a real browser: offline, charts drawn, instant navigation, dark palette,
phone viewport, search; screenshots of each page type under test-artifacts/screenshots/."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, Visit

pytestmark = pytest.mark.browser


def _pages(site: Path) -> list[str]:
    return sorted(
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if "search" not in p.parts
    )


def test_every_page_renders_offline_with_its_charts(
    example_site: tuple[Path, str], context: Any
) -> None:
    site, url = example_site
    pages = _pages(site)
    assert len(pages) > 80
    charts = 0
    visit = Visit(context)
    for path in pages:
        response = visit.page.goto(url + path, wait_until="load")
        assert response is not None and response.ok, path
        assert visit.page.locator("article h1").first.is_visible(), path
        charts += visit.draw_all_charts()
        visit.assert_clean()
    assert charts > 40


def test_charts_after_instant_navigation(example_site: tuple[Path, str], context: Any) -> None:
    _, url = example_site
    visit = Visit(context)
    visit.page.goto(url + "concession-2025/", wait_until="load")
    visit.page.evaluate("window.__marker = 'same document'")
    visit.page.locator(
        "nav.md-nav--primary a.md-nav__link[href$='concession-2025/kpis/']"
    ).first.click()
    visit.page.wait_for_url("**/concession-2025/kpis/")
    visit.page.wait_for_function(
        "() => document.querySelector('article h1').textContent.startsWith('Indicateurs')"
    )
    assert (
        visit.page.evaluate("window.__marker") == "same document"
    )  # Material's instant navigation
    assert visit.draw_all_charts() == 5
    visit.assert_clean()


def test_charts_follow_the_dark_palette(example_site: tuple[Path, str], context: Any) -> None:
    _, url = example_site
    visit = Visit(context)
    visit.page.goto(url + "concession-2025/kpis/", wait_until="load")
    visit.draw_all_charts()
    font = "() => document.querySelector('.pacsite-chart__plot')._fullLayout.font.color"
    light = visit.page.evaluate(font)
    visit.page.locator("form[data-md-component='palette'] label:visible").first.click()
    visit.page.wait_for_function(
        "() => document.body.getAttribute('data-md-color-scheme') === 'slate'"
    )
    visit.page.wait_for_function(f"() => ({font})() !== {light!r}")
    dark = visit.page.evaluate(font)
    expected = visit.page.evaluate(
        "getComputedStyle(document.body).getPropertyValue('--md-typeset-color').trim()"
    )
    assert dark != light
    assert visit.page.evaluate(
        f"() => {{ const s = new Option().style; s.color = {expected!r}; return s.color; }}"
    ) == visit.page.evaluate(
        f"() => {{ const s = new Option().style; s.color = {dark!r}; return s.color; }}"
    )
    visit.page.screenshot(path=str(ARTIFACTS / "kpis-dark-switched.png"), full_page=True)
    visit.assert_clean()


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("concession-2025/segments/particuliers/", "table.pacsite-swot"),
        ("concession-2025/calendar/", ".pacsite-tl__view--segment"),
        ("concession-2025/", ".pacsite-tiles"),
        ("saas-growth-2026/", ".pacsite-tiles"),
    ],
)
def test_phone_viewport_without_page_scrolling(
    example_site: tuple[Path, str], browser: Any, path: str, selector: str
) -> None:
    _, url = example_site
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True
    )
    try:
        visit = Visit(context)
        visit.page.goto(url + path, wait_until="load")
        visit.draw_all_charts()
        target = visit.page.locator(selector).first
        target.scroll_into_view_if_needed()
        assert target.is_visible()
        box = target.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375 + 1
        assert visit.page.evaluate("document.documentElement.scrollWidth") <= 375
        visit.assert_clean()
    finally:
        context.close()


def test_search_finds_an_action_by_a_word_of_its_title(
    example_site: tuple[Path, str], context: Any
) -> None:
    _, url = example_site
    visit = Visit(context)
    visit.page.goto(url, wait_until="load")
    visit.page.locator("label.md-search__icon, .md-search__input").first.click()
    # Material searches on key presses once its index is built in a worker: wait until it says
    # it is ready ("Type to start searching", in the site's language), then type like a person
    # (a value set before that was picked up only by luck of timing)
    visit.page.wait_for_function(
        """() => {
            const config = JSON.parse(document.getElementById('__config').textContent);
            const meta = document.querySelector('.md-search-result__meta');
            return meta !== null
                && meta.textContent.trim() === config.translations['search.result.placeholder'];
        }"""
    )
    visit.page.locator("input.md-search__input").press_sequentially("paddles")
    result = visit.page.locator(".md-search-result__item").first
    result.wait_for()  # the search index is built in a worker: as long as it takes
    assert "Proposer la location de paddles" in visit.page.locator(".md-search-result").inner_text()
    visit.assert_clean()


PAGE_TYPES = {
    "portal": "plans/",
    "dashboard": "concession-2025/",
    "strategy": "concession-2025/strategy/",
    "segment": "concession-2025/segments/particuliers/",
    "action": "concession-2025/actions/salon-auto/",
    "kpis": "concession-2025/kpis/",
    "calendar": "concession-2025/calendar/",
    "owners": "concession-2025/owners/",
    "budget": "concession-2025/budget/",
    "personas": "concession-2025/personas/",
    "raci": "concession-2025/raci/",
    "dashboard-en": "saas-growth-2026/",
}


@pytest.mark.parametrize("mode", ["light", "dark", "phone"])
def test_screenshots_of_each_page_type(
    example_site: tuple[Path, str], browser: Any, mode: str
) -> None:
    _, url = example_site
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    width = 375 if mode == "phone" else 1280
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme="dark" if mode == "dark" else "light"
    )
    try:
        visit = Visit(context)
        for name, path in PAGE_TYPES.items():
            visit.page.goto(url + path, wait_until="load")
            visit.draw_all_charts()
            visit.page.evaluate("window.scrollTo(0, 0)")
            shot = ARTIFACTS / f"{name}-{mode}.png"
            visit.page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
        visit.assert_clean()
    finally:
        context.close()


def test_print_layout(example_site: tuple[Path, str], context: Any) -> None:
    """Printing for the quarterly meeting: no navigation, A4 landscape, every chart drawn."""
    _, url = example_site
    visit = Visit(context)
    visit.page.goto(url + "concession-2025/kpis/", wait_until="load")
    visit.page.emulate_media(media="print")
    assert visit.page.locator(".md-sidebar--primary").first.is_hidden()
    assert visit.page.locator(".md-header").first.is_hidden()
    visit.page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    visit.page.wait_for_function(
        "() => [...document.querySelectorAll('.pacsite-chart')].every(e => e.dataset.drawn === '1')"
    )
    visit.page.evaluate(
        "window.dispatchEvent(new Event('beforeprint'))"
    )  # drawn ones to paper width
    widths = visit.page.evaluate(
        "() => [...document.querySelectorAll('.pacsite-chart svg.main-svg')]"
        ".map(s => s.getBoundingClientRect().width)"
    )
    content = visit.page.evaluate(
        "() => document.querySelector('article').getBoundingClientRect().width"
    )
    assert widths and max(widths) <= content + 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "kpis-print.pdf"
    visit.page.pdf(path=str(pdf), prefer_css_page_size=True)
    assert pdf.stat().st_size > 50_000
    size = visit.page.evaluate(
        "() => [...document.styleSheets].flatMap(s => { try { return [...s.cssRules] }"
        " catch { return [] } }).filter(r => r.type === CSSRule.PAGE_RULE)"
        ".map(r => r.style.size)"
    )
    assert "a4 landscape" in [s.lower() for s in size]
    visit.assert_clean()


def test_calendar_tables_sort(example_site: tuple[Path, str], context: Any) -> None:
    _, url = example_site
    visit = Visit(context)
    visit.page.goto(url + "concession-2025/calendar/", wait_until="load")
    table = visit.page.locator("table.pacsite-sortable").nth(1)  # every dated action
    due = table.locator("thead th").nth(4)
    due.click()
    keys = table.locator("tbody tr td:nth-child(5)").evaluate_all(
        "cells => cells.map(c => c.dataset.sort)"
    )
    assert keys == sorted(keys) and len(keys) == 12
    due.click()
    keys = table.locator("tbody tr td:nth-child(5)").evaluate_all(
        "cells => cells.map(c => c.dataset.sort)"
    )
    assert keys == sorted(keys, reverse=True)
    agenda = visit.page.locator("table.pacsite-agenda")
    agenda.locator("thead th").first.click()
    agenda.locator("thead th").first.click()
    months = agenda.locator("tbody th").evaluate_all("cells => cells.map(c => c.dataset.sort)")
    assert months == sorted(months, reverse=True) and months[0] == "2025-12"
    visit.assert_clean()


def test_portfolio_filters_keep_the_chosen_plans(
    example_site: tuple[Path, str], context: Any
) -> None:
    _, url = example_site
    visit = Visit(context)
    visit.page.goto(url + "plans/", wait_until="load")
    rows = visit.page.locator("table.pacsite-portal tbody tr")
    assert rows.count() == 4
    visit.page.select_option("select[data-filter=year]", "2026")
    visit.page.wait_for_function(
        "() => [...document.querySelectorAll('table.pacsite-portal tbody tr')]"
        ".filter(r => !r.hidden).length === 1"
    )
    visible = rows.evaluate_all("rows => rows.filter(r => !r.hidden).map(r => r.dataset.year)")
    assert visible == ["2026"]
    visit.page.select_option("select[data-filter=year]", "")
    visit.page.wait_for_function(
        "() => [...document.querySelectorAll('table.pacsite-portal tbody tr')]"
        ".every(r => !r.hidden)"
    )
    visit.assert_clean()


def test_a_review_prints_as_the_meeting_pack(example_site: tuple[Path, str], context: Any) -> None:
    """The review page on A4: no navigation, its tables within the page's width."""
    _, url = example_site
    visit = Visit(context)
    visit.page.goto(url + "concession-2025/reviews/2025-04-03/", wait_until="load")
    visit.page.emulate_media(media="print")
    assert visit.page.locator(".md-sidebar--primary").first.is_hidden()
    content = visit.page.evaluate(
        "() => document.querySelector('article').getBoundingClientRect().width"
    )
    widths = visit.page.evaluate(
        "() => [...document.querySelectorAll('article table')]"
        ".map(t => t.getBoundingClientRect().width)"
    )
    assert widths and max(widths) <= content + 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "review-print.pdf"
    visit.page.pdf(path=str(pdf), prefer_css_page_size=True)
    assert pdf.stat().st_size > 20_000
    visit.assert_clean()


def test_the_dashboard_downloads_the_plan_workbook(
    example_site: tuple[Path, str], context: Any
) -> None:
    """The dashboard's Excel link gives a valid .xlsx of the plan and its figures."""
    import openpyxl

    _, url = example_site
    visit = Visit(context)
    visit.page.goto(url + "concession-2025/", wait_until="load")
    with visit.page.expect_download() as download:
        visit.page.locator("a.pacsite-download").click()
    path = Path(download.value.path())
    assert download.value.suggested_filename == "concession-2025.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    assert {"Plan", "Objectifs", "Actions", "Alertes"} <= set(book.sheetnames)
    assert book["Plan"]["B2"].value == "Concession automobile — PAC annuel 2025"
    visit.assert_clean()


def test_the_zensical_project_draws_every_chart_offline(
    tmp_path_factory: pytest.TempPathFactory, context: Any
) -> None:
    """`pacsite gen --for zensical` gives a project Zensical builds as it is; every chart of
    every plan page draws, with nothing from the internet."""
    import subprocess
    import sys

    from tests.browser.conftest import serve
    from tests.conftest import ROOT

    project = tmp_path_factory.mktemp("zensical")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    made = subprocess.run(
        [sys.executable, "-m", "pacsite.cli", "gen", str(project), "--for", "zensical"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    built = subprocess.run(
        [sys.executable, "-m", "zensical", "build"],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert built.returncode == 0 and "No issues found" in built.stdout + built.stderr, built.stderr
    server, url = serve(project / "site")
    try:
        visit = Visit(context)
        charts = 0
        for path in sorted(p.relative_to(project / "site").parent.as_posix() + "/"
                           for p in (project / "site").glob("*/kpis/index.html")):  # fmt: skip
            response = visit.page.goto(url + path, wait_until="load")
            assert response is not None and response.ok, path
            charts += visit.draw_all_charts()
            visit.assert_clean()
        assert charts >= 20
    finally:
        server.shutdown()
        server.server_close()


def test_the_calendar_timeline_needs_no_chart_library(
    example_site: tuple[Path, str], context: Any
) -> None:
    """The timeline is SVG made at build time: the page loads no plotly.js, and the switch
    shows the actions by owner."""
    _, url = example_site
    visit = Visit(context)
    requested: list[str] = []
    visit.page.on("request", lambda r: requested.append(r.url))
    visit.page.goto(url + "concession-2025/calendar/", wait_until="load")
    visit.settle()
    assert not [u for u in requested if "plotly" in u]
    segment = visit.page.locator(".pacsite-tl__view--segment")
    owner = visit.page.locator(".pacsite-tl__view--owner")
    assert segment.is_visible() and owner.is_hidden()
    visit.page.locator("label[for$='-owner']").click()
    owner.wait_for(state="visible")
    assert segment.is_hidden()
    groups = owner.locator("text.pacsite-tl__group").all_text_contents()
    assert "Julie Martin" in groups
    owner.locator("a rect").first.click()  # a bar opens its action sheet
    visit.page.wait_for_url("**/actions/**")
    assert visit.page.locator("article h1").first.is_visible()
    visit.assert_clean()
