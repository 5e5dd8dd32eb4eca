"""The `pacsite` command line: validate (exit codes, formats) and schema."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from pacsite.cli import main
from tests.conftest import DONE_PLAN, EXAMPLE_PLANS, MINIMAL_PLAN, WriteFiles


def test_examples_validate_strict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(EXAMPLE_PLANS), "--strict"]) == 0
    assert capsys.readouterr().out == ""


def test_errors_exit_1_with_locations(
    write_files: WriteFiles, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_files(
        {"plans/demo/plan.yaml": MINIMAL_PLAN.replace("kpi: ventes, target", "kpi: ca, target")}
    )
    monkeypatch.chdir(root)
    assert main(["validate", "plans"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        line for line in out if line.startswith("plans/demo/plan.yaml:10:49: objectives[0].kpi: ")
    ]
    assert len(out) == 1 and out[0].endswith("[PAC003]")


def test_strict_turns_warnings_into_errors(
    write_files: WriteFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_files(
        {"plans/demo/plan.yaml": DONE_PLAN.replace("title: Exposer au salon", "title: Salon auto")}
    )
    assert main(["validate", str(root / "plans")]) == 0
    assert main(["validate", str(root / "plans"), "--strict"]) == 1
    assert main(["validate", str(root / "plans"), "--strict", "--ignore", "PAC101"]) == 0
    capsys.readouterr()


def test_json_format(write_files: WriteFiles, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_files({"plans/demo/plan.yaml": DONE_PLAN.replace("    owner: julie\n", "")})
    assert main(["validate", str(root / "plans"), "--format", "json"]) == 0
    [finding] = json.loads(capsys.readouterr().out)
    assert finding["code"] == "PAC102" and finding["severity"] == "warning"
    assert finding["position"]["line"] == 17 and finding["path"] == "actions[0]"


def test_schema_accepts_the_example_plans(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    for path in [*EXAMPLE_PLANS.glob("*/plan.yaml"), *EXAMPLE_PLANS.glob("*.yaml")]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "x", "year": 2025, "kpiz": []}, schema)


@pytest.mark.parametrize("kind", ["segment", "actions"])
def test_schema_of_split_files(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--kind", kind]) == 0
    schema = json.loads(capsys.readouterr().out)
    folder = "segments" if kind == "segment" else "actions"
    files = sorted(EXAMPLE_PLANS.glob(f"*/{folder}/*.yaml"))
    assert files
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)
