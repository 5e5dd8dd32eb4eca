"""Located problems: every error or finding points at the file, line and column the user typed."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Literal

from ..catalog import Message
from ..model.measure import Position
from ..text import terminal_line

__all__ = ["Code", "Diagnostic", "PlanError", "Position", "Severity", "display_path", "format_path"]

Severity = Literal["error", "warning", "info"]
"""`info`: a note (a total row left out), never an error, not even under `--strict`."""
PathPart = str | int


class Code(StrEnum):
    """Stable codes of errors (PAC0xx) and lint findings (PAC1xx). Documented in docs/lint-codes.md."""

    SYNTAX = "PAC001"  # not readable YAML / CSV
    SCHEMA = "PAC002"  # a value of the wrong type or shape, an unknown key
    REFERENCE = "PAC003"  # a reference to an id that does not exist
    DUPLICATE = "PAC004"  # the same id defined twice
    CONSISTENCY = "PAC005"  # dates outside the plan, start after due, budget over total...
    RESULTS = "PAC006"  # a results row that cannot be read
    LIMIT = "PAC007"  # a file too large, too deep, binary, or an alias bomb
    RESULT_SKIPPED = "PAC008"  # a results row left out: empty value or spreadsheet error
    TITLE_NOT_VERB = "PAC101"
    NO_OWNER = "PAC102"
    NO_DUE = "PAC103"
    NOT_SMART = "PAC104"
    AXIS_NO_OBJECTIVE = "PAC105"
    ACTION_NO_SEGMENT = "PAC106"
    OVER_ALLOCATED = "PAC107"
    OUT_OF_REACH = "PAC108"
    STALE_KPI = "PAC109"
    STALE_ACTION = "PAC110"
    STALE_RESULTS = "PAC111"
    NOT_IN_TEAM = "PAC112"


def display_path(path: Path, base: Path | None = None) -> str:
    """A file name as errors show it: relative to the project (else the current folder)."""
    for start in (base, Path.cwd()):
        if start is not None:
            # as written first (a symbolic link is named where it stands), then resolved
            for candidate, folder in (
                (Path(os.path.abspath(path)), Path(os.path.abspath(start))),
                (path.resolve(), start.resolve()),
            ):
                try:
                    return candidate.relative_to(folder).as_posix()
                except ValueError:
                    pass
    return path.as_posix()


def format_path(path: Iterable[PathPart]) -> str:
    """`('segments', 1, 'axes', 0, 'kpi')` → `segments[1].axes[0].kpi`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a plan or a results file."""

    position: Position
    code: Code
    message: str
    path: str = ""
    severity: Severity = "error"
    related: tuple[Position, ...] = field(default=())

    def __str__(self) -> str:
        """One line for terminals, CI logs and annotations: what the user typed (file names,
        values quoted in the message) cannot break it or send escape sequences."""
        where = f" {self.path}:" if self.path else ""
        kind = "" if self.severity == "error" else f" {self.severity}:"
        return terminal_line(f"{self.position}:{where}{kind} {self.message} [{self.code}]")

    def translated(self, language: str) -> Diagnostic:
        """This diagnostic with its message in `language` (code and place unchanged)."""
        if not isinstance(self.message, Message):
            return self
        return replace(self, message=self.message.in_language(language))

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["message"] = str(self.message)
        data["code"] = str(self.code)
        return data

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.position.file, self.position.line, self.position.column, self.code)


class PlanError(Exception):
    """Plans could not be loaded: carries every located error of the run."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=lambda d: d.sort_key)
        count = len(self.diagnostics)
        lines = "\n".join(str(d) for d in self.diagnostics)
        super().__init__(f"{count} error{'s' if count != 1 else ''} in plans:\n{lines}")

    def to_json(self) -> str:
        return json.dumps([d.to_json() for d in self.diagnostics], ensure_ascii=False, indent=2)
