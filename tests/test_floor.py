"""The security floor, as an outsider attacks it: terminals and CI logs, schemas other tools
compile, feeds other readers parse."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from pacsite.cli import main
from tests.conftest import DONE_PLAN, WriteFiles

FORGED = "::error file=.github/workflows/pac.yml,line=1::forged"


def _runner_commands(text: str) -> list[str]:
    """Lines a GitHub or Azure runner would obey as a command."""
    return [line for line in text.splitlines() if re.match(r"\s*(::|##\s*\[|##vso\[)", line)]


def test_a_plan_title_cannot_forge_a_ci_annotation(
    write_files: WriteFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = DONE_PLAN.replace("title: Plan de test", f"title: '{FORGED}'").replace(
        "    name: Particuliers\n", "    name: '##[error]segment'\n"
    )
    root = write_files({"plans/demo/plan.yaml": plan})
    assert main(["status", str(root / "plans")]) == 0
    out = capsys.readouterr()
    assert "forged" in out.out  # the title is shown...
    assert _runner_commands(out.out + out.err) == []  # ...never as a command


def test_a_file_name_with_escape_bytes_reaches_no_log_raw(
    write_files: WriteFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "plans/demo\x1b]0;owned\x07\x1b[31m.yaml"
    broken = DONE_PLAN.replace("kpi: ventes, target", "kpi: vente, target")
    root = write_files({name: broken})
    for fmt in ("github", "text"):
        assert main(["validate", str(root / "plans"), "--format", fmt]) == 1
        out = capsys.readouterr()
        printed = out.out + out.err
        assert "PAC003" in printed
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", printed), repr(printed)
        if fmt == "github":
            lines = [x for x in out.out.splitlines() if x.startswith("::")]
            assert lines and _runner_commands(out.out) == lines  # pacsite's own annotations
            assert all(
                re.match(r"::(error|warning) file=plans/demo \]0;owned  \[31m\.yaml,", x)
                for x in lines
            ), lines


def test_every_printed_line_goes_through_one_sanitiser() -> None:
    """The command line prints through `terminal_line` (or JSON): no bare print of user text."""
    from tests.conftest import ROOT

    source = (ROOT / "pacsite" / "cli.py").read_text(encoding="utf-8")
    prints = re.findall(r"print\((.*)", source)
    allowed = (
        "terminal_line(",
        "json.dumps(",
        "ci_annotation(",
        "code_quality_report(",
        "d)",
        '("\\n" if i',
    )
    assert prints and all(p.startswith(allowed) for p in prints), prints


def test_the_schemas_compile_under_ecma_262(tmp_path: Path) -> None:
    """Editors and Ajv read `pattern` as ECMA-262 with the `u` flag: every pattern must compile
    there. Python cannot run JavaScript; the identity escapes JavaScript refuses in `u` mode (a
    backslash before a character that is not syntax) are what Python accepts and Ajv does not."""
    from pacsite.schemas import plan_schemas

    patterns: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                patterns.append(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for schema in plan_schemas().values():
        walk(schema)
    assert patterns
    syntax = set("^$\\.*+?()[]{}|/-")
    escapes = set("dDwWsSbBnrtfv0ux") | syntax
    for pattern in patterns:
        for found in re.finditer(r"\\(.)", pattern):
            assert found[1] in escapes, f"{pattern}: \\{found[1]} is refused by Ajv (u flag)"
    json.dumps(plan_schemas())


def test_the_schemas_pass_check_jsonschema_metaschema_with_ecma_regexes(tmp_path: Path) -> None:
    """check-jsonschema's default regex engine is ECMA-262's (regress), as in editors and Ajv."""
    import subprocess
    import sys

    from pacsite.schemas import plan_schemas

    for kind, schema in plan_schemas().items():
        path = tmp_path / f"{kind}.schema.json"
        body = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
        path.write_text(json.dumps(body), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "check_jsonschema", "--check-metaschema", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    "address",
    [
        "/\\\\host.example/pixel.png",
        "/&#92;host.example/pixel.png",
        "/&amp;#92;host.example/pixel.png",
        "\\\\/host.example/pixel.png",
        "//host.example/pixel.png",
        "/\t/host.example/pixel.png",
        "HTTPS://host.example/pixel.png",
    ],
)
def test_an_image_a_browser_would_fetch_from_another_host_is_a_link(address: str) -> None:
    from bs4 import BeautifulSoup

    from pacsite.render.markdown import render_markdown

    soup = BeautifulSoup(str(render_markdown(f"![pixel]({address})")), "html.parser")
    assert soup.find("img") is None, soup
    link = soup.find("a")
    assert link is not None and link.text == "pixel"


def test_an_image_of_the_site_stays_an_image() -> None:
    from bs4 import BeautifulSoup

    from pacsite.render.markdown import render_markdown

    for address in ("img/logo.png", "../img/logo.png", "/img/logo.png", "\\\\img\\\\logo.png"):
        soup = BeautifulSoup(str(render_markdown(f"![logo]({address})")), "html.parser")
        assert soup.find("img") is not None, address


# Hostile workbooks ---------------------------------------------------------------------------


def _far_cell_workbook(path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Export")
    sheet.write_row(0, 0, ["date", "kpi", "value"])
    sheet.write_row(1, 0, ["2025-01-31", "ventes", 3])
    sheet.write_number(1048575, 16383, 1)  # XFD1048576
    book.close()


def _long_text_workbook(path: Path, characters: int) -> None:
    """A workbook whose one shared string is `characters` long: a few hundred KB packed."""
    import xlsxwriter

    plain = path.with_suffix(".plain.xlsx")
    book = xlsxwriter.Workbook(str(plain))
    sheet = book.add_worksheet("Export")
    sheet.write_row(0, 0, ["date", "kpi", "value", "note"])
    sheet.write_row(1, 0, ["2025-01-31", "ventes", 3, "PLACEHOLDER"])
    book.close()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/sharedStrings.xml":
                data = data.replace(b"PLACEHOLDER", b"A" * characters)
            out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    plain.unlink()


_BOUNDED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))
from pacsite.cli import main
sys.exit(main(["validate", sys.argv[1]]))
"""


