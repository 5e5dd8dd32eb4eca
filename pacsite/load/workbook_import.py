"""A PAC workbook imported as a plan folder: `plan.yaml`, segments, actions per owner, reviews
and results, in the documented layout (`pacsite import`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..model import Period, Plan
from .diagnostics import Diagnostic, Position
from .plans import validate_data
from .workbook import Unreadable, read_workbook

__all__ = ["Imported", "import_workbook", "plain", "plan_files"]


@dataclass
class Imported:
    """A workbook imported: the files of the plan folder (relative path → text), or errors."""

    files: dict[str, str]
    diagnostics: list[Diagnostic]
    language: str | None = None
    """The plan's language, as the workbook says it (its `language` field, else its headers)."""


def import_workbook(path: Path, display: str, plan_id: str) -> Imported:
    """The plan folder a PAC workbook describes: `plan.yaml`, `segments/<id>.yaml`,
    `actions/<owner>.yaml`, `reviews/<date>.yaml` and `results/<workbook>.csv`. Nothing is
    made when the workbook holds an error: the diagnostics say where."""
    try:
        read = read_workbook(path, display)
    except Unreadable as exc:
        return Imported({}, [exc.diagnostic])
    data = {**read.data, "id": plan_id}
    plan, errors = validate_data(data, read.smap)
    language = str(read.data.get("language") or read.language)
    diagnostics = [d.translated(language) for d in read.diagnostics + errors]
    if plan is None or any(d.severity == "error" for d in diagnostics):
        return Imported({}, diagnostics, language)
    return Imported(plan_files(plan, read.results, path.stem), diagnostics, language)


def plan_files(
    plan: Plan, results: list[tuple[dict[str, str], Position]], stem: str
) -> dict[str, str]:
    """A plan written as a plan folder, in the documented layout."""
    body = plain(plan.model_dump(mode="python", exclude_defaults=True, by_alias=True))
    body.pop("id", None)
    segments = body.pop("segments", [])
    actions = body.pop("actions", [])
    reviews = body.pop("reviews", [])
    body.pop("results", None)  # the results are the workbook's, written below
    files = {"plan.yaml": _yaml(body)}
    # files are read in name order: a number keeps the workbook's order
    for i, segment in enumerate(segments, start=1):
        files[f"segments/{i}-{segment['id']}.yaml"] = _yaml(segment)
    owners = [str(a.get("owner") or "") for a in actions]
    runs = [o for i, o in enumerate(owners) if i == 0 or owners[i - 1] != o]
    if len(runs) == len(set(runs)):  # each owner's actions together: a file per owner
        for i, owner in enumerate(runs, start=1):
            mine = [a for a in actions if str(a.get("owner") or "") == owner]
            files[f"actions/{i}-{_file_name(owner or 'actions')}.yaml"] = _yaml(mine)
    elif actions:
        files["actions/actions.yaml"] = _yaml(actions)
    for i, review in enumerate(reviews, start=1):
        files[f"reviews/{i}-{review['date']}.yaml"] = _yaml(review)
    if results:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        names = ("date", "kpi", "value", "segment", "axis", "action", "note")
        writer.writerow(names)
        for row, _ in results:
            writer.writerow([row.get(n, "") for n in names])
        files[f"results/{_file_name(stem)}.csv"] = out.getvalue()
    return files


def plain(value: Any) -> Any:
    """Model data as YAML writes it: periods and dates as text, no empty lists or mappings."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            v = plain(v)
            if v in ([], {}, None):
                continue
            out[str(k)] = v
        return out
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Period):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _file_name(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "plan"
