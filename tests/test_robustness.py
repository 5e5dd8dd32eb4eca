"""Robustness: arbitrary input never ends in a traceback; big files stream; builds reproduce."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacsite.load import Code, Diagnostic, load_plan, read_yaml_text
from pacsite.load.yamlsource import SourceError
from tests.conftest import MINIMAL_PLAN, ROOT

_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _load(tmp: Path, text: str | bytes) -> list[Diagnostic]:
    """Load a plan: a plan, or errors (never both, never neither), each located in the file."""
    path = tmp / "x.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    loaded, diagnostics = load_plan(path, base=tmp)
    assert (loaded is None) == any(d.severity == "error" for d in diagnostics)
    for d in diagnostics:
        assert d.position.file == "x.yaml" and d.message
    return diagnostics


@_SETTINGS
@given(st.text(max_size=300))
def test_any_text_gives_a_plan_or_located_errors(tmp_path: Path, text: str) -> None:
    _load(tmp_path, text.encode("utf-8", "replace"))


@_SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes_give_located_errors(tmp_path: Path, data: bytes) -> None:
    _load(tmp_path, data)


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.dates().map(str),
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
_KEYS = [
    "title",
    "year",
    "period",
    "kpis",
    "objectives",
    "segments",
    "actions",
    "team",
    "budget",
    "alerts",
    "results",
    "as_of",
    "currency",
    "language",
    "personas",
]


@_SETTINGS
@given(st.dictionaries(st.sampled_from(_KEYS), _values, max_size=8))
def test_any_shape_of_plan(tmp_path: Path, data: dict[str, object]) -> None:
    _load(tmp_path, yaml.safe_dump(data, allow_unicode=True))


_base = yaml.safe_load(MINIMAL_PLAN)


@_SETTINGS
@given(
    st.sampled_from(["kpis", "objectives", "segments", "actions", "team"]),
    st.integers(0, 3),
    st.sampled_from(
        [
            "id",
            "title",
            "name",
            "due",
            "start",
            "target",
            "kpi",
            "owner",
            "axes",
            "segment",
            "share",
        ]
    ),
    _values,
)
def test_one_bad_value_in_a_valid_plan(
    tmp_path: Path, section: str, index: int, key: str, value: object
) -> None:
    """A bad value is an error at the item it was written in: `actions[0].due`, not somewhere
    else — only a changed id (or axes) may break a reference to it from elsewhere."""
    data = yaml.safe_load(MINIMAL_PLAN)
    items = data[section]
    at = index % len(items)
    items[at][key] = value
    errors = [
        d
        for d in _load(tmp_path, yaml.safe_dump(data, allow_unicode=True))
        if d.severity == "error"
    ]
    elsewhere = [
        d
        for d in errors
        if not d.path.startswith(f"{section}[{at}]")
        and d.code not in {Code.REFERENCE, Code.DUPLICATE}
    ]
    assert elsewhere == [], [(d.path, d.code, d.message) for d in elsewhere]


def test_quadratic_blowup_is_refused_quickly() -> None:
    bomb = (
        "a: &a ["
        + ",".join(["x"] * 50)
        + "]\n"
        + "".join(
            f"{c}: &{c} [" + ",".join([f"*{p}"] * 50) + "]\n"
            for p, c in zip("abcd", "bcde", strict=True)
        )
    )
    try:
        read_yaml_text(bomb, "bomb.yaml")
    except SourceError as exc:
        assert exc.diagnostics[0].code == "PAC007"
    else:
        raise AssertionError("alias bomb accepted")


def test_a_50_mb_export_streams_in_bounded_memory(tmp_path: Path) -> None:
    plan = MINIMAL_PLAN + (
        "results:\n  - {file: results/deals.csv, kpi: chiffre-affaires, date_column: Close Date,"
        " value_column: Amount, filter: {Stage: Closed Won}}\n"
    )
    folder = tmp_path / "plans" / "big"
    (folder / "results").mkdir(parents=True)
    (folder / "plan.yaml").write_text(plan, encoding="utf-8")
    row = "Deal {i:07d} with a long enough name for realism,Closed Won,2025-{m:02d}-{d:02d} 10:{i2:02d},{a}.00,Julie Martin\n"
    with (folder / "results" / "deals.csv").open("w", encoding="utf-8") as out:
        out.write("Deal Name,Stage,Close Date,Amount,Owner\n")
        size, i = 0, 0
        chunk = []
        while size < 50_000_000:
            line = row.format(i=i, m=i % 12 + 1, d=i % 28 + 1, i2=i % 60, a=1000 + i % 5000)
            chunk.append(line)
            size += len(line)
            i += 1
            if len(chunk) == 10_000:
                out.write("".join(chunk))
                chunk = []
        out.write("".join(chunk))
    # In a fresh interpreter: the growth of its peak resident memory while loading.
    script = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from pacsite.pipeline import check as load_plans\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "result = load_plans(Path(sys.argv[1]))\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "[loaded] = result.loaded\n"
        "print(len(result.errors), len(loaded.measures), after - before)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "plans")],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    errors, measures, growth_kib = map(int, run.stdout.split())
    assert errors == 0
    assert measures == 84  # aggregated per day while reading (i % 12 and i % 28: 84 distinct days)
    assert growth_kib < 40_000, f"resident memory grew by {growth_kib:,} KiB for a 50 MB file"


def test_builds_are_byte_identical(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
    try:
        for name in ("a", "b"):
            build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / name)))
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    files_a = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()
    )
    files_b = sorted(
        p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file()
    )
    assert files_a == files_b and len(files_a) > 100
    different = [
        f for f in files_a if (tmp_path / "a" / f).read_bytes() != (tmp_path / "b" / f).read_bytes()
    ]
    assert different == []
