"""Rendering ahead in forked workers (`pacsite.ahead`): the same site, made faster, and nothing
lost when a worker fails."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

import pytest

from pacsite.ahead import Ahead, workers
from tests.conftest import ROOT

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is used on Linux")
PARENT = os.getpid()


_STARTED: list[Ahead] = []


def _whoami(i: int) -> tuple[int, int]:
    if i == 0 and os.getpid() == PARENT:
        # the parent's first job waits until a worker has claimed one (a condition, not a time)
        deadline = time.monotonic() + 60
        while not any(c == 1 for c in _STARTED[-1].claims) and time.monotonic() < deadline:
            time.sleep(0.01)
    return i, os.getpid()


def _fails_in_worker(i: int) -> str:
    if os.getpid() != PARENT:
        raise ValueError(f"worker failed on {i}")
    return f"made here {i}"


def _dies_in_worker(i: int) -> int:
    if os.getpid() != PARENT:
        os._exit(3)  # killed, as by the OOM killer: no report at all
    return i * 10


def _always_fails(i: int) -> int:
    raise KeyError(i)


@linux
def test_a_worker_makes_the_jobs_in_order_and_the_parent_gets_each() -> None:
    jobs = [partial(_whoami, i) for i in range(40)]
    ahead = Ahead(jobs, 1)
    _STARTED.append(ahead)
    try:
        made = [ahead.get(i) for i in range(40)]
    finally:
        ahead.close()
    assert [m[0] for m in made] == list(range(40))  # type: ignore[index]
    makers = {m[1] for m in made}  # type: ignore[index]
    assert makers - {os.getpid()}, "no job was made by a worker"


@linux
def test_backwards_the_parent_takes_from_the_first_and_the_worker_from_the_last() -> None:
    jobs = [partial(_whoami, i) for i in range(200)]
    ahead = Ahead(jobs, 1, backwards=True)
    _STARTED.append(ahead)
    try:
        made = [ahead.get(i) for i in range(200)]
    finally:
        ahead.close()
    here = [i for i, pid in made if pid == PARENT]  # type: ignore[misc]
    there = [i for i, pid in made if pid != PARENT]  # type: ignore[misc]
    assert here and here[0] == 0  # the parent never waits for the first job
    assert there and there[-1] == 199
    assert sorted(here + there) == list(range(200))  # each job made once


@linux
def test_a_job_that_fails_in_the_worker_is_made_here() -> None:
    ahead = Ahead([partial(_fails_in_worker, i) for i in range(5)], 1)
    try:
        assert [ahead.get(i) for i in range(5)] == [f"made here {i}" for i in range(5)]
    finally:
        ahead.close()


@linux
def test_a_killed_worker_loses_nothing() -> None:
    ahead = Ahead([partial(_dies_in_worker, i) for i in range(10)], 1)
    try:
        assert [ahead.get(i) for i in range(10)] == [i * 10 for i in range(10)]
    finally:
        ahead.close()


@linux
def test_an_error_is_raised_here_as_the_job_raises_it() -> None:
    ahead = Ahead([partial(_always_fails, i) for i in range(3)], 1)
    try:
        with pytest.raises(KeyError):
            ahead.get(1)
    finally:
        ahead.close()


@linux
def test_closing_stops_the_workers_and_removes_their_files(tmp_path: Path) -> None:
    ahead = Ahead([partial(_whoami, i) for i in range(1000)], 2)
    _STARTED.append(ahead)
    folder = Path(ahead.folder)
    ahead.get(0)
    ahead.close()
    assert not folder.exists()
    assert ahead.pids == []


def test_no_worker_where_forking_is_unsafe_or_useless(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PACSITE_WORKERS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # this process alone
    assert workers(10) == 0  # a few pages: not worth a process
    if sys.platform.startswith("linux"):
        assert workers(500) == 1
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
        assert workers(500) == 0  # one core
        monkeypatch.setenv("PACSITE_WORKERS", "2")
        assert workers(3) == 2  # as asked
        monkeypatch.setattr(threading, "active_count", lambda: 2)
        assert workers(500) == 0  # another thread (mkdocs serve): never fork, even if asked
    monkeypatch.setenv("PACSITE_WORKERS", "0")
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert workers(10_000) == 0


def _site(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
import pacsite.ahead as ahead

started = []
original = ahead.Ahead.__init__
def counted(self, *args, **kwargs):
    started.append(len(args[0]))
    original(self, *args, **kwargs)
ahead.Ahead.__init__ = counted
build(load_config(sys.argv[1], site_dir=sys.argv[2]))
print("AHEAD", len(started))
"""


@linux
def test_the_example_site_is_the_same_bytes_with_and_without_workers(tmp_path: Path) -> None:
    # in fresh interpreters: this one may run threads (browser tests), where nothing is forked
    sites, started = {}, {}
    for count in ("0", "1"):
        out = tmp_path / f"site-{count}"
        run = subprocess.run(
            [sys.executable, "-c", BUILD, str(ROOT / "mkdocs.yml"), str(out)],
            capture_output=True,
            text=True,
            env={**os.environ, "PACSITE_WORKERS": count, "NO_MKDOCS_2_WARNING": "1"},
            timeout=600,
        )
        assert run.returncode == 0, run.stderr[-2000:]
        started[count] = int(run.stdout.split("AHEAD")[-1])
        sites[count] = _site(out)
    assert started == {"0": 0, "1": 2}  # the plans' worker and the pages' worker
    assert len(sites["0"]) > 100
    assert sites["0"] == sites["1"]
