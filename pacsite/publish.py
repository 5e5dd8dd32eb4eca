"""The last good site always stands: a site is built beside the published one and switched in
place only once it is complete.

`staging(final)` is where a build writes (`.site.pacsite-build-PID`, a sibling, so the switch is a
rename on the same file system); `switch(staging, final)` exchanges the two folders in one step
where the system can (Linux `renameat2(RENAME_EXCHANGE)`), else by two renames, then removes the
old site. A build that fails or is killed leaves the published folder as it was; the staging
folders of killed builds are removed by the next build.

The old site is removed by a detached process where the system can fork, so that the build does
not wait for it (MkDocs alone empties the old site at the start of its build: 0.1 s for 500
pages, a few seconds for a large portal on a slow disk). It is first moved under a name of its
own; a removal cut short is finished by the next build.
"""

from __future__ import annotations

import ctypes
import errno
import itertools
import os
import shutil
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .ahead import detached

__all__ = ["Build", "discard", "staging", "switch"]

_MARK = ".pacsite-build-"
_OLD = ".pacsite-old-"
_COUNT = itertools.count(1)
# The previous sites this process moved aside: being removed, not abandoned.
_MINE: set[str] = set()


@dataclass
class Build:
    """A site being built beside the published one (`folder`), put in place of it (`final`)
    by `finish` when complete, or removed."""

    final: Path
    folder: Path

    @classmethod
    def begin(cls, final: Path) -> Build:
        return cls(final, staging(final))

    def finish(self, complete: bool) -> None:
        """Switch the built site in place when it is complete; else remove it and leave the
        published site as it was."""
        if complete:
            switch(self.folder, self.final)
        else:
            discard(self.folder)


def staging(final: Path) -> Path:
    """A fresh, empty folder beside `final` for this process's build."""
    final = final.absolute()
    final.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(final)
    folder = final.parent / f".{final.name}{_MARK}{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


def discard(folder: Path) -> None:
    """Remove a staging folder (the build failed)."""
    shutil.rmtree(folder, ignore_errors=True)


def switch(built: Path, final: Path) -> None:
    """Put the complete site `built` in place of `final`, then remove what `final` held."""
    final = final.absolute()
    if final.is_symlink() or (final.exists() and not final.is_dir()):
        raise OSError(errno.EEXIST, f"{final} is not a folder pacsite can replace")
    if not final.exists():
        os.rename(built, final)
        return
    if _exchange(built, final):
        _remove_later(_aside(built, final))  # now the previous site
        return
    previous = _aside(final, final)
    os.rename(built, final)
    _remove_later(previous)


def _aside(folder: Path, final: Path) -> Path:
    """`folder` moved under a name that no other folder has and that no later build uses (this
    process may build again at the same staging name; a container's build may have the process
    number of an earlier container's, whose old site is still there)."""
    while True:
        aside = final.parent / f".{final.name}{_OLD}{os.getpid()}-{next(_COUNT)}"
        try:
            os.rename(folder, aside)
        except OSError as exc:
            if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                continue  # taken: by a removal cut short that the next build will finish
            raise
        _MINE.add(aside.name)
        return aside


def _remove_later(aside: Path) -> None:
    """Remove a previous site without making the build wait: by a detached process; here and
    now where that cannot be."""
    if not detached(partial(shutil.rmtree, aside, ignore_errors=True)):
        shutil.rmtree(aside, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux 3.15+, glibc 2.28+); False where it cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)


def _remove_abandoned(final: Path) -> None:
    """Staging folders of builds that were killed (their process is gone), and previous sites
    whose removal was cut short."""
    for mark in (_MARK, _OLD):
        prefix = f".{final.name}{mark}"
        for folder in final.parent.glob(f"{prefix}*"):
            pid = folder.name[len(prefix) :].split("-")[0]
            if not pid.isdigit():
                continue
            if int(pid) == os.getpid():
                # this process's staging folder (made again just after), or an old site it is
                # removing; else one of an earlier process of the same number (a container)
                if mark == _MARK or folder.name in _MINE:
                    continue
            elif _alive(int(pid)):
                continue
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True
