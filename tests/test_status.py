"""`pacsite status`: the terminal summary of the example plans."""

from __future__ import annotations

import pytest

from pacsite.cli import main
from tests.conftest import EXAMPLE_PLANS, MINIMAL_PLAN, WriteFiles


def test_status_of_the_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", str(EXAMPLE_PLANS)]) == 0
    out = capsys.readouterr().out
    blocks = out.split("\n\n\n") if "\n\n\n" in out else out.split("Situation")
    assert len(blocks) >= 4
    # French plan: French words, French number formatting, progress bars
    assert "Situation au 30 juin 2025 (date fixée dans le plan)" in out
    assert "Réaliser 6 000 000 € de chiffre d'affaires" in out
    assert "2\u202f588\u202f100\u00a0€ / 6\u202f000\u202f000\u00a0€ (À surveiller)" in out
    assert "[████████▌           ]" in out
    # English plan: English words and formatting
    assert "Situation at October 31, 2026 (date of the latest results)" in out
    assert (
        "ROI of action “Exhibit at the European Operations Summit” is 0.8× over the last 2 months"
        in out
    )
    assert "$1,732,000 / $2,400,000 (At risk)" in out


def test_status_with_as_of_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", str(EXAMPLE_PLANS), "--as-of", "2025-03-31"]) == 0
    assert (
        "Situation au 31 mars 2025 (date choisie pour cette construction)"
        in capsys.readouterr().out
    )


def test_status_reports_errors(write_files: WriteFiles, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_files(
        {
            "plans/demo/plan.yaml": MINIMAL_PLAN,
            "plans/demo/results/r.csv": "date,kpi,value\n2025-01,ventes,douze\n",
        }
    )
    assert main(["status", str(root / "plans")]) == 1
    assert (
        "r.csv:2: colonne « value »\u202f: « douze » n’est pas un nombre lisible [PAC006]"
        in capsys.readouterr().out
    )
