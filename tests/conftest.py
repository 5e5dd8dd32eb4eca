"""Shared fixtures: temporary plan directories and MkDocs projects."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PLANS = ROOT / "plans"

MINIMAL_PLAN = """\
title: Plan de test
year: 2025
language: fr
team:
  - {id: julie, name: Julie Martin}
kpis:
  - {id: ventes, name: Ventes, unit: count}
  - {id: chiffre-affaires, name: Chiffre d'affaires, unit: EUR}
objectives:
  - {id: volume, title: Vendre 100 unités, kpi: ventes, target: 100, due: 2025-12-31}
segments:
  - id: particuliers
    name: Particuliers
    axes:
      - {id: reprise, name: Reprise, objective: {kpi: chiffre-affaires, target: 1000, due: 2025-06-30}}
actions:
  - id: salon
    title: Exposer au salon
    segment: particuliers
    axis: reprise
    owner: julie
    start: 2025-01-15
    due: 2025-03-31
"""

DONE_PLAN = MINIMAL_PLAN + "    status: done\n"
"""MINIMAL_PLAN with its action done: judged today, a planned action of 2025 is stale data
(PAC110), which tests about something else do not want to count."""

WriteFiles = Callable[[dict[str, str]], Path]


@pytest.fixture
def write_files(tmp_path: Path) -> WriteFiles:
    """Write `{relative path: text}` under a temporary folder; return that folder."""

    def write(files: dict[str, str]) -> Path:
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text), encoding="utf-8")
        return tmp_path

    return write


MKDOCS_YML = """\
site_name: Test
theme:
  name: material
  language: fr
plugins:
  - search
  - pacsite
"""


class SiteBuild:
    """A temporary MkDocs project built in-process."""

    def __init__(self, root: Path):
        self.root = root
        self.site = root / "site"

    def build(self, *, strict: bool = False) -> Path:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(str(self.root / "mkdocs.yml"), strict=strict)
        build(config)
        return self.site

    def html(self, url_path: str) -> Any:
        from bs4 import BeautifulSoup

        path = (
            self.site / url_path / "index.html"
            if not url_path.endswith(".html")
            else self.site / url_path
        )
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def charts(self, url_path: str) -> list[dict[str, Any]]:
        import json

        soup = self.html(url_path)
        return [json.loads(div.script.string)[0] for div in soup.select("div.pacsite-chart")]


@pytest.fixture
def site(write_files: WriteFiles) -> Callable[..., SiteBuild]:
    """Write a project (`mkdocs.yml`, `docs/index.md`, plans) and return its builder."""

    def make(files: dict[str, str], mkdocs_yml: str = MKDOCS_YML) -> SiteBuild:
        root = write_files({"mkdocs.yml": mkdocs_yml, "docs/index.md": "# Accueil\n", **files})
        return SiteBuild(root)

    return make