@pytest.mark.parametrize(
    ("make", "where", "words"),
    [
        (_far_cell_workbook, "plans/demo/results/export.xlsx:Export!XFD1048576", "XFD1048576"),
        (
            lambda path: _long_text_workbook(path, 300_000_000),
            "plans/demo/results/export.xlsx:sharedStrings",
            "32\u202f767",
        ),
    ],
)
def test_a_hostile_workbook_is_a_located_error_in_bounded_memory(
    write_files: WriteFiles, make: object, where: str, words: str
) -> None:
    """Refused before any reader opens it, whatever its packed size (a few KB), in a process
    that may not use more than 3 GB of address space (calamine alone would ask for 512 GB)."""
    import subprocess
    import sys

    root = write_files({"plans/demo/plan.yaml": DONE_PLAN})
    (root / "plans/demo/results").mkdir()
    path = root / "plans/demo/results/export.xlsx"
    make(path)  # type: ignore[operator]
    assert path.stat().st_size < 1_000_000
    done = subprocess.run(
        [sys.executable, "-c", _BOUNDED, "plans"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**__import__("os").environ, "LANG": "C.UTF-8"},
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and len(done.stdout) < 2000
    [line] = [x for x in done.stdout.splitlines() if "PAC007" in x]
    assert line.startswith(where + ":"), line
    assert words in line


def test_limits_on_cells_and_area_name_the_sheet(tmp_path: Path) -> None:
    import xlsxwriter

    from pacsite.load.xlsxguard import Bounds, WorkbookTooLarge, check_workbook

    path = tmp_path / "crm.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Notes")
    sheet = book.add_worksheet("Deals")
    for row in range(40):
        sheet.write_row(row, 0, [row, "x", 2.5])
    book.close()
    check_workbook(path, "crm.xlsx")  # within the default bounds
    with pytest.raises(WorkbookTooLarge) as cells:
        check_workbook(path, "crm.xlsx", Bounds(cells=100))
    assert str(cells.value.diagnostic.position) == "crm.xlsx:Deals"
    with pytest.raises(WorkbookTooLarge) as area:
        check_workbook(path, "crm.xlsx", Bounds(area=100))
    assert str(area.value.diagnostic.position) == "crm.xlsx:Deals!C40"


