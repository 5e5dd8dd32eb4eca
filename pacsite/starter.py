"""`pacsite init`: a ready plan repository — site configuration, a starter plan, CI files."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import metadata, resources
from pathlib import Path
from typing import Literal

from .analysis import build_date

__all__ = ["Host", "create_repository", "starter_files"]

Host = Literal["github", "gitlab", "intranet"]
_PINNED = ("pacsite", "mkdocs", "mkdocs-material")


def _read(*parts: str) -> str:
    return resources.files("pacsite").joinpath("scaffold", *parts).read_text(encoding="utf-8")


def requirements() -> str:
    """Pinned versions of what builds the site, as installed here."""
    lines = ["# The versions this repository was created with: update them together, deliberately."]
    for name in _PINNED:
        try:
            lines.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(name)
    return "\n".join(lines) + "\n"


Visibility = Literal["public", "internal"]


def default_visibility(host: Host) -> Visibility:
    """An intranet site is internal; a GitHub or GitLab Pages site may be read by anyone."""
    return "internal" if host == "intranet" else "public"


def starter_files(
    language: Literal["fr", "en"],
    host: Host,
    *,
    name: str,
    visibility: Visibility | None = None,
) -> Iterator[tuple[str, str]]:
    """(path, text) of every file of a new plan repository."""
    year = str(build_date().year)
    words = {
        "fr": ("Plans d'action commerciaux", "Mode sombre", "Mode clair"),
        "en": ("Commercial action plans", "Dark mode", "Light mode"),
    }[language]
    site_url = {
        "github": "https://example.github.io/" + name + "/",
        "gitlab": "https://example.gitlab.io/" + name + "/",
        "intranet": "https://intranet.example.com/" + name + "/",
    }[host]
    config = (
        _read("common", "mkdocs.yml")
        .replace("@SITE_NAME@", words[0])
        .replace("@LANGUAGE@", language)
        .replace("@DARK@", words[1])
        .replace("@LIGHT@", words[2])
        .replace("@SITE_URL@", site_url)
        .replace("@VISIBILITY@", visibility or default_visibility(host))
    )
    yield "mkdocs.yml", config
    yield "requirements.txt", requirements()
    yield ".gitignore", _read("common", "gitignore")
    yield "docs/index.md", _read("common", f"index.{language}.md")
    plan_id = f"pac-{year}"
    yield (
        f"plans/{plan_id}/plan.yaml",
        _read("common", f"plan.{language}.yaml").replace("@YEAR@", year),
    )
    yield f"plans/{plan_id}/results/.gitkeep", ""
    if host == "github":
        yield ".github/workflows/pac.yml", _read("github", "pac.yml")
    elif host == "gitlab":
        yield ".gitlab-ci.yml", _read("gitlab", "gitlab-ci.yml")
    else:
        yield "publish.sh", _read("intranet", "publish.sh")


def create_repository(
    folder: Path,
    language: Literal["fr", "en"] = "fr",
    host: Host = "github",
    visibility: Visibility | None = None,
) -> list[Path]:
    """Write a new plan repository into `folder` (which must be empty or absent).

    Raises:
        FileExistsError: `folder` holds files already.
    """
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty: pacsite init only writes into a new folder")
    written = []
    files = starter_files(language, host, name=folder.resolve().name, visibility=visibility)
    for relative, text in files:
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if relative.endswith(".sh"):
            path.chmod(0o755)
        written.append(path)
    return written
