"""Hostile text in every text field of a plan, through a full build: no live markup on any page,
chart data that parses and cannot close its script, feeds that parse, exports a spreadsheet
will not run. Hypothesis writes the texts from the pieces attackers use."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from tests.conftest import MKDOCS_YML
from tests.test_hostile import live_markup

PIECES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "{: onclick=alert(4)}",
    "![ ](data:,){: onerror=alert(5)}",
    "[x](javascript:alert(6))",
    "[y](javascript&#58;alert(7))",
    "[r]\n\n[r]: &#106;avascript:alert(8)",
    '[t](https://a.example "<b onmouseover=alert(9)>x</b>")',
    "![p](https://tracker.example/p.png)",
    "{{ 7*7 }}",
    "{% raw %}",
    "</script><!--",
    "---",
    "\n\n",
    "\u2028",
    "\u2029",
    "\r",
    "\x0b",
    "\x85",
    "\x1b[31m",
    "\u202e",
    "=cmd|'/c calc'!A1",
    "+1",
    "@SUM(1)",
    "&amp;",
    "&lt;",
    "|",
    "#",
    "*",
    "_",
    "`",
    "\\",
    ":",
    "é",
    "李",
]
HOSTILE = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(min_size=1, max_size=8)), min_size=1, max_size=6
).map("".join)


def _plan(t: Any) -> dict[str, Any]:
    """A plan whose every free text is hostile (ids stay ids: they name files)."""
    return {
        "title": t(),
        "organization": t(),
        "owner": t(),
        "year": 2025,
        "language": "fr",
        "as_of": "2025-06-30",
        "summary": t(),
        "strategy": t(),
        "market": t(),
        "competition": t(),
        "team": [{"id": "julie", "name": t(), "role": t()}],
        "kpis": [
            {"id": "ventes", "name": t(), "unit": "count", "description": t()},
            {"id": "ca", "name": t(), "unit": t(), "description": t()},
        ],
        "objectives": [
            {"id": "vol", "title": t(), "kpi": "ventes", "target": 100, "due": "2025-12-31"},
            {"id": "qual", "title": t(), "kind": "qualitative"},
        ],
        "personas": [{"id": "p1", "name": t(), "profile": t(), "needs": [t()]}],
        "segments": [
            {
                "id": "seg",
                "name": t(),
                "description": t(),
                "personas": ["p1"],
                "swot": {
                    "strengths": [t()],
                    "weaknesses": [t()],
                    "opportunities": [t()],
                    "threats": [t()],
                },
                "axes": [
                    {
                        "id": "axe",
                        "name": t(),
                        "description": t(),
                        "objective": {"kpi": "ventes", "target": 50, "due": "2025-12-31"},
                        "budget": 100,
                    }
                ],
            }
        ],
        "actions": [
            {
                "id": "act",
                "title": t(),
                "description": t(),
                "segment": "seg",
                "axis": "axe",
                "owner": "julie",
                "start": "2025-01",
                "due": "2025-03",
                "needs": [{"info": t(), "from": t()}],
                "channel": t(),
                "budget": 100,
                "spent": 50,
                "status": "in_progress",
                "tags": [t()],
                "notes": t(),
            },
            {"id": "libre", "title": t(), "owner": t(), "segment": "seg", "due": "2025-02"},
        ],
        "budget": {"total": 1000, "lines": [{"category": t(), "amount": 100, "segment": "seg"}]},
        "results": [{"file": "r.csv"}],
    }


def _results(note: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "kpi", "value", "note"])
    writer.writerow(["2025-01", "ventes", "10", note])
    writer.writerow(["2025-02", "ventes", "4", note])
    return out.getvalue()


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    # each example is a whole build: generate, do not shrink (a failure prints its texts)
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_text_field_of_a_plan_ever_becomes_live_markup(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path_factory.mktemp("fuzz")
    texts: list[str] = []

    def t() -> str:
        texts.append(data.draw(HOSTILE))
        return texts[-1]

    plan = _plan(t)
    (root / "plans").mkdir()
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Accueil\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "plans/fuzz.yaml").write_text(
        yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    # a NUL makes a CSV file binary (a located error of its own): not in this note
    (root / "plans/r.csv").write_text(_results(t().replace("\x00", "")), encoding="utf-8")
    build(load_config(str(root / "mkdocs.yml")))
    site = root / "site"
    pages = [*sorted(site.glob("fuzz/**/index.html")), site / "plans/index.html"]
    assert len(pages) > 8
    for page in pages:
        assert live_markup(page) == [], page
        for block in re.findall(
            r'<script type="application/json">(.*?)</script>',
            page.read_text(encoding="utf-8"),
            flags=re.S,
        ):
            json.loads(block)  # the chart data is data
    for feed in [site / "fuzz/calendar.ics", *sorted(site.glob("fuzz/owners/*.ics"))]:
        Calendar.from_ical(feed.read_bytes())
    rows = list(
        csv.reader(
            io.StringIO((site / "fuzz/actions.csv").read_bytes().decode("utf-8-sig")),
            delimiter=";",
        )
    )
    for cell in (c for row in rows[1:] for c in row):
        assert not cell.startswith(("=", "+", "-", "@")), cell
    assert len(texts) >= 38  # every free text of the plan
