"""Find the plans of a directory, merge their split files, validate them with positions."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..catalog import msg
from ..model import Measure, Plan
from .crossref import check_references
from .diagnostics import Code, Diagnostic, Position, display_path
from .files import inside
from .lint import LintLevels, lint_plan
from .results import failing_sources, load_results
from .schema_errors import schema_diagnostics
from .yamlsource import Limits, SourceError, SourceMap, read_yaml

__all__ = ["LoadedPlan", "PlanSource", "discover_plans", "load_plan"]

_YAML = (".yaml", ".yml")
_PLAN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass
class PlanSource:
    """Where a plan comes from: its root (folder or file) and the files merged into it."""

    id: str
    root: Path
    files: list[Path] = field(default_factory=list)
    smap: SourceMap = field(default_factory=SourceMap)
    base: Path | None = None
    """The folder file names in positions are relative to (see `display_path`)."""
    _shown: list[str] = field(default_factory=list, repr=False, compare=False)

    def file_at(self, path: tuple[str | int, ...]) -> Path | None:
        """The file an item of the plan was written in (`("actions", 3)` → `actions/retail.yaml`)."""
        shown = self.smap.locate(path).file
        if len(self._shown) != len(self.files):  # files are added while the plan loads
            self._shown[:] = [display_path(file, self.base) for file in self.files]
        for file, name in zip(self.files, self._shown, strict=True):
            if name == shown:
                return file
        return self.files[0] if self.files else None

    @property
    def is_folder(self) -> bool:
        return self.root.is_dir()

    @property
    def results_dir(self) -> Path | None:
        folder = self.root / "results"
        return folder if self.is_folder and folder.is_dir() else None

    @property
    def base_dir(self) -> Path:
        """The folder relative paths inside the plan (`results:` files) start from."""
        return self.root if self.is_folder else self.root.parent


@dataclass
class LoadedPlan:
    """A valid plan, where it comes from, and its lint findings."""

    plan: Plan
    source: PlanSource
    findings: list[Diagnostic] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    failing: dict[str, tuple[dt.date | None, dt.date]] = field(default_factory=dict)
    """The CRM sources whose pull fails: (day of the figures shown, day it began to fail)."""


def discover_plans(plans_dir: Path) -> list[Path]:
    """Plan roots in `plans_dir`: folders holding `plan.yaml` and single `*.yaml` files."""
    roots = []
    for entry in sorted(plans_dir.iterdir()):
        if entry.name.startswith((".", "_")):
            continue
        if (entry.is_dir() and any((entry / f"plan{ext}").is_file() for ext in _YAML)) or (
            entry.is_file() and entry.suffix in _YAML
        ):
            roots.append(entry)
    return roots


def _split_files(folder: Path, sub: str) -> list[Path]:
    directory = folder / sub
    if not directory.is_dir():
        return []
    return sorted(
        p for p in directory.iterdir() if p.suffix in _YAML and not p.name.startswith(".")
    )


def _read(
    path: Path, base: Path | None, limits: Limits, errors: list[Diagnostic]
) -> tuple[Any, SourceMap] | None:
    try:
        return read_yaml(path, display_path(path, base), limits)
    except SourceError as exc:
        errors.extend(exc.diagnostics)
        return None


def _merge(
    data: dict[str, Any],
    smap: SourceMap,
    key: str,
    path: Path,
    base: Path | None,
    limits: Limits,
    errors: list[Diagnostic],
) -> None:
    """Append the items of a split file (`segments/x.yaml`, `actions/y.yaml`) to `data[key]`."""
    read = _read(path, base, limits, errors)
    if read is None:
        return
    content, file_map = read
    items = content if isinstance(content, list) else [content]
    existing = data.get(key)
    if existing is None:
        existing = data[key] = []
    if not isinstance(existing, list):
        return  # plan.yaml's own `key` is not a list: validation reports it there
    for index, item in enumerate(items):
        if item is None:
            continue
        sub = SourceMap(
            {p[1:]: pos for p, pos in file_map.values.items() if p[:1] == (index,)},
            {p[1:]: pos for p, pos in file_map.keys.items() if p[:1] == (index,)},
        )
        if not isinstance(content, list):
            sub = file_map
        smap.graft(sub, (key, len(existing)))
        existing.append(item)


_SPLIT = ("segments", "actions", "reviews")
"""Folders of a folder plan whose files hold items of the list of that name."""
_LISTS = ("team", "kpis", "objectives", "personas", "segments", "actions", "results", "reviews")


def _without_invalid_items(
    data: dict[str, Any], exc: ValidationError
) -> tuple[Plan, dict[str, list[int]], dict[str, set[str]]] | None:
    """The plan without the list items (and optional keys) that have schema errors.

    Returns the plan, the index in the files of each item kept, and the ids of the items left
    out; None when what is wrong is the plan's period, which every date check needs.
    """
    bad_items: dict[str, set[int]] = {}
    bad_keys: set[str] = set()
    for error in exc.errors():
        loc = error["loc"]
        if not loc:
            return None
        key = str(loc[0])
        if key in _LISTS and len(loc) > 1 and isinstance(loc[1], int):
            bad_items.setdefault(key, set()).add(loc[1])
        else:
            bad_keys.add(key)
    if bad_keys & {"period", "year"}:
        return None
    partial = {k: v for k, v in data.items() if k not in bad_keys or k == "title"}
    if "title" in bad_keys:
        partial["title"] = "?"
    index_map: dict[str, list[int]] = {}
    known: dict[str, set[str]] = {}
    for key, bad in bad_items.items():
        items = data.get(key)
        if not isinstance(items, list):
            continue
        index_map[key] = [i for i in range(len(items)) if i not in bad]
        partial[key] = [items[i] for i in index_map[key]]
        for i in bad:
            item = items[i]
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                known.setdefault(key, set()).add(item["id"])
            if key == "segments" and isinstance(item, dict) and isinstance(item.get("axes"), list):
                known.setdefault("axes", set()).update(
                    a["id"]
                    for a in item["axes"]
                    if isinstance(a, dict) and isinstance(a.get("id"), str)
                )
    try:
        return Plan.model_validate(partial), index_map, known
    except ValidationError:
        return None


def validate_data(data: dict[str, Any], smap: SourceMap) -> tuple[Plan | None, list[Diagnostic]]:
    """A plan's data validated, with every schema and reference error located by `smap`."""
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        errors = schema_diagnostics(exc, data, smap, Plan)
        # Check the rest of the plan too, so that every mistake comes back in one run.
        partial = _without_invalid_items(data, exc)
        if partial is not None:
            errors.extend(
                check_references(partial[0], smap, index_map=partial[1], known=partial[2])
            )
        return None, errors
    return plan, check_references(plan, smap)