# Conformance of the pages, parsed --------------------------------------------------------------


@pytest.fixture(scope="module")
def example_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    from bs4 import BeautifulSoup
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from tests.conftest import ROOT

    site = tmp_path_factory.mktemp("example") / "site"
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site)))
    return {
        p.relative_to(site).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for p in site.rglob("*.html")
    }


def test_no_page_has_a_duplicate_id_or_an_escaped_entity_in_an_anchor(
    example_pages: dict[str, object],
) -> None:
    from collections import Counter

    problems = []
    for name, soup in example_pages.items():
        ids = Counter(e["id"] for e in soup.find_all(id=True))  # type: ignore[attr-defined]
        problems += [f"{name}: #{i} ×{n}" for i, n in ids.items() if n > 1]
        problems += [
            f"{name}: #{i}"
            for i in ids
            if re.search(r"x27|x22|x26|#39|(^|-)(amp|quot|lt|gt)(-|$)", i)
        ]
    assert problems == []
    kpis = example_pages["enseigne-sport-2025/kpis/index.html"]
    assert kpis.find(id="chiffre-daffaires") is not None  # type: ignore[attr-defined]
    assert kpis.find(id="kpi-chiffre-affaires") is not None  # type: ignore[attr-defined]


def test_text_is_escaped_once_in_toc_noscript_and_headings(
    example_pages: dict[str, object],
) -> None:
    twice = re.compile(r"&(#x?[0-9a-f]+|amp|lt|gt|quot|apos);", re.I)
    found = []
    generated = ("plans/", "people/", "concession-", "banque-", "enseigne-", "saas-")
    checked = 0
    for name, soup in example_pages.items():
        if not name.startswith(generated):
            continue  # docs/ pages: the author's (docs/security.md shows `&#58;` on purpose)
        checked += 1
        for text in soup.find_all(string=twice):  # type: ignore[attr-defined]
            found.append(f"{name}: {text.strip()[:80]}")
    assert found == [] and checked > 40
    segment = example_pages["concession-2025/segments/entreprises/index.html"]
    labels = [n.get_text() for n in segment.find_all("noscript")]  # type: ignore[attr-defined]
    assert any(label.startswith("Chiffre d'affaires — ") for label in labels), labels
    toc = [a.get_text(strip=True) for a in segment.select("nav.md-nav--secondary a")]  # type: ignore[attr-defined]
    assert not any("&#" in entry for entry in toc)


def test_tables_have_no_empty_header_and_charts_with_links_are_no_images(
    example_pages: dict[str, object],
) -> None:
    problems = []
    seen = {"th": 0, "img": 0, "chart": 0}
    for name, soup in example_pages.items():
        for th in soup.find_all("th"):  # type: ignore[attr-defined]
            seen["th"] += 1
            if not th.get_text(strip=True):
                problems.append(f"{name}: empty <th>")
        for element in soup.find_all(attrs={"role": "img"}):  # type: ignore[attr-defined]
            seen["img"] += 1
            if element.find(["a", "button", "input", "select"]) or element.find(tabindex=True):
                problems.append(f"{name}: role=img around focusable parts")
        for chart in soup.select(".pacsite-chart"):  # type: ignore[attr-defined]
            seen["chart"] += 1
            if chart.get("role") == "img":  # plotly.js draws buttons and links into it
                problems.append(f"{name}: chart with role=img")
    assert problems == []
    assert seen["th"] > 500 and seen["img"] > 20 and seen["chart"] > 20, seen


def test_each_plan_page_says_its_plan_language(example_pages: dict[str, object]) -> None:
    """The example site is English; its French plans' pages are `lang="fr"`."""

    def lang(name: str) -> str:
        return str(example_pages[name].find("html")["lang"])  # type: ignore[attr-defined]

    assert lang("index.html") == "en" and lang("plans/index.html") == "en"
    for page in ("concession-2025/index.html", "concession-2025/kpis/index.html",
                 "concession-2025/segments/particuliers/index.html",
                 "banque-q1-2025/calendar/index.html", "people/julie-martin/index.html"):  # fmt: skip
        assert lang(page) == "fr", page
    assert lang("saas-growth-2026/index.html") == "en"
    assert lang("saas-growth-2026/kpis/index.html") == "en"
