"""The hostile corpus in a real browser: no dialog opens, no error, on any page."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Visit, _require_browser, build, serve
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    _require_browser()
    project = tmp_path_factory.mktemp("hostile-browser")
    shutil.copytree(ROOT / "tests" / "hostile", project, dirs_exist_ok=True)
    site = project / "site"
    site.mkdir()
    server, url = serve(site)
    build(project / "mkdocs.yml", site, url)
    yield site, url
    server.shutdown()
    server.server_close()


def test_nothing_from_the_plan_runs(hostile_site: tuple[Path, str], context: Any) -> None:
    site, url = hostile_site
    pages = sorted(
        p.parent.relative_to(site).as_posix() + "/" for p in (site / "hostile").rglob("index.html")
    )
    assert len(pages) >= 10
    visit = Visit(context)
    for path in pages:
        visit.page.goto(url + path, wait_until="load")
        visit.draw_all_charts()
        # hover every chart point and tooltip: notes and names are shown, never run
        for chart in visit.page.locator(".pacsite-chart__plot").all():
            box = chart.bounding_box()
            if box:
                visit.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        visit.settle()
        visit.assert_clean()
    assert visit.dialogs == []
