"""The one module that makes processes: pacsite's pages rendered ahead, in another process
while MkDocs builds the site (`Ahead`), and work left to a detached process (`detached`: the
previous site's removal, `pacsite.publish`).

MkDocs converts and lays out pages on one core. Once the pipeline knows every page (its address,
title and navigation: `pacsite.pipeline.run`), what makes each page's Markdown and each file's
bytes is a function of data already in memory. A forked worker calls those functions in the
order MkDocs reads them and sends the results back; MkDocs takes each when it needs it. On a
machine of two cores, pacsite's rendering then costs the build almost nothing.

The result is the same text whichever process made it: a worker that fails, or is killed, only
means the main process makes what is missing itself (and raises what the worker raised, located
as any rendering error is). Nothing is forked where it is unsafe or useless: not outside Linux,
not while the process runs other threads (`mkdocs serve`), not with a single core, not for a few
pages. `PACSITE_WORKERS` sets the number of workers (0: none).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import shutil
import signal
import struct
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress

__all__ = ["Ahead", "can_fork", "collector_paused", "detached", "workers"]

# Below this many pages and files to make, forking costs more than it saves.
MIN_JOBS = 60
# A worker's report: which job, and whether it made it.
_REPORT = struct.Struct("<iB")
FREE, WORKER, HERE = 0, 1, 2


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while many objects are made at once (unpickling, loading
    plans): each pass would walk the whole heap again for garbage there is none of."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def can_fork() -> bool:
    """Whether this process may fork: on Linux, and with no other thread running (a thread
    holding a lock at the fork would leave it held for ever in the child)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def detached(work: Callable[[], object]) -> bool:
    """Do `work` in a detached process that nobody waits for (adopted by init), holding none of
    this process's pipes (a caller reading its output to the end would wait for it too); False,
    and nothing done, where no process can be made."""
    if not can_fork():
        return False
    try:
        child = os.fork()
    except OSError:  # no process to spare
        return False
    if child == 0:
        try:
            if os.fork() == 0:
                quiet = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(quiet, fd)
                os.closerange(3, 65536)
                work()
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    return True


def workers(jobs: int, minimum: int = MIN_JOBS) -> int:
    """How many worker processes to make `jobs` things with: 0 when not worth it or unsafe."""
    setting = os.environ.get("PACSITE_WORKERS", "").strip()
    if not can_fork():
        return 0
    if setting.isdigit():
        return int(setting)
    cores = len(os.sched_getaffinity(0))
    if cores < 2 or jobs < minimum:
        return 0
    return min(cores - 1, 4)


class Ahead:
    """Makes `jobs` (functions of no argument) in `count` forked workers, in order (or from the
    last, `backwards`, when this process takes them from the first); `get(i)` gives job i's
    result. Each job is claimed once, by a worker or by this process: one nobody has started
    is made here at once rather than waited for, and so is one whose worker failed.

    Results come back through files, not a pipe: a pipe's reader must keep up, and this
    process is busy building pages."""

    def __init__(
        self, jobs: Sequence[Callable[[], object]], count: int, *, backwards: bool = False
    ):
        self.jobs = jobs
        self.claims = multiprocessing.get_context("fork").Array("b", len(jobs))
        self.folder = tempfile.mkdtemp(prefix="pacsite-")
        self.reports: dict[int, bool] = {}
        self.pending = b""
        self.pids: list[int] = []
        read, write = os.pipe()
        for _ in range(count):
            pid = os.fork()
            if pid == 0:  # the worker: never returns
                os.close(read)
                code = 0
                try:
                    self._work(write, backwards)
                except BaseException:
                    code = 1
                finally:
                    os._exit(code)
            self.pids.append(pid)
        os.close(write)
        self.read: int | None = read

    def _work(self, write: int, backwards: bool) -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        order = range(len(self.jobs) - 1, -1, -1) if backwards else range(len(self.jobs))
        for index in order:
            with self.claims.get_lock():
                if self.claims[index] != FREE:
                    continue
                self.claims[index] = WORKER
            try:
                made = self.jobs[index]()
                with open(self._path(index), "wb") as out:
                    pickle.dump(made, out, protocol=pickle.HIGHEST_PROTOCOL)
                ok = 1
            except Exception:  # made again by the parent, which reports it
                ok = 0
            os.write(write, _REPORT.pack(index, ok))

    def _path(self, index: int) -> str:
        return os.path.join(self.folder, f"{index}.pickle")

    def get(self, index: int) -> object:
        with self.claims.get_lock():
            claimed = self.claims[index]
            if claimed == FREE:
                self.claims[index] = HERE
        if claimed == WORKER and self._wait(index):
            path = self._path(index)
            with open(path, "rb") as made, collector_paused():
                found = pickle.load(made)
            os.remove(path)
            return found
        return self.jobs[index]()

    def _wait(self, index: int) -> bool:
        """Whether a worker made job `index` (False if it failed or died first)."""
        while index not in self.reports and self.read is not None:
            chunk = os.read(self.read, 4096)
            if not chunk:  # every worker has gone
                os.close(self.read)
                self.read = None
                break
            self.pending += chunk
            whole = len(self.pending) - len(self.pending) % _REPORT.size
            for done, ok in _REPORT.iter_unpack(self.pending[:whole]):
                self.reports[done] = bool(ok)
            self.pending = self.pending[whole:]
        return self.reports.get(index, False)

    def text(self, index: int) -> str:
        made = self.get(index)
        assert isinstance(made, str)
        return made

    def data(self, index: int) -> bytes:
        made = self.get(index)
        assert isinstance(made, bytes)
        return made

    def close(self) -> None:
        """Stop the workers (a build that failed does not wait for pages nobody will read)."""
        with self.claims.get_lock():
            for index in range(len(self.jobs)):
                if self.claims[index] == FREE:
                    self.claims[index] = HERE  # nobody will take it now
        for pid in self.pids:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        self.pids = []
        if self.read is not None:
            os.close(self.read)
            self.read = None
        shutil.rmtree(self.folder, ignore_errors=True)
