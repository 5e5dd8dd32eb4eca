"""The repository is the boundary: every file pacsite reads is a regular file inside the project.

A path written in a plan may not be absolute, may not climb out of the project with `..`, and
may not be (or pass through) a symbolic link that leads outside it; devices, pipes and folders
are not read. A refused file is named in the error, and nothing of its content is ever shown.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..catalog import Message, msg

__all__ = ["inside", "read_capped", "replace_file"]

_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:|\\\\|//)")


def inside(path: Path, boundary: Path, written: str | None = None) -> Message | None:
    """Why `path` may not be read (None when it may, or when it does not exist).

    Args:
        path: the file, as found (relative paths are resolved from the current folder).
        boundary: the project folder.
        written: the path as the user wrote it, when it comes from a plan.
    """
    shown = written if written is not None else path.name
    if written is not None and (
        PurePosixPath(written).is_absolute()
        or PureWindowsPath(written).is_absolute()
        or _WINDOWS_ABSOLUTE.match(written)
    ):
        return msg(
            "'{file}' is an absolute path: write the file's path relative to the plan, inside "
            "the project",
            file=shown,
        )
    resolved = path.resolve()
    if not resolved.is_relative_to(boundary.resolve()):
        return msg(
            "'{file}' leads outside the project folder: pacsite reads only files inside it",
            file=shown,
        )
    try:
        mode = os.stat(resolved).st_mode
    except OSError:
        return None  # not there: the caller says so
    if not stat.S_ISREG(mode):
        return msg("'{file}' is not a regular file", file=shown)
    return None


def read_capped(path: Path, limit: int) -> bytes | None:
    """At most `limit` bytes of a file, or None when it holds more (whatever `stat()` says)."""
    with path.open("rb") as stream:
        data = stream.read(limit + 1)
    return None if len(data) > limit else data


def replace_file(path: Path, text: str) -> None:
    """Write a file pacsite keeps in the repository (results pulled from a CRM, what `notify`
    sent) in one step: a run cut short leaves the previous file, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
