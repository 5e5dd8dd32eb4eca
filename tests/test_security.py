"""Safe to publish: the repository is the boundary, and bad input is a located error, never a
traceback. Each test is one reproduction of an attack or accident (issue "Safe to publish")."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pacsite.cli import main
from pacsite.pipeline import check
from tests.conftest import MINIMAL_PLAN, WriteFiles

SECRET = "date,kpi,value\n2025-01,ventes,42\nTOP-SECRET-LINE,x,y\n"


def _errors(root: Path) -> list[str]:
    return [str(d) for d in check(root / "project" / "plans", root=root / "project").errors]


@pytest.fixture
def project(write_files: WriteFiles) -> Path:
    """A project folder with a secret file beside it, outside."""
    return write_files({"secret.csv": SECRET, "project/docs/index.md": "# x\n"})


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("../../secret.csv", "leads outside the project folder"),
        ("{root}/secret.csv", "is an absolute path"),
        ("C:\\\\Users\\\\x\\\\secret.csv", "is an absolute path"),
    ],
)
def test_a_results_path_outside_the_project_is_refused(
    project: Path, written: str, words: str
) -> None:
    path = written.format(root=project)
    plan = MINIMAL_PLAN.replace("language: fr", "language: en") + f"results:\n  - file: '{path}'\n"
    (project / "project/plans").mkdir(parents=True)
    (project / "project/plans/a.yaml").write_text(plan, encoding="utf-8")
    [error] = _errors(project)
    assert words in error and "[PAC003]" in error and error.startswith("plans/a.yaml:")
    assert "TOP-SECRET" not in error


def test_a_symlink_leading_outside_is_refused(project: Path) -> None:
    plans = project / "project/plans/demo"
    (plans / "results").mkdir(parents=True)
    (plans / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    (plans / "results/crm.csv").symlink_to(project / "secret.csv")
    [error] = _errors(project)
    assert "plans/demo/results/crm.csv" in error and "mène hors du dossier du projet" in error
    assert "TOP-SECRET" not in error


def test_a_device_is_not_read(project: Path) -> None:
    """A committed symlink to /dev/zero once grew memory without bound."""
    plans = project / "project/plans/demo"
    (plans / "results").mkdir(parents=True)
    (plans / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    os.symlink("/dev/zero", plans / "results/zero.csv")
    [error] = _errors(project)
    assert "zero.csv" in error  # outside the project (and not a regular file either)


def test_a_pipe_inside_the_project_is_not_read(project: Path) -> None:
    plans = project / "project/plans/demo"
    (plans / "results").mkdir(parents=True)
    (plans / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    os.mkfifo(plans / "results/pipe.csv")  # reading a named pipe would wait forever
    [error] = _errors(project)
    assert error.startswith("plans/demo/results/pipe.csv: ")
    assert "« pipe.csv » n’est pas un fichier ordinaire" in error


def test_a_plan_symlinked_from_outside_is_refused(project: Path) -> None:
    (project / "elsewhere.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    (project / "project/plans").mkdir(parents=True)
    (project / "project/plans/a.yaml").symlink_to(project / "elsewhere.yaml")
    [error] = _errors(project)
    assert error.startswith("plans/a.yaml: ") and "[PAC003]" in error


def test_a_yaml_file_is_read_only_up_to_its_limit(project: Path) -> None:
    from pacsite.load import Limits

    plans = project / "project/plans"
    plans.mkdir(parents=True)
    (plans / "a.yaml").write_text(MINIMAL_PLAN + "#" * 5000 + "\n", encoding="utf-8")
    errors = check(plans, root=project / "project", limits=Limits(max_bytes=2000)).errors
    assert [d.code for d in errors] == ["PAC007"]


def test_validate_never_prints_what_it_refused(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = project / "project/plans/demo"
    (plans / "results").mkdir(parents=True)
    (plans / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    (plans / "results/crm.csv").symlink_to(project / "secret.csv")
    monkeypatch.chdir(project / "project")
    for fmt in ("text", "json", "github", "gitlab"):
        assert main(["validate", "--format", fmt]) == 1
        out = capsys.readouterr()
        assert "TOP-SECRET" not in out.out + out.err and "crm.csv" in out.out