def load_plan(
    root: Path,
    *,
    base: Path | None = None,
    limits: Limits = Limits(),
    lint_levels: LintLevels | None = None,
) -> tuple[LoadedPlan | None, list[Diagnostic]]:
    """Load one plan (a folder with `plan.yaml`, or a single YAML file).

    Returns the plan (None when it has errors) and every diagnostic, errors and lint findings.
    """
    errors: list[Diagnostic] = []
    plan_id = root.stem if root.is_file() else root.name
    plan_file = (
        root
        if root.is_file()
        else next(
            (root / f"plan{ext}" for ext in _YAML if (root / f"plan{ext}").is_file()),
            root / "plan.yaml",
        )
    )
    source = PlanSource(plan_id, root, [plan_file], base=base)
    if not _PLAN_ID.match(plan_id):
        errors.append(
            Diagnostic(
                Position(display_path(plan_file, base)),
                Code.SCHEMA,
                msg(
                    "'{id}' cannot be a plan id (it names pages): rename it with letters, "
                    "digits, '-' or '_' only",
                    id=plan_id,
                ),
            )
        )
    boundary = base if base is not None else root.parent
    split = [p for key in _SPLIT for p in _split_files(root, key)]
    for path in [plan_file, *split]:
        refused = inside(path, boundary)
        if refused is not None:
            errors.append(Diagnostic(Position(display_path(path, base)), Code.REFERENCE, refused))
    if errors and any(d.code == Code.REFERENCE for d in errors):
        return None, errors
    read = _read(plan_file, base, limits, errors)
    if read is None:
        return None, errors
    data, smap = read
    source.smap = smap
    if data is None:
        data = {}
    if not isinstance(data, dict):
        errors.append(
            Diagnostic(
                smap.locate(()),
                Code.SCHEMA,
                msg("a plan file must be a mapping of keys (title:, period:, ...)"),
            )
        )
        return None, errors
    if root.is_dir():
        for key in _SPLIT:
            for path in _split_files(root, key):
                source.files.append(path)
                _merge(data, smap, key, path, base, limits, errors)
    data["id"] = plan_id
    plan, found = validate_data(data, smap)
    errors.extend(found)
    if plan is None:
        return None, errors
    findings = lint_plan(plan, smap, lint_levels)
    if any(d.severity == "error" for d in errors):
        return None, errors + findings
    entries = {i: smap.locate(("results", i)) for i in range(len(plan.results))}
    measures, found = load_results(plan, source.base_dir, source.results_dir, entries, base)
    result_errors = [d for d in found if d.severity == "error"]
    skipped = [d for d in found if d.severity != "error"]  # rows left out: warnings
    if result_errors:
        return None, errors + result_errors + skipped + findings
    findings = findings + skipped
    failing = failing_sources(plan, source.base_dir)
    return LoadedPlan(plan, source, findings, measures, failing), errors + findings
