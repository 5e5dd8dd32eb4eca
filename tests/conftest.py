"""Shared fixtures: temporary plan directories and MkDocs projects."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

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
