"""A plan's history from git: what each commit changed in the plan's *meaning*, not its text.

Every version of the plan's files is read back with the same loader, and consecutive versions
are compared: targets, statuses, dates, budgets, added and removed items, new results.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from .analysis.reviews import ReviewState
from .load import LoadedPlan, PlanSource, load_plan
from .model import Period, Plan

__all__ = [
    "Change",
    "Meeting",
    "PlanHistory",
    "Revision",
    "close",
    "diff_plans",
    "in_git",
    "plan_at",
    "plan_history",
]

_SEP, _END = "\x1f", "\x1e"
_CACHE: dict[tuple[str, str], LoadedPlan | None] = {}


@dataclass(frozen=True)
class Change:
    """One change of meaning: a label key (`history.*`) and the values it names."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Revision:
    """A commit that touched the plan, and what it changed."""

    commit: str
    date: datetime
    author: str
    message: str
    changes: tuple[Change, ...]

    @property
    def short(self) -> str:
        return self.commit[:8]


@dataclass(frozen=True)
class Meeting:
    """A review (or the next one) and the changes of the plan's meaning since the previous
    one, from git (None when git cannot tell)."""

    state: ReviewState
    changes: tuple[Change, ...] | None


@dataclass
class PlanHistory:
    """The plan's revisions, newest first, or why there are none (`note`: a `history.*` key)."""

    revisions: list[Revision] = field(default_factory=list)
    note: str | None = None

    @property
    def last(self) -> Revision | None:
        return self.revisions[0] if self.revisions else None


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
        errors="replace",
    ).stdout


