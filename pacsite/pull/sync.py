"""A pull: a source's records changed since its cursor, applied to what the repository holds,
summed per period of its KPI and written as the plan's results (long format), beside a sidecar
saying when and from what they were pulled.

The sidecar (`<file>.pull.json`) keeps, for each deal that counts, its day, its amount and its
segment and axis ids — no name, no e-mail, no company: nothing personal — and the cursor, the
latest change seen. An incremental pull asks only what changed since; a deal that no longer
passes the filter (lost, moved to another pipeline) leaves the figures. A source whose settings
changed is pulled again in full, as `--full` does.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..catalog import N_, Message, msg
from ..load.files import replace_file
from ..model import CrmSource, Period, Plan, parse_period
from ..text import fold
from .connectors import Connector, PullError, Record, field_value

__all__ = ["Pulled", "pull_source", "record_failure"]

_HEADER = ("date", "kpi", "value", "segment", "axis")
_UNMAPPED = {
    "segment": N_(
        "source '{source}': records name no segment of the plan in '{field}': {values}. Map "
        "them in the source: values: {{'{example}': <segment>}}"
    ),
    "axis": N_(
        "source '{source}': records name no axis of the plan in '{field}': {values}. Map them "
        "in the source: values: {{'{example}': <axis>}}"
    ),
}


@dataclass
class Pulled:
    """What a source's pull did: the figures that moved (period → change), whether files
    changed, the records left out and why."""

    source: CrmSource
    file: Path
    changed: bool = False
    moves: list[tuple[Period, float]] = field(default_factory=list)
    left_out: list[Message] = field(default_factory=list)
    records: int = 0
    recovered: bool = False
    """The pull works again after failing (the sidecar no longer says it fails)."""


def _digest(source: CrmSource) -> str:
    """What a pull's result depends on in the source's settings (not its id or file)."""
    settings = source.model_dump(mode="json", exclude={"id", "file"})
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]


def _read_state(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("records"), dict) else None


def _day(value: Any) -> date | None:
    """A date field: ISO text (`2026-03-02`, `2026-03-02T10:00:00Z`, `2026-03-02 10:00:00`) or
    milliseconds since 1970 (HubSpot's older properties)."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if text.isdigit() and len(text) >= 12:
        return datetime.fromtimestamp(int(text) / 1000, tz=UTC).date()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _amount(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip()) if value is not None and str(value).strip() else None
    except ValueError:
        return None


class _Parts:
    """What a CRM's segment and axis values name in the plan: the source's `values` first,
    then a segment's id or name, an axis's id (case and accents aside)."""

    def __init__(self, plan: Plan, source: CrmSource):
        self.renamed = {fold(k): v for k, v in source.values.items()}
        self.segments = {fold(s.id): s.id for s in plan.segments} | {
            fold(s.name): s.id for s in plan.segments
        }
        self.axes = {fold(a.id): a.id for s in plan.segments for a in s.axes} | {
            fold(a.name): a.id for s in plan.segments for a in s.axes
        }
        self.unknown: dict[str, dict[str, int]] = {"segment": {}, "axis": {}}

    def find(self, value: Any, what: str) -> tuple[bool, str | None]:
        """(known, id): a missing value is known and names nothing (the plan as a whole)."""
        if value is None or str(value).strip() == "":
            return True, None
        text = str(value).strip()
        known = self.segments if what == "segment" else self.axes
        found = self.renamed.get(fold(text))
        if found is not None and found in known.values():
            return True, found
        found = known.get(fold(text))
        if found is not None:
            return True, found
        seen = self.unknown[what]
        seen[text] = seen.get(text, 0) + 1
        return False, None


def _passes(record: Record, filters: Mapping[str, str | list[str]]) -> bool:
    for name, allowed in filters.items():
        values = [allowed] if isinstance(allowed, str) else allowed
        if fold(str(field_value(record, name))) not in {fold(v) for v in values}:
            return False
    return True


def _apply(
    plan: Plan,
    source: CrmSource,
    records: Iterable[Record],
    kept: dict[str, list[Any]],
    out: Pulled,
) -> str | None:
    """Apply changed records to `kept` (id → [day, value, segment, axis]); the latest change
    seen, for the cursor."""
    date_field, amount_field = source.field("date_field"), source.field("amount_field")
    parts = _Parts(plan, source)
    latest: str | None = None
    for record in records:
        out.records += 1
        latest = max(latest or record.modified, record.modified)
        kept.pop(record.id, None)
        if not _passes(record, source.filter):
            continue
        day = _day(field_value(record, date_field))
        if day is None:
            out.left_out.append(
                msg("record {id}: no date in '{field}'", id=record.id, field=date_field)
            )
            continue
        if source.aggregate == "count":
            value: float | None = 1.0
        else:
            value = _amount(field_value(record, amount_field))
            if value is None:
                raw = field_value(record, amount_field)
                out.left_out.append(
                    msg("record {id}: '{field}' is empty", id=record.id, field=amount_field)
                    if raw in (None, "")
                    else msg(
                        "record {id}: '{field}': '{value}' is not a number",
                        id=record.id,
                        field=amount_field,
                        value=str(raw)[:40],
                    )
                )
                continue
        ok_segment, segment = (
            parts.find(field_value(record, source.segment_field), "segment")
            if source.segment_field
            else (True, None)
        )
        ok_axis, axis = (
            parts.find(field_value(record, source.axis_field), "axis")
            if source.axis_field
            else (True, None)
        )
        if ok_segment and ok_axis:
            kept[record.id] = [day.isoformat(), value, segment, axis]
    for what, seen in parts.unknown.items():
        if seen:  # one message for the whole field, each value with how many records carry it
            listed = ", ".join(f"'{v}' ({n})" for v, n in sorted(seen.items(), key=lambda i: -i[1]))
            raise PullError(
                msg(
                    _UNMAPPED[what],
                    source=source.id,
                    field=source.segment_field if what == "segment" else source.axis_field,
                    values=listed,
                    example=next(iter(seen)),
                )
            )
    return latest


def _rows(
    plan: Plan, source: CrmSource, kept: Mapping[str, list[Any]]
) -> dict[tuple[Period, str, str], float]:
    """The kept deals summed per period of the KPI's cadence: the plan's total, then each
    segment's, then each axis's (a row without segment is the whole, as in any results file: a
    deal that names no segment counts in the total only)."""
    kpi = plan.kpi(source.kpi)
    cadence = kpi.cadence if kpi else "month"
    sums: dict[tuple[Period, str, str], float] = {}
    for day, value, segment, axis in kept.values():
        period = Period.containing(date.fromisoformat(day), cadence)
        keys = [(period, "", "")]
        keys += [(period, segment, "")] if segment else []
        keys += [(period, segment or "", axis)] if axis else []
        for key in keys:
            sums[key] = sums.get(key, 0.0) + float(value)
    return sums


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


def _csv(source: CrmSource, sums: Mapping[tuple[Period, str, str], float]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_HEADER)
    for (period, segment, axis), value in sorted(
        sums.items(), key=lambda i: (i[0][0].first, i[0][0].last, i[0][1], i[0][2])
    ):
        writer.writerow([str(period), source.kpi, _number(value), segment, axis])
    return out.getvalue()


def _totals(text: str) -> dict[str, float]:
    """Per period label, the total (the row without segment or axis) of a file this module wrote."""
    totals: dict[str, float] = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row.get("segment") or row.get("axis"):
            continue
        try:
            totals[row["date"]] = totals.get(row["date"], 0.0) + float(row["value"])
        except (KeyError, TypeError, ValueError):
            continue
    return totals


def record_failure(folder: Path, source: CrmSource, now: datetime | None = None) -> bool:
    """Say in the source's sidecar that its pull fails, from today (kept while it fails): the
    site shows since when, and which figures it still shows. True when the sidecar changed."""
    sidecar = folder / source.sidecar
    try:
        state = json.loads(sidecar.read_text(encoding="utf-8"))
        state = state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        state = {}
    if state.get("failed_since"):
        return False
    day = (now or datetime.now(UTC)).strftime("%Y-%m-%d")
    replace_file(
        sidecar, json.dumps({**state, "failed_since": day}, ensure_ascii=False, indent=1) + "\n"
    )
    return True


def pull_source(
    plan: Plan,
    folder: Path,
    source: CrmSource,
    connector: Connector,
    *,
    full: bool = False,
    address: str = "",
    now: datetime | None = None,
) -> Pulled:
    """Pull one source of a plan into its results file; nothing is written when it fails."""
    path = folder / source.path
    sidecar = folder / source.sidecar
    out = Pulled(source, path)
    state = None if full else _read_state(sidecar)
    if state is not None and state.get("settings") != _digest(source):
        state = None  # the source asks something else now: all again
    kept: dict[str, list[Any]] = dict(state["records"]) if state else {}
    since = state.get("cursor") if state else None
    fields = [source.field("date_field")]
    if source.aggregate == "sum":
        fields.append(source.field("amount_field"))
    fields += [f for f in (source.segment_field, source.axis_field) if f]
    fields += list(source.filter)
    latest = _apply(
        plan, source, connector.records(source.field("object"), fields, since), kept, out
    )
    old_text = path.read_text(encoding="utf-8") if path.is_file() else ""
    text = _csv(source, _rows(plan, source, kept))
    before, after = _totals(old_text), _totals(text)
    for label in sorted(set(before) | set(after)):
        delta = after.get(label, 0.0) - before.get(label, 0.0)
        if abs(delta) > 1e-9:
            out.moves.append((parse_period(label), delta))
    records = {k: kept[k] for k in sorted(kept)}
    recovered = state is not None and "failed_since" in state
    out.recovered = recovered
    if text == old_text and state is not None and records == state["records"] and not recovered:
        return out  # nothing moved: the repository stays as it is
    replace_file(path, text)
    provenance = {
        "source": source.id,
        "crm": source.crm,
        "object": source.field("object"),
        "address": address,
        "fields": fields,
        "filter": source.filter,
        "settings": _digest(source),
        "pulled_at": (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cursor": max(filter(None, [since, latest]), default=None),
        "records": records,
    }
    replace_file(sidecar, json.dumps(provenance, ensure_ascii=False, indent=1) + "\n")
    out.changed = True
    return out
