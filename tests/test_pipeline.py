"""One pipeline: `pacsite validate` gives the verdict `mkdocs build` would, on the same inputs;
every command reports bad options as located one-line errors, never a traceback."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from pacsite.cli import main
from tests.conftest import EXAMPLE_PLANS, MINIMAL_PLAN, MKDOCS_YML, ROOT, WriteFiles

BAD_YAML = "title: [x\nyear: 2025\n"
INTENTION = MINIMAL_PLAN.replace("title: Exposer au salon", "title: Présence au salon")
WITH_RESULTS = MINIMAL_PLAN + "results:\n  - file: r.csv\n"

# name: (files, extra mkdocs.yml lines under `- pacsite:`)
CASES: dict[str, tuple[dict[str, str], str]] = {
    "valid": ({"plans/a.yaml": MINIMAL_PLAN}, ""),
    "file and folder with one id": (
        {"plans/a.yaml": MINIMAL_PLAN, "plans/a/plan.yaml": MINIMAL_PLAN},
        "",
    ),
    "YAML syntax": ({"plans/a.yaml": BAD_YAML}, ""),
    "schema": ({"plans/a.yaml": MINIMAL_PLAN.replace("year: 2025", "year: deux")}, ""),
    "reference": (
        {"plans/a.yaml": MINIMAL_PLAN.replace("axis: reprise", "axis: inconnu")},
        "",
    ),
    "lint finding (a warning)": ({"plans/a.yaml": INTENTION}, ""),
    "lint made an error in mkdocs.yml": (
        {"plans/a.yaml": INTENTION},
        "      lint: {PAC101: error}\n",
    ),
    "lint silenced in mkdocs.yml": (
        {"plans/a.yaml": INTENTION},
        "      lint: {PAC101: ignore}\n",
    ),
    "unknown lint code in the plan": (
        {"plans/a.yaml": MINIMAL_PLAN + "lint: {ignore: [PAC999]}\n"},
        "",
    ),
    "unreadable results row": (
        {"plans/a.yaml": WITH_RESULTS, "plans/r.csv": "date,kpi,value\n2025-01,ventes,abc\n"},
        "",
    ),
    "bad severity in mkdocs.yml": ({"plans/a.yaml": MINIMAL_PLAN}, "      lint: {PAC101: eror}\n"),
    "unknown option in mkdocs.yml": ({"plans/a.yaml": MINIMAL_PLAN}, "      colour: red\n"),
    "bad as_of in mkdocs.yml": ({"plans/a.yaml": MINIMAL_PLAN}, "      as_of: 2025-13\n"),
    "plotly_bundle is an option": ({"plans/a.yaml": MINIMAL_PLAN}, "      plotly_bundle: full\n"),
    "other plans_dir": ({"portefeuille/a.yaml": MINIMAL_PLAN}, "      plans_dir: portefeuille\n"),
}


def _project(write_files: WriteFiles, files: dict[str, str], options: str) -> Path:
    mkdocs_yml = MKDOCS_YML.replace("  - pacsite\n", "  - pacsite:\n" + (options or "      {}\n"))
    return write_files({"mkdocs.yml": mkdocs_yml, "docs/index.md": "# Accueil\n", **files})


def _builds(root: Path, *, strict: bool) -> bool:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    try:
        build(load_config(str(root / "mkdocs.yml"), strict=strict))
    except (PluginError, ConfigurationError, Abort, SystemExit):
        return False
    return True


def _validates(root: Path, monkeypatch: pytest.MonkeyPatch, *, strict: bool) -> int:
    monkeypatch.chdir(root)
    return main(["validate", *(["--strict"] if strict else [])])


@pytest.mark.parametrize("strict", [False, True], ids=["normal", "strict"])
@pytest.mark.parametrize("case", list(CASES))
def test_validate_agrees_with_the_build(
    case: str,
    strict: bool,
    write_files: WriteFiles,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = _project(write_files, *CASES[case])
    code = _validates(root, monkeypatch, strict=strict)
    assert code in {0, 1, 2}, "0 valid, 1 plans wrong, 2 options wrong"
    assert "Traceback" not in capsys.readouterr().err
    assert (code == 0) == _builds(root, strict=strict), f"{case}: validate said {code}"


def test_validate_agrees_with_the_build_on_the_example_and_hostile_sites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, source in (("example", ROOT), ("hostile", ROOT / "tests" / "hostile")):
        project = tmp_path / name
        project.mkdir()
        shutil.copy(source / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(source / "docs", project / "docs")
        shutil.copytree(EXAMPLE_PLANS if name == "example" else source / "plans", project / "plans")
        if (source / "theme_overrides").is_dir():
            shutil.copytree(source / "theme_overrides", project / "theme_overrides")
        for strict in (False, True):
            code = _validates(project, monkeypatch, strict=strict)
            assert (code == 0) == _builds(project, strict=strict), (name, strict)


def test_a_plan_file_beside_a_plan_folder_of_the_same_id_is_an_error(
    write_files: WriteFiles, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(write_files, *CASES["file and folder with one id"])
    assert _validates(root, monkeypatch, strict=False) == 1
    out = capsys.readouterr()
    assert (
        "plans/a.yaml: l’identifiant de plan « a » est utilisé deux fois\u202f: plans/a et "
        "plans/a.yaml [PAC004]" in out.out
    )
    assert out.err.startswith("1 erreur, ")  # the plans are French


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["status", "--as-of", "2025-13"], "--as-of"),
        (["gen", "out", "--as-of", "nope"], "--as-of"),
        (["validate", "--ignore", "PAC999"], "--ignore"),
        (["status", "--config-file", "absent.yml"], "--config-file"),
    ],
)
def test_bad_flags_are_one_located_line(
    argv: list[str],
    flag: str,
    write_files: WriteFiles,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = _project(write_files, {"plans/a.yaml": MINIMAL_PLAN}, "")
    monkeypatch.chdir(root)
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f": {flag}: " in err[0] and err[0][-7:-1] in {"PAC001", "PAC002"}
    assert not (root / "out").exists()


@pytest.mark.parametrize(
    ("options", "key", "words"),
    [
        ("      lint: {PAC101: eror}\n", "lint", "'eror' is not a severity"),
        ("      lint: {PAC777: error}\n", "lint", "'PAC777' is not a lint code"),
        ("      colour: red\n", "colour", "unknown option"),
        ("      as_of: 2025-13\n", "as_of", "month 13 does not exist"),
        ("      plotly_bundle: tiny\n", "plotly_bundle", "'tiny' is not allowed"),
        ("      thresholds: {on_track: 0.8, at_risk: 0.9}\n", "thresholds", "at_risk (0.9)"),
    ],
)
def test_bad_options_in_mkdocs_yml_name_the_key(
    options: str,
    key: str,
    words: str,
    write_files: WriteFiles,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    root = _project(write_files, {"plans/a.yaml": MINIMAL_PLAN}, options)
    assert _validates(root, monkeypatch, strict=False) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert f"mkdocs.yml: plugins.pacsite.{key}: " in line and words in line, line
    with pytest.raises(Abort), caplog.at_level(logging.ERROR):
        load_config(str(root / "mkdocs.yml"))
    assert f"Plugin 'pacsite' option '{key}': " in caplog.text and words in caplog.text


def test_status_uses_the_options_of_mkdocs_yml(
    write_files: WriteFiles, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(write_files, {"plans/a.yaml": MINIMAL_PLAN}, "      as_of: 2025-02-28\n")
    monkeypatch.chdir(root)
    assert main(["status"]) == 0
    assert "Situation au 28 février 2025 (date choisie pour cette construction)" in (
        capsys.readouterr().out
    )