class _CatFile:
    """One `git cat-file --batch` process for a repository: every blob of every version of
    every plan is read through it, instead of one `git show` process per file per commit."""

    def __init__(self, top: Path):
        self.process = subprocess.Popen(
            ["git", "cat-file", "--batch"],
            cwd=top,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    def read(self, commit: str, name: str) -> bytes | None:
        """The file `name` as it was at `commit` (None when it was not there)."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        if "\n" in name:  # cannot be asked on one line
            return None
        stdin.write(f"{commit}:{name}\n".encode())
        stdin.flush()
        header = stdout.readline()
        if not header or header.endswith(b" missing\n"):
            return None
        size = int(header.split()[2])
        data = stdout.read(size)
        stdout.read(1)  # the newline after the content
        return data

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


# Each process's readers: a process made by `pacsite.ahead` starts its own (the pipes of the
# process it was made from are that process's).
_READERS: dict[tuple[int, Path], _CatFile] = {}


def _reader(top: Path) -> _CatFile:
    key = (os.getpid(), top)
    if key not in _READERS:
        _READERS[key] = _CatFile(top)
    return _READERS[key]


def close() -> None:
    """End this process's `git cat-file` processes (the pipeline calls it once rendered)."""
    for key in [k for k in _READERS if k[0] == os.getpid()]:
        _READERS.pop(key).close()


def _paths(source: PlanSource, plan: Plan, top: Path) -> list[str]:
    """The plan's files as git paths: its folder, or its file and the results files it names."""
    root = source.root.resolve()
    if source.is_folder:
        return [root.relative_to(top).as_posix()]
    paths = [root.relative_to(top).as_posix()]
    for result in plan.results:
        candidate = (source.base_dir / result.file).resolve()
        if candidate.is_relative_to(top):
            paths.append(candidate.relative_to(top).as_posix())
    return paths


def _version(top: Path, commit: str, paths: Sequence[str], source: PlanSource) -> LoadedPlan | None:
    """The plan as it was at `commit`, read by the loader from a temporary copy."""
    key = (commit, "|".join(paths))
    if key in _CACHE:
        return _CACHE[key]
    files = [
        f for f in _git(top, "ls-tree", "-r", "--name-only", commit, "--", *paths).splitlines() if f
    ]
    loaded = None
    with tempfile.TemporaryDirectory(prefix="pacsite-history-") as tmp:
        reader = _reader(top)
        for name in files:
            content = reader.read(commit, name)
            if content is None:
                continue
            target = Path(tmp, *PurePosixPath(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        root = Path(tmp, *PurePosixPath(paths[0]).parts)
        if root.exists():
            loaded, _ = load_plan(root, base=Path(tmp))
    _CACHE[key] = loaded
    return loaded


def plan_at(source: PlanSource, plan: Plan, day: date) -> LoadedPlan | None:
    """The plan as its last commit on or before `day` left it (by commit date); None without
    git, before its first commit, or when that version did not load."""
    folder = source.root if source.is_folder else source.root.parent
    try:
        top = Path(_git(folder, "rev-parse", "--show-toplevel").strip()).resolve()
        if _git(top, "rev-parse", "--is-shallow-repository").strip() == "true":
            return None
        paths = _paths(source, plan, top)
        commit = _git(
            top, "log", "-1", f"--before={day.isoformat()}T23:59:59", "--format=%H", "--", *paths
        ).strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return _version(top, commit, paths, source) if commit else None


def in_git(source: PlanSource) -> bool:
    """Whether the plan's files are committed in a (full) git repository."""
    folder = source.root if source.is_folder else source.root.parent
    try:
        top = Path(_git(folder, "rev-parse", "--show-toplevel").strip()).resolve()
        shallow = _git(top, "rev-parse", "--is-shallow-repository").strip() == "true"
        return not shallow and bool(
            _git(top, "log", "-1", "--format=%H", "--", str(source.root)).strip()
        )
    except (OSError, subprocess.CalledProcessError):
        return False


def plan_history(
    source: PlanSource,
    plan: Plan,
    *,
    limit: int = 30,
    prepare: Callable[[LoadedPlan], LoadedPlan] | None = None,
) -> PlanHistory:
    """The history of one plan, newest first; a note instead when git cannot tell it.

    Args:
        prepare: applied to every version read from git before versions are compared (the
            site's redaction: what a public site hides never shows as a change either).
    """
    folder = source.root if source.is_folder else source.root.parent
    try:
        top = Path(_git(folder, "rev-parse", "--show-toplevel").strip()).resolve()
    except (OSError, subprocess.CalledProcessError):
        return PlanHistory(note="history.no_git")
    try:
        if _git(top, "rev-parse", "--is-shallow-repository").strip() == "true":
            return PlanHistory(note="history.shallow")
        paths = _paths(source, plan, top)
        log = _git(
            top,
            "log",
            f"--max-count={limit + 1}",
            f"--format=%H{_SEP}%an{_SEP}%aI{_SEP}%s{_END}",
            "--",
            *paths,
        )
    except subprocess.CalledProcessError:
        return PlanHistory(note="history.no_commit")
    entries = [e.strip("\n").split(_SEP) for e in log.split(_END) if e.strip()]
    if not entries:
        return PlanHistory(note="history.no_commit")
    entries.reverse()  # oldest first

    def version(commit: str) -> LoadedPlan | None:
        found = _version(top, commit, paths, source)
        return prepare(found) if found is not None and prepare is not None else found

    older = version(entries[-limit - 1][0]) if len(entries) > limit else None
    shown = entries[-limit:]
    revisions = []
    previous = older
    for commit, author, when, message in shown:
        current = version(commit)
        changes = diff_plans(previous, current, first=previous is None and commit == entries[0][0])
        revisions.append(
            Revision(commit, datetime.fromisoformat(when), author, message, tuple(changes))
        )
        if current is not None:
            previous = current
    revisions.reverse()
    return PlanHistory(revisions)


def _by_id(items: Sequence[Any]) -> dict[str, Any]:
    return {item.id: item for item in items}


def _added_removed(
    key: str, before: dict[str, Any], after: dict[str, Any], name: str
) -> list[Change]:
    out = []
    added = [after[i] for i in after if i not in before]
    removed = [before[i] for i in before if i not in after]
    if added:
        out.append(
            Change(
                f"history.{key}_added",
                {"count": len(added), "names": [getattr(x, name) for x in added]},
            )
        )
    if removed:
        out.append(
            Change(
                f"history.{key}_removed",
                {"count": len(removed), "names": [getattr(x, name) for x in removed]},
            )
        )
    return out


def _latest(loaded: LoadedPlan) -> Period | None:
    return max((m.period for m in loaded.measures), key=lambda p: p.last, default=None)


def diff_plans(
    before: LoadedPlan | None, after: LoadedPlan | None, *, first: bool = False
) -> list[Change]:
    """What changed in meaning between two versions of a plan."""
    if after is None:
        return [Change("history.invalid")]
    if before is None:
        return [Change("history.created" if first else "history.valid_again")]
    a, b = before.plan, after.plan
    out: list[Change] = []
    if a.title != b.title:
        out.append(Change("history.title", {"old": a.title, "new": b.title}))
    if a.status != b.status:
        out.append(Change("history.plan_status", {"old": a.status, "new": b.status}))
    if a.period != b.period:
        out.append(Change("history.period", {"old": a.period, "new": b.period}))
    old_total = a.budget.total if a.budget else None
    new_total = b.budget.total if b.budget else None
    if old_total != new_total:
        out.append(Change("history.budget_total", {"old": old_total, "new": new_total}))
    objectives_a, objectives_b = _by_id(a.objectives), _by_id(b.objectives)
    out += _added_removed("objectives", objectives_a, objectives_b, "title")
    for oid, o_new in objectives_b.items():
        o_old = objectives_a.get(oid)
        if o_old is None:
            continue
        if o_old.target != o_new.target:
            out.append(
                Change(
                    "history.target",
                    {
                        "id": oid,
                        "title": o_new.title,
                        "kpi": o_new.kpi,
                        "old": o_old.target,
                        "new": o_new.target,
                    },
                )
            )
        if o_old.due != o_new.due:
            out.append(
                Change(
                    "history.objective_due",
                    {"id": oid, "title": o_new.title, "old": o_old.due, "new": o_new.due},
                )
            )
        for kr_old, kr_new in zip(o_old.key_results, o_new.key_results, strict=False):
            if kr_old.kpi == kr_new.kpi and kr_old.target != kr_new.target:
                out.append(
                    Change(
                        "history.kr_target",
                        {
                            "id": oid,
                            "title": o_new.title,
                            "kpi": kr_new.kpi,
                            "old": kr_old.target,
                            "new": kr_new.target,
                        },
                    )
                )
    out += _added_removed("segments", _by_id(a.segments), _by_id(b.segments), "name")
    axes_a = {x.id: x for s in a.segments for x in s.axes}
    axes_b = {x.id: x for s in b.segments for x in s.axes}
    out += _added_removed("axes", axes_a, axes_b, "name")
    for xid, x_new in axes_b.items():
        x_old = axes_a.get(xid)
        if x_old is None:
            continue
        if x_old.status != x_new.status:
            out.append(
                Change(
                    "history.axis_status",
                    {"id": xid, "name": x_new.name, "old": x_old.status, "new": x_new.status},
                )
            )
        t_old = x_old.objective.target if x_old.objective else None
        t_new = x_new.objective.target if x_new.objective else None
        if t_old != t_new:
            out.append(
                Change(
                    "history.axis_target",
                    {
                        "id": xid,
                        "name": x_new.name,
                        "kpi": x_new.objective.kpi if x_new.objective else None,
                        "old": t_old,
                        "new": t_new,
                    },
                )
            )
    out += _added_removed("kpis", _by_id(a.kpis), _by_id(b.kpis), "name")
    acts_a, acts_b = _by_id(a.actions), _by_id(b.actions)
    out += _added_removed("actions", acts_a, acts_b, "title")
    for aid, act in acts_b.items():
        old = acts_a.get(aid)
        if old is None:
            continue
        for attribute, key in (
            ("status", "history.action_status"),
            ("due", "history.action_due"),
            ("owner", "history.action_owner"),
            ("budget", "history.action_budget"),
            ("spent", "history.action_spent"),
        ):
            if getattr(old, attribute) != getattr(act, attribute):
                out.append(
                    Change(
                        key,
                        {
                            "id": aid,
                            "title": act.title,
                            "old": getattr(old, attribute),
                            "new": getattr(act, attribute),
                        },
                    )
                )
    latest_a, latest_b = _latest(before), _latest(after)
    if len(after.measures) != len(before.measures) or latest_a != latest_b:
        if latest_b is not None and (latest_a is None or latest_b.last > latest_a.last):
            out.append(
                Change(
                    "history.results_through",
                    {
                        "period": latest_b,
                        "count": max(len(after.measures) - len(before.measures), 0),
                    },
                )
            )
        else:
            out.append(
                Change(
                    "history.results_changed",
                    {"old": len(before.measures), "new": len(after.measures)},
                )
            )
    return out
