"""What tells a plan unchanged between two runs of one process (`mkdocs serve`): the contents
of its files, and what else its pages depend on (options, overriding templates, git HEAD)."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Sequence
from pathlib import Path

from .load import LoadedPlan
from .settings import Settings, SiteFacts

__all__ = ["dependencies", "files_under", "fingerprint", "signature"]


def files_under(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def dependencies(loaded: LoadedPlan) -> tuple[Path, ...]:
    """Files a plan was read from: its folder's files, or its file and the results it names."""
    source = loaded.source
    if source.is_folder:
        return tuple(files_under(source.root))
    extra = [(source.base_dir / r.file) for r in loaded.plan.results]
    for pulled in loaded.plan.sources:  # what `pacsite pull` wrote, and its sidecar
        extra += [source.base_dir / pulled.path, source.base_dir / pulled.sidecar]
    return (source.root, *[p for p in extra if p.is_file()])


def fingerprint(root: Path, deps: Sequence[Path]) -> str:
    """A hash of the contents of a plan's files (a folder plan's current files, else `deps`)."""
    files = files_under(root) if root.is_dir() else sorted({root, *deps})
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()


def signature(settings: Settings, site: SiteFacts) -> str:
    """What else a plan's pages depend on: options, overriding templates, git HEAD (history)."""
    digest = hashlib.sha256(repr((settings, site)).encode("utf-8"))
    for folder in site.template_dirs:
        for path in files_under(folder / "pacsite"):
            digest.update(path.read_bytes())
    if settings.history:
        try:
            head = subprocess.run(
                ["git", "rev-parse", "HEAD"],
                cwd=site.plans_dir(settings),
                capture_output=True,
                text=True,
                check=False,
            ).stdout
        except OSError:
            head = ""
        digest.update(head.encode())
    return str(digest.hexdigest())
