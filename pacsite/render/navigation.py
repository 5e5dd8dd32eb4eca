"""The site's navigation: the user's own (or their pages nested by folder, as MkDocs nests them
when `mkdocs.yml` has no `nav`), then the plans' sections."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath
from typing import Any

__all__ = ["nest_paths", "site_nav"]


def _folder_title(name: str) -> str:
    """`plans-2026` → `Plans 2026`; a name with capitals stays as written."""
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def nest_paths(paths: Iterable[str]) -> list[Any]:
    """Pages nested in sections by folder, in the order given (MkDocs's own default nav)."""
    nested: list[Any] = []
    for path in paths:
        branch = nested
        for part in PurePosixPath(path).parent.parts:
            title = _folder_title(part)
            found = next((n[title] for n in branch if isinstance(n, dict) and title in n), None)
            if found is None:
                found = []
                branch.append({title: found})
            branch = found
        branch.append(path)
    return nested


def site_nav(configured: list[Any] | None, pages: Sequence[str], ours: Sequence[Any]) -> list[Any]:
    """The user's `nav` (else their pages, `pages`, nested by folder), then the plans' `ours`."""
    return [*(configured if configured is not None else nest_paths(pages)), *ours]
